import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

/** Attributes that exist for the table's sake (keys, index keys, TTL, outbox), not the domain's. */
const storageAttributes = ['pk', 'sk', 'type', 'customerKey', 'caseKey', 'timelineKey', 'expiresAt', 'outbox'] as const;

/** Strips the storage attributes from an item read back, leaving the domain record. */
export function recordOf<T>(item: Record<string, unknown> | undefined): T | undefined {
  if (!item) return undefined;
  const record: Record<string, unknown> = { ...item };
  for (const attribute of storageAttributes) delete record[attribute];
  return record as T;
}

/** True when a transaction failed only because one of its conditions did not hold. */
export function isConditionFailure(error: unknown): boolean {
  if (error instanceof TransactionCanceledException) {
    return (error.CancellationReasons ?? []).some((reason) => reason.Code === 'ConditionalCheckFailed');
  }
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
