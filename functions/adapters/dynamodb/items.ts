import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

/** Attributes that exist for the table's sake (keys, index keys, TTL, outbox), not the domain's. */
const storageAttributes = [
  'pk',
  'sk',
  'type',
  'customerKey',
  'caseKey',
  'timelineKey',
  'listKey',
  'listAt',
  'caseListKey',
  'caseListAt',
  'expiresAt',
  'outbox',
] as const;

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

/**
 * Runs a conditional write: true when it happened, false when its condition did not hold
 * (someone else changed or claimed the item first). Other errors propagate.
 */
export async function writeIfUnchanged(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
