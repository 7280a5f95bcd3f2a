import { IdempotencyAlreadyInProgressError, IdempotencyConfig, IdempotencyValidationError, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { documentClient, dynamoDbClient } from '../../adapters/dynamodb/client';
import { writeIdempotencyReferences } from '../../adapters/dynamodb/idempotency-references';
import type { Principal } from '../../domain/roles';
import { defaultRetentionSeconds } from '../../domain/retention';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger, metrics } from '../powertools';
import { required, settings } from '../settings';
import type { HttpEvent } from './principal';
import { problems } from './problem';

/**
 * What Powertools idempotency sees of one request: `key` is hashed into the record's id, `payload`
 * into the hash that a retry must match. The event rides along for the handler; it is not hashed.
 */
export interface IdempotentCall {
  /** The caller, the method, the path and the Idempotency-Key; null without the header (nothing is kept). */
  key: IdempotencyScope | null;
  /** What a retry must repeat: the validated body and query, so `A@x.com` and `a@x.com` are one request. */
  payload: { body: unknown; query: unknown };
  event: HttpEvent;
}

interface IdempotencyScope {
  issuer: string;
  subject: string;
  /** Sorted: the same caller with its roles in another order is the same caller. */
  roles: string[];
  customerId: string;
  method: string;
  path: string;
  idempotencyKey: string;
}

/**
 * The key space of a request: the whole principal (token issuer, subject, roles and the customer it
 * acts for), not the subject alone, so a customer whose subject equals an agent's id never gets
 * the agent's stored response; then the method and the path, then the header.
 */
export function idempotentCall(event: HttpEvent, principal: Principal | undefined, request: { body: unknown; query: unknown }): IdempotentCall {
  const idempotencyKey = event.headers?.['idempotency-key'];
  const issuer = event.requestContext.authorizer?.jwt?.claims?.iss;
  return {
    key: idempotencyKey
      ? {
          issuer: typeof issuer === 'string' ? issuer : '',
          subject: principal?.subject ?? '',
          roles: [...(principal?.roles ?? [])].sort(),
          customerId: principal?.customerId ?? '',
          method: event.requestContext.http.method,
          path: event.rawPath,
          idempotencyKey,
        }
      : null,
    payload: { body: request.body ?? null, query: request.query ?? null },
    event,
  };
}

/** What a call answered, and the customers whose data the answer holds. */
export interface Answer {
  response: APIGatewayProxyStructuredResultV2;
  /**
   * The customers the request acted for, whose data its response holds (an interaction's text, a
   * callback's phone): its stored response is referenced under each, so that their erasure
   * deletes it. Empty when it holds nobody's (an incident, an article, an erasure request).
   */
  customerIds: readonly string[];
}

type Respond = (event: HttpEvent, context: Context) => Promise<Answer>;

/**
 * Powertools' DynamoDB persistence, telling the id it gives the record of a call (its key prefix,
 * then a hash of `call.key`): what a reference under the customer names. Powertools computes it
 * with a protected method, meant for persistence layers that extend it; this one only reads it.
 */
class ReferencedPersistenceLayer extends DynamoDBPersistenceLayer {
  recordIdOf(call: IdempotentCall): string {
    // The data Powertools hashes is the call itself (the first argument of the wrapped function).
    return this.getHashedIdempotencyKey(call as never);
  }
}

/**
 * The JMESPath expressions of the idempotency config, over an `IdempotentCall`: the key, and the
 * validated request a retry must repeat. Top-level field names only: the Lambda bundles evaluate
 * them with a stand-in for the JMESPath engine (lib/bundle-shims/jmespath).
 */
export const idempotencyExpressions = { eventKey: 'key', payloadValidation: 'payload' } as const;

