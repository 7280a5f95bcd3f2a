import type { ApplicationError } from '../../use-cases/errors';
import { type HttpProblem, problems } from './problem';

/**
 * The problem+json each refusal of a use case answers with (docs/problems.md). The use cases say
 * what went wrong in their own terms; the status, type and title are HTTP's business, decided here.
 */
export function problemOf(error: ApplicationError): HttpProblem {
  switch (error.kind) {
    case 'invalid-input':
      return problems.validation(error.errors);
    case 'not-found':
      return problems.notFoundSaying(error.message);
    case 'forbidden':
      return problems.forbidden(error.message, error.field);
    case 'conflict':
      return problems.conflict(error.message, error.field);
    case 'gone':
      return problems.gone(error.message);
    case 'unknown-reference':
      return problems.unknownReference(error.field, error.message);
    case 'unprocessable':
      return problems.unprocessable(error.field, error.message);
    case 'outside-business-hours':
      return problems.outsideBusinessHours(error.nextWindow.from, error.nextWindow.to);
    default:
      return error satisfies never;
  }
}
