import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { HttpEvent } from './principal';

const correlationIdPattern = /^[A-Za-z0-9._:-]{1,100}$/;

/** The caller's `x-correlation-id` when it is sane, else API Gateway's request id. */
export function correlationIdOf(event: HttpEvent): string {
  const header = event.headers?.['x-correlation-id'];
  return header && correlationIdPattern.test(header) ? header : event.requestContext.requestId;
}

export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  contentType = 'application/json',
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: status,
    headers: { 'content-type': `${contentType}; charset=utf-8`, 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}
