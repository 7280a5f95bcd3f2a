import type { z } from 'zod/mini';
import type { Problem, Same } from '../../contracts';
import type { FieldError } from '../../use-cases/errors';

/**
 * RFC 9457 problem details. The HTTP layer throws these for anything the caller can fix (a body
 * that does not parse, a missing role); use cases throw their own refusals
 * (functions/use-cases/errors.ts), which application-problem.ts maps to these. The handler turns
 * them into `application/problem+json` responses. Every type is listed in docs/problems.md.
 */
export type { FieldError };

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  /** Extension member of `outside-business-hours` (RFC 9457 §3.2): the next window, machine-readable. */
  nextWindow?: { from: string; to: string };
}

/** The Problem schema of the contracts (the OpenAPI document's error body) is this body, field for field: tsc checks it. */
export const problemTie: Same<z.output<typeof Problem>, ProblemBody> = true;

/** RFC 9457 extension members a problem type may add to the body. */
export type ProblemExtensions = Pick<ProblemBody, 'nextWindow'>;

export const problemTypeBase = 'urn:support:problem:';

export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';

  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    detail?: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
    readonly extensions: ProblemExtensions = {},
  ) {
    super(detail ?? title);
  }

  toBody(instance?: string): ProblemBody {
    return {
      type: `${problemTypeBase}${this.slug}`,
      title: this.title,
      status: this.status,
      detail: this.message,
      ...(instance ? { instance } : {}),
      ...(this.errors?.length ? { errors: this.errors } : {}),
      ...this.extensions,
    };
  }
}

export const problems = {
  validation: (errors: FieldError[], detail = 'The request has invalid fields: see errors.') =>
    new HttpProblem(400, 'validation-error', 'Invalid request', detail, errors),
  malformedJson: (detail: string) => new HttpProblem(400, 'malformed-json', 'Malformed JSON body', detail, [{ field: '(body)', message: detail }]),
  unsupportedMediaType: (detail = 'Send the body as application/json.') => new HttpProblem(415, 'unsupported-media-type', 'Unsupported media type', detail),
  tooLarge: (limit: number) => new HttpProblem(413, 'payload-too-large', 'Request body too large', `The body must be at most ${limit} bytes.`),
  unauthorized: (detail = 'A valid bearer token is required.') =>
    new HttpProblem(401, 'unauthorized', 'Unauthorized', detail, undefined, {
      'www-authenticate': 'Bearer',
    }),
  forbidden: (detail: string, field?: string) => new HttpProblem(403, 'forbidden', 'Forbidden', detail, field ? [{ field, message: detail }] : undefined),
  notFound: (what: string, id: string) => notFound(`${what} ${id} does not exist.`),
  /** A 404 in the words of whoever looked (a use case's refusal: "No customer is known by this email."). */
  notFoundSaying: (detail: string) => notFound(detail),
  /** What the path names is over for good (a survey link past its closing date). */
  gone: (detail: string) => new HttpProblem(410, 'gone', 'Gone', detail),
  unknownReference: (field: string, detail: string) => new HttpProblem(422, 'unknown-reference', 'Unknown reference', detail, [{ field, message: detail }]),
  unprocessable: (field: string, detail: string) => new HttpProblem(422, 'unprocessable', 'Request cannot be applied', detail, [{ field, message: detail }]),
  outsideBusinessHours: (from: Date, to: Date) =>
    new HttpProblem(
      409,
      'outside-business-hours',
      'Outside business hours',
      `Nobody can call back now. Next window: ${from.toISOString()} to ${to.toISOString()}. Ask for that window, or send scheduleIfClosed: true.`,
      [{ field: 'when', message: `the next available window is ${from.toISOString()} to ${to.toISOString()}` }],
      {},
      { nextWindow: { from: from.toISOString(), to: to.toISOString() } },
    ),
  conflict: (detail: string, field?: string) => new HttpProblem(409, 'conflict', 'Conflict', detail, field ? [{ field, message: detail }] : undefined),
  idempotencyKeyReused: () =>
    new HttpProblem(
      422,
      'idempotency-key-reused',
      'Idempotency-Key reused with a different request',
      'This Idempotency-Key was already used with another body. Use a new key for a new request.',
      [{ field: 'Idempotency-Key', message: 'already used with a different body' }],
    ),
  idempotencyInProgress: () =>
    new HttpProblem(
      409,
      'idempotency-in-progress',
      'Request still in progress',
      'A request with this Idempotency-Key is still being processed: retry in a moment.',
      undefined,
      retryAfter(1),
    ),
  /** A counted caller (a customer, a public caller's address) spent its requests of the current window. */
  rateLimited: (retryAfterSeconds: number, limit: number, windowSeconds: number) =>
    new HttpProblem(
      429,
      'rate-limited',
      'Too many requests from this caller',
      `This caller may send ${limit} requests every ${windowSeconds} s: retry in ${retryAfterSeconds} s.`,
      undefined,
      retryAfter(retryAfterSeconds),
    ),
  /** Every 429 says when to come back: the OpenAPI document promises a `retry-after` header. */
  tooManyRequests: (retryAfterSeconds: number, detail = 'The API throttling limit was reached: retry after the retry-after header.') =>
    new HttpProblem(429, 'too-many-requests', 'Too many requests', detail, undefined, retryAfter(retryAfterSeconds)),
  busy: () => new HttpProblem(503, 'temporarily-unavailable', 'Temporarily unavailable', 'The service is busy: retry in a moment.', undefined, retryAfter(1)),
};

function notFound(detail: string): HttpProblem {
  return new HttpProblem(404, 'not-found', 'Not found', detail);
}

/** The `Retry-After` header every 409-in-progress, 429 and 503 carries: whole seconds, at least 1 (as the OpenAPI document says). */
function retryAfter(seconds: number): Record<string, string> {
  return { 'retry-after': String(Math.max(1, Math.ceil(seconds))) };
}
