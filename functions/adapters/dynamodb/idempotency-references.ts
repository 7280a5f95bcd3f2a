import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from './keys';

/**
 * How much longer a reference is kept than the record it leads to. DynamoDB deletes an expired
 * item days late (AWS: "within a few days"), and until then the record still holds its response:
 * the reference must outlive the record's deletion, not only its expiry, or an erasure in between
 * would miss it. A reference is about 150 bytes, so the week costs next to nothing.
 */
export const idempotencyReferenceMarginSeconds = 7 * 86_400;

/**
 * Writes, under each customer a request acted for, a reference to its Idempotency-Key record
 * (`keys.idempotencyReference`), so that their erasure finds and deletes the stored response
 * (functions/adapters/dynamodb/erasure-store.ts). `recordExpiresAt` is the record's TTL (epoch
 * seconds): the erasure counts only the records not expired yet, and the reference expires
 * `idempotencyReferenceMarginSeconds` after it.
 */
export async function writeIdempotencyReferences(
  db: DynamoDBDocumentClient,
  tableName: string,
  customerIds: readonly string[],
  recordId: string,
  recordExpiresAt: number,
): Promise<void> {
  await Promise.all(
    [...new Set(customerIds)].map((customerId) =>
      db.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keys.idempotencyReference(customerId, recordId),
            type: 'idempotencyReference',
            recordId,
            recordExpiresAt,
            expiresAt: recordExpiresAt + idempotencyReferenceMarginSeconds,
          },
        }),
      ),
    ),
  );
}
