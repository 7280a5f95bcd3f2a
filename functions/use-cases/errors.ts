/**
 * What a use case refuses because of what the caller asked: the caller can fix it. Use cases
 * throw these, never HTTP problems; the HTTP handler maps each kind to its problem+json response
 * (functions/commons/http/application-problem.ts), and docs/problems.md lists them. Anything else a
 * use case throws is a fault of ours (a 500, or a retried message for a worker).
 */
export type ApplicationError = InvalidInput | NotFound | Forbidden | Conflict | Gone | UnknownReference | Unprocessable | OutsideBusinessHours;

/** A field the caller got wrong, and why. */
export interface FieldError {
  /** Dotted path of the offending field, e.g. `customer.email`; `(body)` for the whole body, `(query)` for the query. */
  field: string;
  message: string;
}

abstract class Refusal extends Error {
  abstract readonly kind: string;
}

/** A refusal about one field of the body: the field, then why. */
abstract class FieldRefusal extends Refusal {
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(detail);
  }
}

/** Fields that are wrong whatever the state (a channel this client does not use, a date in the future, a forged cursor). */
export class InvalidInput extends Refusal {
  override readonly name = 'InvalidInput';
  readonly kind = 'invalid-input';
  constructor(readonly errors: FieldError[]) {
    super(errors.map((error) => `${error.field} ${error.message}`).join('; '));
  }
}

/** What the request names (in its path) does not exist, or is hidden from this caller so ids cannot be probed. */
export class NotFound extends Refusal {
  override readonly name = 'NotFound';
  readonly kind = 'not-found';
  /** `Case c-1 does not exist.` */
  static of(what: string, id: string): NotFound {
    return new NotFound(`${what} ${id} does not exist.`);
  }
}

/** The caller may not do this (a customer reaching for someone else's profile, a field only staff set). */
export class Forbidden extends Refusal {
  override readonly name = 'Forbidden';
  readonly kind = 'forbidden';
  constructor(
    detail: string,
    readonly field?: string,
  ) {
    super(detail);
  }
}

/** The change is not allowed in the current state, or the state kept changing under it (see retryOnConflict). */
export class Conflict extends Refusal {
  override readonly name = 'Conflict';
  readonly kind = 'conflict';
  constructor(
    detail: string,
    readonly field?: string,
  ) {
    super(detail);
  }
}

/** What the request names existed but is over for good (a survey link past its closing date): asking again will not help. */
export class Gone extends Refusal {
  override readonly name = 'Gone';
  readonly kind = 'gone';
}

/** An id in the body names nothing (`caseId`, `customer.customerId`). */
export class UnknownReference extends FieldRefusal {
  override readonly name = 'UnknownReference';
  readonly kind = 'unknown-reference';
}

/** The request is valid but cannot apply (a case of another customer, merging a profile into itself). */
export class Unprocessable extends FieldRefusal {
  override readonly name = 'Unprocessable';
  readonly kind = 'unprocessable';
}

/** An `asap` callback while nobody can call: the next window the caller may ask for instead. */
export class OutsideBusinessHours extends Refusal {
  override readonly name = 'OutsideBusinessHours';
  readonly kind = 'outside-business-hours';
  constructor(readonly nextWindow: { from: Date; to: Date }) {
    super(`Outside business hours: next window ${nextWindow.from.toISOString()} to ${nextWindow.to.toISOString()}`);
  }
}

/** Whether an error is one of the refusals above (as opposed to a fault). */
export function isApplicationError(error: unknown): error is ApplicationError {
  return error instanceof Refusal;
}
