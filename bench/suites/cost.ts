import { functions } from '../../functions/definition/functions';
import { budgets } from '../budgets';
import { prices } from '../prices';
import { appendResults, printTable } from '../lib/report';
import { measureOperations, type OperationFigures } from './capacity';

/**
 * Assumptions the measurements cannot give, stated once. Each is conservative for the target.
 */
export const costAssumptions = {
  /** Share of contacts from people the brand has never seen (the rest are known customers). */
  newCustomerShare: 0.2,
  /**
   * Where DynamoDB Local's figures differ from AWS billing (checked by item size: an interaction
   * item is ~820 bytes, so 1 WRU, plus 1 for the byCustomer index, which Local does count):
   * Local bills transactional writes once, AWS twice (a new customer's profile and identity are
   * one transaction: +2 WRU); and Local bills nothing for reading a missing item, AWS 1 RRU per
   * consistent read (a new customer's identity lookup: +1 RRU).
   */
  newCustomerExtraWru: 2,
  newCustomerExtraRru: 1,
  /** Records per relay invocation under load (batches fill up to 100; 10 is pessimistic). */
  relayRecordsPerInvocation: 10,
  relayMsPerInvocation: 50,
  /** API Gateway access log line + Lambda START/END/REPORT lines, JSON, per request. */
  logBytesPerRequest: 900,
  /** An interaction item with a short text, stored in the table and once more in the byCustomer index. */
  storedBytesPerInteraction: 2 * 1024,
};

/**
 * Cost per million recorded interactions, end to end: the API call, the handler, the writes
 * (with index writes), the event, the relay's share, logs, and one month of storage; from the
 * measured capacity and handler times and the price table in bench/prices.ts.
 */
export async function cost({ smoke }: { smoke: boolean }) {
  const operations = await measureOperations(smoke ? 2 : 10);
  const breakdown = costPerMillion(operations);
  const total = Object.values(breakdown).reduce((sum, value) => sum + value, 0);
  printTable(
    `Cost per million recorded interactions (us-east-1 list prices read ${prices.readOn}; target < $${budgets.costPerMillionInteractions}, a naive design ≈ $8)`,
    [...Object.entries(breakdown).map(([item, usd]) => ({ item, usd: usd.toFixed(3) })), { item: 'total', usd: total.toFixed(3) }],
  );
  console.log(`  budget: ${total < budgets.costPerMillionInteractions ? 'pass' : 'miss'}; assumptions in bench/suites/cost.ts (costAssumptions)`);
  appendResults('cost', { perMillionUsd: Number(total.toFixed(3)), breakdown, assumptions: costAssumptions, prices });
}

export function costPerMillion(operations: readonly OperationFigures[]): Record<string, number> {
  const find = (name: string) => operations.find((o) => o.operation === name)!;
  const known = find('POST /interactions (known customer)');
  const fresh = find('POST /interactions (new customer)');
  const mix = (pick: (o: OperationFigures) => number) => pick(fresh) * costAssumptions.newCustomerShare + pick(known) * (1 - costAssumptions.newCustomerShare);
  const million = 1_000_000;
  const memoryGb = (functions.recordInteraction as { memorySize?: number }).memorySize ?? 256;
  const relayMemoryGb = ((functions.outboxRelay as { memorySize?: number }).memorySize ?? 256) / 1024;
  const relayInvocations = million / costAssumptions.relayRecordsPerInvocation;
  return {
    'HTTP API requests': prices.httpApiPerMillionRequests,
    'Lambda: API handler': prices.lambdaPerMillionRequests + million * (memoryGb / 1024) * (mix((o) => o.handlerMs) / 1000) * prices.lambdaArmPerGbSecond,
    'DynamoDB writes (incl. index)':
      (mix((o) => o.wru) + costAssumptions.newCustomerShare * costAssumptions.newCustomerExtraWru) * prices.dynamoDbPerMillionWrites,
    'DynamoDB reads': (mix((o) => o.rru) + costAssumptions.newCustomerShare * costAssumptions.newCustomerExtraRru) * prices.dynamoDbPerMillionReads,
    'EventBridge events': mix((o) => o.events) * prices.eventBridgePerMillionEvents,
    'Lambda: outbox relay':
      (relayInvocations / million) * prices.lambdaPerMillionRequests +
      relayInvocations * relayMemoryGb * (costAssumptions.relayMsPerInvocation / 1000) * prices.lambdaArmPerGbSecond,
    'SQS requests': 0,
    'CloudWatch Logs': ((million * costAssumptions.logBytesPerRequest) / 2 ** 30) * prices.cloudWatchLogsIngestionPerGb,
    'Storage, first month': ((million * costAssumptions.storedBytesPerInteraction) / 2 ** 30) * prices.dynamoDbStoragePerGbMonth,
  };
}