/**
 * Makes `respond` idempotent with Powertools' function wrapper (`makeIdempotent`), not its middy
 * middleware: the middleware (2.35, the latest release) deletes the record on every error,
 * including the 422 and 409 it raises itself for a retry, which freed the first request's stored
 * result or lock and let the next retry write again (powertools-lambda-typescript#5675). The
 * wrapper deletes a record only when the call that took it fails.
 *
 * Rules: same key and payload → the stored response, with `idempotent-replayed: true`; another
 * payload → IdempotencyValidationError (422); while the first call runs → IdempotencyAlreadyInProgressError
 * (409, the lock stays until that call ends or its Lambda times out). Only successes are kept: a
 * refusal of the use case (any 4xx) wrote nothing, so its record is deleted and a retry with the
 * same key runs again against the state it finds. Validation and authorisation refuse before this.
 *
 * A stored response that holds a customer's data is referenced under them (`Answer.customerIds`,
 * functions/adapters/dynamodb/idempotency-references.ts) before Powertools stores it, so their
 * erasure deletes it at once rather than leaving it to its retention. A replay writes nothing.
 */
export function idempotent(respond: Respond): (call: IdempotentCall, context: Context) => Promise<APIGatewayProxyStructuredResultV2> {
  const persistenceStore = new ReferencedPersistenceLayer({
    tableName: required('IDEMPOTENCY_TABLE_NAME'),
    awsSdkV3Client: dynamoDbClient,
  });
  // The client's `retention.idempotencyHours` (24 by default): a stored response holds what the request returned.
  const expiresAfterSeconds = settings().RETENTION_SECONDS?.idempotencyRecords ?? defaultRetentionSeconds.idempotencyRecords;
  const config = new IdempotencyConfig({
    eventKeyJmesPath: idempotencyExpressions.eventKey,
    payloadValidationJmesPath: idempotencyExpressions.payloadValidation,
    throwOnNoIdempotencyKey: false,
    expiresAfterSeconds,
    responseHook: (response) => {
      const result = response as APIGatewayProxyStructuredResultV2;
      return { ...result, headers: { ...result.headers, 'idempotent-replayed': 'true' } };
    },
  });
  // The context as second argument makes Powertools register it: a lock of a call that dies
  // expires with the function's timeout, not after the 24 hours of a stored result.
  const once = makeIdempotent(
    async (call: IdempotentCall, context: Context) => {
      const { response, customerIds } = await respond(call.event, context);
      // Without a key nothing is stored (Powertools skips the call), so there is nothing to refer to.
      if (call.key && customerIds.length > 0) await refer(persistenceStore.recordIdOf(call), customerIds, expiresAfterSeconds);
      return response;
    },
    { persistenceStore, config },
  );
  return async (call, context) => {
    try {
      return await once(call, context);
    } catch (error) {
      throw refusalOf(error);
    }
  };
}

/**
 * Writes the references of a record that is about to be stored. Written here, after the use case
 * and before Powertools stores the response, so a record is never stored without them. A failure
 * does not fail the request: the use case's writes are done, and failing now would delete the lock
 * and let a retry write them twice. The record then goes only with its retention (24 h by
 * default), as it did before references: counted (`IdempotencyReferenceFailed`) and logged with
 * the customer ids only (runbook).
 */
async function refer(recordId: string, customerIds: readonly string[], expiresAfterSeconds: number): Promise<void> {
  try {
    await writeIdempotencyReferences(documentClient, required('TABLE_NAME'), customerIds, recordId, Math.round(Date.now() / 1000) + expiresAfterSeconds);
  } catch (error) {
    metrics.addMetric('IdempotencyReferenceFailed', MetricUnit.Count, 1);
    logger.warn('An Idempotency-Key record was stored without its references: it goes with its retention, not with an erasure', {
      customerIds,
      error: (error as Error).name,
    });
  }
}

/** Idempotency's own refusals as the problems the caller reads (any other error goes on as it is). */
function refusalOf(error: unknown): unknown {
  if (error instanceof IdempotencyValidationError) return problems.idempotencyKeyReused();
  if (error instanceof IdempotencyAlreadyInProgressError) return problems.idempotencyInProgress();
  return error;
}
