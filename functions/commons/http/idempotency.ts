import { IdempotencyAlreadyInProgressError, IdempotencyConfig, IdempotencyValidationError, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { dynamoDbClient } from '../../adapters/dynamodb/client';
import type { Principal } from '../../domain/roles';
import { defaultRetentionSeconds } from '../../domain/retention';
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

type Respond = (event: HttpEvent, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

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
 */
export function idempotent(respond: Respond): (call: IdempotentCall, context: Context) => Promise<APIGatewayProxyStructuredResultV2> {
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName: required('IDEMPOTENCY_TABLE_NAME'),
    awsSdkV3Client: dynamoDbClient,
  });
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'key',
    payloadValidationJmesPath: 'payload',
    throwOnNoIdempotencyKey: false,
    // The client's `retention.idempotencyHours` (24 by default): a stored response holds what the request returned.
    expiresAfterSeconds: settings().RETENTION_SECONDS?.idempotencyRecords ?? defaultRetentionSeconds.idempotencyRecords,
    responseHook: (response) => {
      const result = response as APIGatewayProxyStructuredResultV2;
      return { ...result, headers: { ...result.headers, 'idempotent-replayed': 'true' } };
    },
  });
  // The context as second argument makes Powertools register it: a lock of a call that dies
  // expires with the function's timeout, not after the 24 hours of a stored result.
  const once = makeIdempotent((call: IdempotentCall, context: Context) => respond(call.event, context), { persistenceStore, config });
  return async (call, context) => {
    try {
      return await once(call, context);
    } catch (error) {
      throw refusalOf(error);
    }
  };
}

/** Idempotency's own refusals as the problems the caller reads (any other error goes on as it is). */
function refusalOf(error: unknown): unknown {
  if (error instanceof IdempotencyValidationError) return problems.idempotencyKeyReused();
  if (error instanceof IdempotencyAlreadyInProgressError) return problems.idempotencyInProgress();
  return error;
}
