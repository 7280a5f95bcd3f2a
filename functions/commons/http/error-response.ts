import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { metrics } from '../powertools';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { correlationIdOf, jsonResponse } from './responses';
import type { HttpEvent } from './principal';
import { HttpProblem, problems } from './problem';
import { isApplicationError } from '../../use-cases/errors';
import { problemOf } from './application-problem';

/** DynamoDB and SDK throttling: the caller did nothing wrong and may retry. */
const throttlingErrors = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException']);

/**
 * Maps any error to a problem+json response: the HTTP layer's own problems as they are, a use
 * case's refusals by their kind (application-problem.ts). Problems the caller can fix keep their message;
 * anything else is a 500 whose details stay in the logs (middy's http-error-handler rule).
 * Idempotency's refusals arrive as problems already (./idempotency.ts maps them where they are
 * thrown, so that this module, on every route, does not import the idempotency package).
 */
export function toErrorResponse(error: unknown, event: HttpEvent, logger: Logger): APIGatewayProxyStructuredResultV2 {
  const problem = asProblem(error);
  metrics.addMetric(problem && problem.status < 500 ? 'Refused' : 'Failed', MetricUnit.Count, 1);
  if (problem) {
    if (problem.status >= 500) logger.warn('Request refused', { status: problem.status, slug: problem.slug });
    else logger.info('Request refused', { status: problem.status, slug: problem.slug, fields: problem.errors?.map((e) => e.field) });
    return problemResponse(problem, event);
  }
  logger.error('Unhandled error', error as Error);
  return problemResponse(new HttpProblem(500, 'internal-error', 'Internal error', 'Something went wrong on our side; it has been logged.'), event);
}

function asProblem(error: unknown): HttpProblem | undefined {
  if (error instanceof HttpProblem) return error;
  if (isApplicationError(error)) return problemOf(error);
  if (error instanceof Error && throttlingErrors.has(error.name)) return problems.busy();
  return undefined;
}

export function problemResponse(problem: HttpProblem, event: HttpEvent): APIGatewayProxyStructuredResultV2 {
  return jsonResponse(
    problem.status,
    problem.toBody(event.rawPath),
    { ...problem.headers, 'x-correlation-id': correlationIdOf(event) },
    'application/problem+json',
  );
}
