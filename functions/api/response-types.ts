import type { z } from 'zod';
import type { ProblemBody } from '../commons/http/problem';
import type { Fits, Problem, Same } from '../contracts';
import type { Route } from '../definition/routes';
import type { recordCallbackOutcome, cancelCallback, getCallback, listCallbacks, requestCallback } from '../use-cases/callbacks';
import type { getCase, getCaseContext, openCase, updateCase } from '../use-cases/cases';
import type { findCustomer, getCustomer, getTimeline, mergeCustomers, updateCustomerAttributes } from '../use-cases/customers';
import type { escalateCase } from '../use-cases/escalations';
import type { declareIncident, getIncident, listActiveIncidents, updateIncident } from '../use-cases/incidents';
import type { getPreferences, putPreferences } from '../use-cases/preferences';
import type { queueStatuses } from '../use-cases/queue-status';
import type { recordInteraction } from '../use-cases/record-interaction';

/**
 * Every route's success schema, tied to what its handler sends: the use case's result, which is
 * a domain type (a case, a callback) or a view of one (a profile without its storage fields, a
 * page). The contracts cannot import the use cases (the declaration depends only on the domain and
 * the contracts), so the tie lives here, where handlers meet both. Nothing imports this module
 * (no bundle carries it); `tsc` checks it. A route missing here, a field added to a result and not
 * to its schema (or the other way round), or a type changed on one side fails the type check.
 */
type Result<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

interface Sent {
  'GET /health': { status: 'ok'; clientId: string; time: string };
  /** The document is built from the routes; its schema only promises an `openapi` version and more. */
  'GET /openapi.json': { [key: string]: unknown; openapi: string };
  'POST /interactions': Result<typeof recordInteraction>;
  'GET /customers': Result<typeof findCustomer>;
  'GET /customers/{customerId}': Result<typeof getCustomer>;
  'PATCH /customers/{customerId}': Result<typeof updateCustomerAttributes>;
  'GET /customers/{customerId}/timeline': Result<typeof getTimeline>;
  'POST /customers/{customerId}/merge': Result<typeof mergeCustomers>;
  'POST /cases': Result<typeof openCase>;
  'GET /cases/{caseId}': Result<typeof getCase>;
  'PATCH /cases/{caseId}': Result<typeof updateCase>;
  'GET /cases/{caseId}/context': Result<typeof getCaseContext>;
  'POST /cases/{caseId}/escalations': Result<typeof escalateCase>;
  'GET /queues': Result<typeof queueStatuses>;
  'GET /customers/{customerId}/preferences': Result<typeof getPreferences>;
  'PUT /customers/{customerId}/preferences': Result<typeof putPreferences>;
  'POST /incidents': Result<typeof declareIncident>;
  'GET /incidents': Result<typeof listActiveIncidents>;
  'GET /incidents/{incidentId}': Result<typeof getIncident>;
  'PATCH /incidents/{incidentId}': Result<typeof updateIncident>;
  'POST /callbacks': Result<typeof requestCallback>['callback'];
  'GET /customers/{customerId}/callbacks': Result<typeof listCallbacks>;
  'GET /callbacks/{callbackId}': Result<typeof getCallback>;
  'DELETE /callbacks/{callbackId}': Result<typeof cancelCallback>;
  'POST /callbacks/{callbackId}/outcome': Result<typeof recordCallbackOutcome>;
}

/** `METHOD /path` of each declared route (not every method with every path). */
type DeclaredKey = Route extends infer R ? (R extends Route ? `${R['method']} ${R['path']}` : never) : never;
type SchemaOf<K extends DeclaredKey> = (Route extends infer R ? (R extends Route ? (`${R['method']} ${R['path']}` extends K ? R : never) : never) : never)['success']['schema'];

/**
 * Routes whose result is a narrower case of a schema they share with another route: an incident
 * as written (the delivery counts only a read adds) or as read (with them, always); a callback
 * with or without the live wait estimate only a request adds; preferences once written (their
 * `updatedAt` always set); a timeline page, whose entries are those narrower cases. These must fit
 * their schema (every result valid, no field undescribed); every other route's result must be its
 * schema's shape exactly.
 */
type Narrower =
  | 'PUT /customers/{customerId}/preferences'
  | 'POST /incidents'
  | 'PATCH /incidents/{incidentId}'
  | 'GET /incidents/{incidentId}'
  | 'POST /callbacks'
  | 'GET /customers/{customerId}/callbacks'
  | 'GET /callbacks/{callbackId}'
  | 'DELETE /callbacks/{callbackId}'
  | 'POST /callbacks/{callbackId}/outcome'
  | 'GET /customers/{customerId}/timeline';

type Tie<K extends DeclaredKey & keyof Sent> = K extends Narrower ? Fits<z.output<SchemaOf<K>>, Sent[K]> : Same<z.output<SchemaOf<K>>, Sent[K]>;

/** Per route: `true` when it keeps its tie; a route of the declaration missing from `Sent` is named as such. */
type Ties = { [K in DeclaredKey]: K extends keyof Sent ? Tie<K> : 'missing from Sent' };
type Broken = { [K in keyof Ties]: Ties[K] extends true ? never : K }[keyof Ties] | Exclude<keyof Sent, DeclaredKey>;

/** Compiles only when every route keeps its tie; else the error names the routes that do not (or that `Sent` names but nobody declares). */
export const responseTies: [Broken] extends [never] ? true : Broken = true;

/** Every error answer: the Problem schema is the body `HttpProblem` writes, field for field. */
export const problemTie: Same<z.output<typeof Problem>, ProblemBody> = true;
