import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { dynamoDbClient } from '../../adapters/dynamodb/client';
import { required } from '../settings';

/**
 * The `Idempotency-Key` header, with Powertools idempotency. The key is scoped to the caller
 * (token subject) and the request (method and path), so two callers can't collide; the body is
 * the payload that must match (same key, other body → IdempotencyValidationError → 422). Without
 * the header the JMESPath yields null and the request is not idempotent (a plain POST).
 * Only successful responses are kept: an error deletes the record so a corrected retry runs.
 */
const idempotencyKeyPath =
  'headers."idempotency-key" && [requestContext.authorizer.jwt.claims.sub, requestContext.http.method, rawPath, headers."idempotency-key"]';

export function idempotencyMiddleware() {
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName: required('IDEMPOTENCY_TABLE_NAME'),
    awsSdkV3Client: dynamoDbClient,
  });
  const config = new IdempotencyConfig({
    eventKeyJmesPath: idempotencyKeyPath,
    payloadValidationJmesPath: 'body',
    throwOnNoIdempotencyKey: false,
    expiresAfterSeconds: 24 * 60 * 60,
    responseHook: (response) => {
      const result = response as APIGatewayProxyStructuredResultV2;
      return { ...result, headers: { ...result.headers, 'idempotent-replayed': 'true' } };
    },
  });
  return makeHandlerIdempotent({ persistenceStore, config });
}
