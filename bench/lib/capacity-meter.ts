import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { dynamoDbClient } from '../../functions/adapters/dynamodb/client';

/**
 * Counts the DynamoDB capacity the handlers consume: an SDK middleware on the one client every
 * handler (and Powertools idempotency) uses asks each call for `ReturnConsumedCapacity: TOTAL`
 * and adds up what comes back. Must run in the same process as the local runtime.
 */
export interface CapacityTotals {
  rru: number;
  wru: number;
  calls: number;
}

const totals: CapacityTotals = { rru: 0, wru: 0, calls: 0 };
let installed = false;

export function installCapacityMeter(): void {
  if (installed) return;
  installed = true;
  dynamoDbClient.middlewareStack.add(
    (next, context) => async (args) => {
      const write = writeCommands.has(context.commandName ?? '');
      const input = args.input as { ReturnConsumedCapacity?: string };
      input.ReturnConsumedCapacity ??= 'TOTAL';
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }).ConsumedCapacity;
      for (const entry of [consumed ?? []].flat()) {
        // DynamoDB Local reports CapacityUnits; split reads and writes by the operation.
        const units = entry.CapacityUnits ?? 0;
        totals.rru += entry.ReadCapacityUnits ?? (write ? 0 : units);
        totals.wru += entry.WriteCapacityUnits ?? (write ? units : 0);
      }
      totals.calls++;
      return result;
    },
    { step: 'initialize', name: 'benchCapacityMeter' },
  );
}

const writeCommands = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'TransactWriteItemsCommand', 'BatchWriteItemCommand']);

export function snapshot(): CapacityTotals {
  return { ...totals };
}

export function since(before: CapacityTotals): CapacityTotals {
  return { rru: round(totals.rru - before.rru), wru: round(totals.wru - before.wru), calls: totals.calls - before.calls };
}

function round(value: number): number {
  return Number(value.toFixed(2));
}
