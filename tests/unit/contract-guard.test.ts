import { describe, expect, it } from 'vitest';
import { findRoute, type RouteDefinition } from '../../functions/definition/routes';
import { contractViolation, documentedProblems, documentedStatuses, routeOf, unroutedViolation } from '../helpers/contract';

const route = (key: string): RouteDefinition => {
  const found = findRoute(key);
  if (!found) throw new Error(`no route ${key}`);
  return found;
};

const callback = {
  callbackId: 'cb_01JAAAAAAAAAAAAAAAAAAAAAAA',
  customerId: 'cus_01JAAAAAAAAAAAAAAAAAAAAAAA',
  phone: '+33612345678',
  asap: true,
  window: { from: '2026-11-23T10:00:00.000Z', to: '2026-11-23T17:00:00.000Z' },
  dueAt: '2026-11-23T10:00:00.000Z',
  status: 'requested',
  attempts: 0,
  requestedAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-23T10:00:00.000Z',
  history: [{ at: '2026-11-23T10:00:00.000Z', status: 'requested', attempt: 0 }],
  version: 1,
  estimatedWaitSeconds: 60,
};
const json = 'application/json; charset=utf-8';
const problemJson = 'application/problem+json';
const problem = { type: 'urn:support:problem:conflict', title: 'Conflict', status: 409, detail: 'x' };

describe('Function: contractViolation (the e2e guard of tests/helpers/runtime.ts apiClient)', () => {
  it('finds the declared route a request reached, by method and path template, ignoring the query', () => {
    expect(routeOf('GET', '/customers/cus_1/callbacks?limit=2')?.operationId).toBe('listCustomerCallbacks');
    expect(routeOf('GET', '/customers/cus_1')?.operationId).toBe('getCustomer');
    expect(routeOf('POST', '/callbacks/callback_1/outcome')?.operationId).toBe('recordCallbackOutcome');
    expect(routeOf('GET', '/nowhere')).toBeUndefined();
  });

  it('accepts every success status a route documents: POST /callbacks answers 201, and 200 for a repeat request', () => {
    expect(documentedStatuses(route('POST /callbacks'))).toEqual(expect.arrayContaining([200, 201]));
    expect(contractViolation(route('POST /callbacks'), { status: 201, contentType: json, body: callback })).toBeUndefined();
    expect(contractViolation(route('POST /callbacks'), { status: 200, contentType: json, body: callback })).toBeUndefined();
  });

  it('refuses a status the operation does not document', () => {
    expect(contractViolation(route('GET /callbacks/{callbackId}'), { status: 409, contentType: problemJson, body: problem })).toMatch(/does not document/);
    expect(contractViolation(route('POST /callbacks'), { status: 202, contentType: json, body: callback })).toMatch(/does not document/);
    expect(contractViolation(route('GET /callbacks/{callbackId}'), { status: 500, contentType: problemJson, body: { ...problem, status: 500 } })).toMatch(
      /does not document/,
    );
  });

  it('refuses a body its schema refuses, a field nobody documented, or the wrong content type', () => {
    const get = route('GET /callbacks/{callbackId}');
    expect(contractViolation(get, { status: 200, contentType: json, body: { ...callback, status: 'lost' } })).toMatch(/schema refuses: status/);
    expect(contractViolation(get, { status: 200, contentType: json, body: { ...callback, history: [{ ...callback.history[0], secret: 1 }] } })).toMatch(
      /does not describe: history\[0\]\.secret/,
    );
    expect(contractViolation(get, { status: 404, contentType: problemJson, body: { ...problem, status: 404, stack: 'at …' } })).toMatch(
      /does not describe: stack/,
    );
    expect(contractViolation(get, { status: 404, contentType: json, body: { ...problem, status: 404 } })).toMatch(/not application\/problem\+json/);
  });

  it("refuses a success body missing a field its schema requires, or one of another route's shape", () => {
    const { version: _version, ...withoutVersion } = callback;
    expect(contractViolation(route('GET /callbacks/{callbackId}'), { status: 200, contentType: json, body: withoutVersion })).toMatch(
      /schema refuses: version/,
    );
    expect(contractViolation(route('GET /cases/{caseId}'), { status: 200, contentType: json, body: callback })).toMatch(/schema refuses/);
  });

  it('refuses a problem whose status member is not the response status, or whose type docs/problems.md does not list under it', () => {
    const get = route('GET /callbacks/{callbackId}');
    expect(
      contractViolation(get, { status: 404, contentType: problemJson, body: { ...problem, type: 'urn:support:problem:not-found', status: 404 } }),
    ).toBeUndefined();
    expect(contractViolation(get, { status: 404, contentType: problemJson, body: { ...problem, type: 'urn:support:problem:not-found', status: 400 } })).toMatch(
      /status member is 400/,
    );
    expect(contractViolation(get, { status: 404, contentType: problemJson, body: { ...problem, type: 'urn:support:problem:gone', status: 404 } })).toMatch(
      /does not list under 404/,
    );
    expect(contractViolation(get, { status: 404, contentType: problemJson, body: { ...problem, type: 'urn:support:problem:conflict', status: 404 } })).toMatch(
      /does not list under 404/,
    );
    expect(contractViolation(get, { status: 404, contentType: problemJson, body: { ...problem, type: 'about:blank', status: 404 } })).toMatch(/does not list/);
  });

  it('reads the problem types from docs/problems.md', () => {
    expect(documentedProblems).toContain('409 outside-business-hours');
    expect(documentedProblems).toContain('400 validation-error');
    expect(documentedProblems).not.toContain('404 conflict');
  });

  it("holds a request no route matches to the gateway's 404 problem", () => {
    const notFound = { type: 'urn:support:problem:not-found', title: 'Not found', status: 404, detail: 'Route GET /nowhere was not found.' };
    expect(unroutedViolation('GET /nowhere', { status: 404, contentType: problemJson, body: notFound })).toBeUndefined();
    expect(unroutedViolation('GET /nowhere', { status: 200, contentType: json, body: {} })).toMatch(/gateway answers 404/);
    expect(unroutedViolation('GET /nowhere', { status: 404, contentType: json, body: notFound })).toMatch(/not application\/problem\+json/);
    expect(unroutedViolation('GET /nowhere', { status: 404, contentType: problemJson, body: { ...notFound, trace: 'x' } })).toMatch(/does not describe: trace/);
  });
});
