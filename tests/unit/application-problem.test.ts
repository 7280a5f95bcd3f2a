import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it } from 'vitest';
import { toErrorResponse } from '../../functions/commons/http/error-response';
import type { HttpEvent } from '../../functions/commons/http/principal';
import {
  Conflict,
  Forbidden,
  InvalidInput,
  NotFound,
  OutsideBusinessHours,
  UnknownReference,
  Unprocessable,
  type ApplicationError,
} from '../../functions/use-cases/errors';

// The bodies, statuses and headers below are what the use cases answered when they threw
// `problems.*` themselves (docs/problems.md): the mapping must give the same bytes.
const event = { rawPath: '/cases/c-1', headers: { 'x-correlation-id': 'corr-1' }, requestContext: { requestId: 'req-1' } } as unknown as HttpEvent;
const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });

const from = new Date('2026-11-23T08:00:00.000Z');
const to = new Date('2026-11-23T09:00:00.000Z');

const cases: { name: string; error: ApplicationError; status: number; body: Record<string, unknown> }[] = [
  {
    name: 'InvalidInput → 400 validation-error with the field errors',
    error: new InvalidInput([{ field: 'cursor', message: 'is not a cursor returned by this API' }]),
    status: 400,
    body: {
      type: 'urn:support:problem:validation-error',
      title: 'Invalid request',
      status: 400,
      detail: 'The request has invalid fields: see errors.',
      instance: '/cases/c-1',
      errors: [{ field: 'cursor', message: 'is not a cursor returned by this API' }],
    },
  },
  {
    name: 'NotFound.of → 404 not-found "X id does not exist."',
    error: NotFound.of('Case', 'c-1'),
    status: 404,
    body: { type: 'urn:support:problem:not-found', title: 'Not found', status: 404, detail: 'Case c-1 does not exist.', instance: '/cases/c-1' },
  },
  {
    name: 'NotFound in other words → 404 not-found with that detail',
    error: new NotFound('No customer is known by this email.'),
    status: 404,
    body: { type: 'urn:support:problem:not-found', title: 'Not found', status: 404, detail: 'No customer is known by this email.', instance: '/cases/c-1' },
  },
  {
    name: 'Forbidden with a field → 403 naming it',
    error: new Forbidden('Customers cannot set priority.', 'priority'),
    status: 403,
    body: {
      type: 'urn:support:problem:forbidden',
      title: 'Forbidden',
      status: 403,
      detail: 'Customers cannot set priority.',
      instance: '/cases/c-1',
      errors: [{ field: 'priority', message: 'Customers cannot set priority.' }],
    },
  },
  {
    name: 'Forbidden without a field → 403 without errors',
    error: new Forbidden('Customers can only access their own profile.'),
    status: 403,
    body: {
      type: 'urn:support:problem:forbidden',
      title: 'Forbidden',
      status: 403,
      detail: 'Customers can only access their own profile.',
      instance: '/cases/c-1',
    },
  },
  {
    name: 'Conflict with a field → 409 conflict naming it',
    error: new Conflict('The incident is resolved: declare a new one.', 'status'),
    status: 409,
    body: {
      type: 'urn:support:problem:conflict',
      title: 'Conflict',
      status: 409,
      detail: 'The incident is resolved: declare a new one.',
      instance: '/cases/c-1',
      errors: [{ field: 'status', message: 'The incident is resolved: declare a new one.' }],
    },
  },
  {
    name: 'Conflict without a field (attempts ran out) → 409 conflict without errors',
    error: new Conflict('The case kept changing: reload it and retry.'),
    status: 409,
    body: {
      type: 'urn:support:problem:conflict',
      title: 'Conflict',
      status: 409,
      detail: 'The case kept changing: reload it and retry.',
      instance: '/cases/c-1',
    },
  },
  {
    name: 'UnknownReference → 422 unknown-reference naming the field',
    error: new UnknownReference('customer.customerId', 'Customer cus_1 does not exist.'),
    status: 422,
    body: {
      type: 'urn:support:problem:unknown-reference',
      title: 'Unknown reference',
      status: 422,
      detail: 'Customer cus_1 does not exist.',
      instance: '/cases/c-1',
      errors: [{ field: 'customer.customerId', message: 'Customer cus_1 does not exist.' }],
    },
  },
  {
    name: 'Unprocessable → 422 unprocessable naming the field',
    error: new Unprocessable('caseId', 'The case belongs to another customer.'),
    status: 422,
    body: {
      type: 'urn:support:problem:unprocessable',
      title: 'Request cannot be applied',
      status: 422,
      detail: 'The case belongs to another customer.',
      instance: '/cases/c-1',
      errors: [{ field: 'caseId', message: 'The case belongs to another customer.' }],
    },
  },
  {
    name: 'OutsideBusinessHours → 409 outside-business-hours with nextWindow',
    error: new OutsideBusinessHours({ from, to }),
    status: 409,
    body: {
      type: 'urn:support:problem:outside-business-hours',
      title: 'Outside business hours',
      status: 409,
      detail:
        'Nobody can call back now. Next window: 2026-11-23T08:00:00.000Z to 2026-11-23T09:00:00.000Z. Ask for that window, or send scheduleIfClosed: true.',
      instance: '/cases/c-1',
      errors: [{ field: 'when', message: 'the next available window is 2026-11-23T08:00:00.000Z to 2026-11-23T09:00:00.000Z' }],
      nextWindow: { from: '2026-11-23T08:00:00.000Z', to: '2026-11-23T09:00:00.000Z' },
    },
  },
];

describe('Function: toErrorResponse (application errors)', () => {
  for (const { name, error, status, body } of cases) {
    it(`maps ${name}`, () => {
      // Act
      const response = toErrorResponse(error, event, logger);

      // Assess: same status, headers and bytes (members in the same order) as before.
      expect(response.statusCode).toBe(status);
      expect(response.headers).toEqual({
        'content-type': 'application/problem+json; charset=utf-8',
        'cache-control': 'no-store',
        'x-correlation-id': 'corr-1',
      });
      expect(response.body).toBe(JSON.stringify(body));
    });
  }

  it('keeps anything else a 500 whose message stays in the logs', () => {
    const response = toErrorResponse(new Error('table gone'), event, logger);
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body as string)).toMatchObject({ type: 'urn:support:problem:internal-error', status: 500 });
    expect(response.body).not.toContain('table gone');
  });
});
