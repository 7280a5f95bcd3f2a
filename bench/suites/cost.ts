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
   * item is 909 bytes with the bench's text, so 1 WRU, and it has no index entry unless it is on a case: it lives in
   * its customer's partition, keys.interaction): Local bills transactional writes once, AWS twice
   * (a new customer's profile and identity are one transaction: +2 WRU); and Local bills nothing
   * for reading a missing item, AWS 1 RRU per consistent read (a new customer's identity lookup: +1 RRU).
   */
  newCustomerExtraWru: 2,
  newCustomerExtraRru: 1,
  /** Records per relay invocation under load (batches fill up to 100; 10 is pessimistic). */
  relayRecordsPerInvocation: 10,
  relayMsPerInvocation: 50,
  /**
   * Billed milliseconds per DynamoDB request of a handler, on top of its measured CPU time: the
   * handler waits for each (they are sequential on the recording path). AWS's "Why is my
   * DynamoDB latency high" (re:Post Knowledge Center, knowledge-center/dynamodb-high-latency):
   * "for most atomic operations, such as GetItem and PutItem, you can expect an average latency
   * in single-digit milliseconds", measured at the service; 10 ms is the top of that range and
   * leaves the in-region network hop inside it. Used instead of the local wall time, which is
   * DynamoDB Local's latency on a shared two-core machine and moved the line by ±30% between runs.
   */
  sdkCallMs: 10,
  /**
   * Log bytes ingested per request: the API's access-log line (lib/stack/constructs/http-api.ts,
   * 12 fields: ~330 bytes with typical values) and the handler's EMF metrics line (Powertools,
   * one `Succeeded` count with its service and client dimensions: 227 bytes, printed by a
   * Metrics instance configured as the functions are). Lambda's platform.start and
   * platform.report lines (~700 bytes of JSON) are no longer ingested: the functions' system log
   * level is WARN (lib/stack/constructs/support-function.ts). A successful request logs nothing
   * else (refusals log one line at INFO).
   */
  logBytesPerRequest: 330 + 227,
  /**
   * Share of contacts that channel integrations (email, messaging, social: 79 of the seeds' 157
   * share points) send through `POST /interactions:batch`, and their contacts per request. A
   * batched contact costs what a single one does in DynamoDB and events (each is recorded by the
   * same use case) and in handler time; it spreads the per-request prices (HTTP API, Lambda
   * request) over the batch.
   */
  batchedShare: 79 / 157,
  contactsPerBatch: 20,
  /**
   * An interaction item with a short text, as DynamoDB bills storage: the item (909 bytes with the
   * bench's 46-character text, its outbox event included) plus the 100 bytes of overhead DynamoDB
   * adds per item; stored once (no byCustomer copy since interactions moved to their customer's partition).
   */
  storedBytesPerInteraction: 1024,
};

/** A Lambda call's billed milliseconds: its CPU, and the wait for each DynamoDB request at AWS's documented latency. */
function billedDurationMs(cpuMs: number, dynamoDbRequests: number): number {
  return cpuMs + dynamoDbRequests * costAssumptions.sdkCallMs;
}

/**
 * Cost per million recorded interactions, end to end (channel integrations' share batched): the API call, the handler, the writes
 * (with index writes), the event, the relay's share, logs, and one month of storage; from the
 * measured capacity, CPU time and DynamoDB requests of each call and the price table in bench/prices.ts.
 */
export async function cost({ smoke }: { smoke: boolean }) {
  const operations = await measureOperations(smoke ? 2 : 10);
  const breakdown = costPerMillion(operations);
  const total = Object.values(breakdown).reduce((sum, value) => sum + value, 0);
  printTable(
    `Cost per million recorded interactions (us-east-1 list prices read ${prices.readOn}; target < $${budgets.costPerMillionInteractions}, a naive design ≈ $8)`,
    [...Object.entries(breakdown).map(([item, usd]) => ({ item, usd: usd.toFixed(3) })), { item: 'total', usd: total.toFixed(3) }],
  );
  console.log(`  budget: ${total <= budgets.costPerMillionInteractions ? 'pass' : 'miss'}; assumptions in bench/suites/cost.ts (costAssumptions)`);
  const blended = blendedPerThousandContacts(breakdown);
  const blendedTotal = Object.values(blended).reduce((sum, value) => sum + value, 0);
  printTable(
    'Blended: cost per 1,000 customer contacts, a realistic month of one client (assumptions: monthAssumptions in bench/suites/cost.ts)',
    [...Object.entries(blended), ['total', blendedTotal] as const].map(([item, usd]) => ({
      item,
      'usd per 1,000 contacts': usd.toFixed(4),
      'usd per million contacts': (usd * 1000).toFixed(2),
    })),
  );
  appendResults('cost', {
    perMillionUsd: Number(total.toFixed(3)),
    breakdown,
    blendedPerThousandContactsUsd: Number(blendedTotal.toFixed(4)),
    blended,
    assumptions: costAssumptions,
    month: monthAssumptions,
    prices,
  });
}

/** The seeds' channel shares (percent of contacts; a contact can use several, so they add up to more than 100): normalised below. */
const channelShares = { email: 49, chatbot: 25, liveChat: 22, clickToCall: 16, messaging: 16, app: 15, social: 14 } as const;
const shareOf = (channel: keyof typeof channelShares) =>
  channelShares[channel] / Object.values(channelShares).reduce((sum: number, share: number) => sum + share, 0);

/**
 * What one client's month adds to its contacts, per contact. Assumptions, not measurements:
 * change them for a client and the figure follows. The request units of each flow are the
 * access patterns of docs/data-model.md (the measured ones are in the capacity suite).
 */
export const monthAssumptions = {
  /** Contacts that reach an agent through an escalation (automatic rules, agents, SLA breaches). */
  escalationsPerContact: 0.08,
  /** Notices sent (case progress, incidents, callbacks), per contact. */
  notificationsPerContact: 0.3,
  /** Click-to-call contacts ask for a callback. */
  callbacksPerContact: shareOf('clickToCall'),
  /** Chatbot contacts search the self-care knowledge base three times each. */
  selfcareSearchesPerContact: shareOf('chatbot') * 3,
  /** One contact in ten is offered a survey (a notice); three in ten of those answer it (an API call). */
  surveysOfferedPerContact: 0.1,
  surveyAnswerRate: 0.3,
  /** Queue workers: messages per invocation (256 MB arm64); they handle a batch's messages one after the other. */
  workerBatch: 10,
  /** SQS requests per message: the bus's send, a tenth of a batched receive and of a batched delete. */
  sqsRequestsPerMessage: 1.2,
  /**
   * Billed time of an API call or a queue message, as the per-million figure models it: CPU (the
   * capacity suite measures 3 to 7 ms for the calls that touch a few items) plus each request it
   * waits for, DynamoDB at costAssumptions.sdkCallMs and a partner's HTTPS endpoint (a webhook
   * target, telephony) at `externalCallMs`, an assumption: the partner's latency, not AWS's.
   */
  cpuMsPerStep: 5,
  externalCallMs: 200,
  /** Log bytes per worker message (the worker's EMF line; the platform lines are off). */
  logBytesPerMessage: 250,
};

/**
 * Cost per 1,000 contacts: the contacts themselves (the per-million figure above) and the work
 * they cause, each flow priced from its request units (docs/data-model.md), its events, its queue
 * messages and its Lambda time.
 */
export function blendedPerThousandContacts(perMillionInteractions: Record<string, number>): Record<string, number> {
  const m = monthAssumptions;
  const gbSecond = (ms: number) => (256 / 1024) * (ms / 1000) * prices.lambdaArmPerGbSecond;
  // `calls`: the DynamoDB requests the step waits for; `external`: the partner requests.
  const billedMs = (calls: number, external = 0) => billedDurationMs(m.cpuMsPerStep, calls) + external * m.externalCallMs;
  const api = (rru: number, wru: number, events: number, calls: number) =>
    prices.httpApiPerMillionRequests / 1e6 +
    prices.lambdaPerMillionRequests / 1e6 +
    gbSecond(billedMs(calls)) +
    (rru * prices.dynamoDbPerMillionReads + wru * prices.dynamoDbPerMillionWrites + events * prices.eventBridgePerMillionEvents) / 1e6 +
    (costAssumptions.logBytesPerRequest / 2 ** 30) * prices.cloudWatchLogsIngestionPerGb;
  const message = (rru: number, wru: number, events: number, calls: number, external = 0) =>
    (m.sqsRequestsPerMessage * prices.sqsPerMillionRequests) / 1e6 +
    prices.lambdaPerMillionRequests / 1e6 / m.workerBatch +
    gbSecond(billedMs(calls, external)) +
    (rru * prices.dynamoDbPerMillionReads + wru * prices.dynamoDbPerMillionWrites + events * prices.eventBridgePerMillionEvents) / 1e6 +
    (m.logBytesPerMessage / 2 ** 30) * prices.cloudWatchLogsIngestionPerGb;
  const contact = Object.values(perMillionInteractions).reduce((sum, value) => sum + value, 0) / 1e6;
  // Escalation: its event (in the escalate transaction, pattern 11: 2 items × 2 WRU), then the
  // worker's assignment (pattern 12: GetItem 1 RRU, a transaction of 2 items: 4 WRU, the queue
  // counter 1 WRU: 3 requests) and its EscalationAssigned event, plus the supervisor webhook (one
  // more message: a lease PutItem, the delivery, an UpdateItem).
  const escalation =
    4 * (prices.dynamoDbPerMillionWrites / 1e6) + (1 * prices.eventBridgePerMillionEvents) / 1e6 + message(1, 5, 1, 3) + message(0, 2, 0, 2, 1);
  // Notification (pattern 19): profile GetItem, PutItem with a lease, UpdateItem sent; a messaging webhook.
  const notification = message(1, 2, 1, 3) + message(0, 2, 0, 2, 1);
  // Callback (pattern 22): the API's read and transaction (2 items × 2 WRU) and event; the dispatcher
  // moves it (1 WRU), the callback worker hands it to telephony (1 RRU, 1 WRU) and records the outcome (an API call).
  const callback = api(1, 4, 1, 2) + message(1, 2, 1, 3, 1) + api(1, 2, 1, 2);
  // A self-care search: the search function (index in memory) and the day's report counters (2 UpdateItems).
  const search = api(0, 2, 0, 2);
  // A survey: offered as a notice, answered through the API (1 write, an event for the KPI consumer, whose counters are 2 more writes).
  const survey = notification + m.surveyAnswerRate * (api(0, 1, 1, 1) + message(0, 2, 0, 2));
  return {
    'contacts recorded (per-million figure)': 1000 * contact,
    escalations: 1000 * m.escalationsPerContact * escalation,
    notifications: 1000 * m.notificationsPerContact * notification,
    callbacks: 1000 * m.callbacksPerContact * callback,
    'self-care searches': 1000 * m.selfcareSearchesPerContact * search,
    surveys: 1000 * m.surveysOfferedPerContact * survey,
  };
}

export function costPerMillion(operations: readonly OperationFigures[]): Record<string, number> {
  const find = (name: string) => operations.find((o) => o.operation === name)!;
  const known = find('POST /interactions (known customer)');
  const fresh = find('POST /interactions (new customer)');
  const mix = (pick: (o: OperationFigures) => number) => pick(fresh) * costAssumptions.newCustomerShare + pick(known) * (1 - costAssumptions.newCustomerShare);
  const million = 1_000_000;
  // Billed duration: the CPU measured, and the wait for each DynamoDB request at AWS's documented latency.
  const billedMs = (o: OperationFigures) => billedDurationMs(o.cpuMs, o.sdkCalls);
  const memoryGb = (functions.recordInteraction as { memorySize?: number }).memorySize ?? 256;
  const relayMemoryGb = ((functions.outboxRelay as { memorySize?: number }).memorySize ?? 256) / 1024;
  const relayInvocations = million / costAssumptions.relayRecordsPerInvocation;
  // Requests per contact: one for a contact sent alone, 1/contactsPerBatch for a batched one.
  const requestsPerContact = 1 - costAssumptions.batchedShare + costAssumptions.batchedShare / costAssumptions.contactsPerBatch;
  return {
    'HTTP API requests': prices.httpApiPerMillionRequests * requestsPerContact,
    'Lambda: API handler':
      prices.lambdaPerMillionRequests * requestsPerContact + million * (memoryGb / 1024) * (mix((o) => billedMs(o)) / 1000) * prices.lambdaArmPerGbSecond,
    'DynamoDB writes (incl. index)':
      (mix((o) => o.wru) + costAssumptions.newCustomerShare * costAssumptions.newCustomerExtraWru) * prices.dynamoDbPerMillionWrites,
    'DynamoDB reads': (mix((o) => o.rru) + costAssumptions.newCustomerShare * costAssumptions.newCustomerExtraRru) * prices.dynamoDbPerMillionReads,
    'EventBridge events': mix((o) => o.events) * prices.eventBridgePerMillionEvents,
    'Lambda: outbox relay':
      (relayInvocations / million) * prices.lambdaPerMillionRequests +
      relayInvocations * relayMemoryGb * (costAssumptions.relayMsPerInvocation / 1000) * prices.lambdaArmPerGbSecond,
    'SQS requests': 0,
    'CloudWatch Logs': ((million * requestsPerContact * costAssumptions.logBytesPerRequest) / 2 ** 30) * prices.cloudWatchLogsIngestionPerGb,
    'Storage, first month': ((million * costAssumptions.storedBytesPerInteraction) / 2 ** 30) * prices.dynamoDbStoragePerGbMonth,
  };
}
