import { monitorEventLoopDelay } from 'node:perf_hooks';
import { BatchWriteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../functions/adapters/dynamodb/client';
import { keys } from '../../functions/adapters/dynamodb/keys';
import type { CustomerProfile } from '../../functions/domain/customers';
import { newId } from '../../functions/domain/ids';
import { demoConfig } from '../lib/demo';
import { appendResults, printTable, progress } from '../lib/report';
import { benchRuntime } from '../lib/runtime';

/** One customer in five has not consented to anything: they must be suppressed, not told. */
const nonConsentingEvery = 5;

/**
 * The incident fan-out: N customers in the affected zone, seeded through the data layer
 * (profiles and segment memberships, BatchWriteItem), one incident declared through the API, then
 * timed until every consenting customer's notification reached the local messaging receiver.
 * Counts come from the receiver (what the platform got) and the incident (what was suppressed).
 * "Notified" counts distinct signed `deliveryId`s per customer, as docs/webhooks.md tells a
 * receiver to deduplicate: delivery is at-least-once, and a send that timed out after the
 * receiver accepted it is sent again with the same id (`resent`, reported apart). Two different
 * ids for one customer and revision, or a re-send the notification's own attempts do not account
 * for (two senders of one attempt), would be real double sends and fail the run.
 */
export async function incident({ smoke }: { smoke: boolean }) {
  const total = smoke ? 1_000 : 100_000;
  const runtime = await benchRuntime(demoConfig);
  const tableName = runtime.names.dataTable;
  const zone = `bench-${Date.now()}`;

  // Seed: every customer has a phone; four in five consented to SMS.
  const seeded = performance.now();
  const customers = Array.from({ length: total }, (_, i) => ({ customerId: newId('customer'), consenting: i % nonConsentingEvery !== 0 }));
  const items = customers.flatMap(({ customerId, consenting }, i) => {
    const now = new Date().toISOString();
    const profile: CustomerProfile = {
      customerId,
      identities: { emails: [], phones: [`+3360${String(i).padStart(7, '0')}`], externalIds: [], social: [] },
      mergedFrom: [],
      segments: { zone },
      ...(consenting ? { preferences: { consent: { sms: true } } } : {}),
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    return [
      { ...keys.customer(customerId), type: 'customer', ...profile },
      { ...keys.segmentMember('zone', zone, customerId), type: 'segment', customerId, since: now },
    ];
  });
  const tick = progress('items seeded', items.length);
  let written = 0;
  const batches = Array.from({ length: Math.ceil(items.length / 25) }, (_, b) => items.slice(b * 25, b * 25 + 25));
  await Promise.all(
    Array.from({ length: 8 }, async (_, w) => {
      for (let b = w; b < batches.length; b += 8) {
        let requests = batches[b]!.map((Item) => ({ PutRequest: { Item } }));
        while (requests.length) {
          const { UnprocessedItems } = await documentClient.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
          requests = (UnprocessedItems?.[tableName] ?? []) as typeof requests;
        }
        written += batches[b]!.length;
        if (b % 40 === 0) tick(written);
      }
    }),
  );
  tick(items.length);
  const seedSeconds = (performance.now() - seeded) / 1000;
  await runtime.settled();

  // Peak memory of the runtime (this process: gateway, handlers, triggers, local bus, receiver).
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);
  // How long this process's event loop stalled: the workers' webhook timeout (10 s) runs on it,
  // and so does the receiver, so a stall near 10 s makes sends time out after they arrived.
  const loopDelay = monitorEventLoopDelay({ resolution: 20 });
  loopDelay.enable();

  const supervisor = await runtime.token('supervisor');
  const receivedBefore = runtime.webhooks.received().length;
  const started = performance.now();
  const declared = await fetch(`${runtime.url}/incidents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${supervisor}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      title: 'Fibre outage (bench)',
      severity: 'critical',
      affected: { zone: [zone] },
      messages: { en: 'Fibre is down in your area.', fr: 'La fibre est coupée dans votre secteur.' },
    }),
  });
  const { incidentId } = (await declared.json()) as { incidentId: string };
  const consenting = customers.filter((c) => c.consenting).length;
  const delivered = progress('notifications delivered', consenting);
  let firstDeliverySeconds: number | undefined;
  for (;;) {
    // Customers reached, not deliveries: a re-send of the same delivery reaches nobody new.
    const count = new Set(
      runtime.webhooks
        .received()
        .slice(receivedBefore)
        .map((w) => w.body.data.customerId),
    ).size;
    if (count > 0 && firstDeliverySeconds === undefined) firstDeliverySeconds = (performance.now() - started) / 1000;
    delivered(count);
    if (count >= consenting) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const deliveredSeconds = (performance.now() - started) / 1000;
  await runtime.settled();
  clearInterval(sampler);
  loopDelay.disable();

  const received = runtime.webhooks
    .received()
    .slice(receivedBefore)
    .filter((w) => w.target === 'messaging' && w.body.data.incidentId === incidentId);
  // Per customer, the distinct delivery ids they got; per delivery id, how many times it came.
  const perCustomer = new Map<string, Set<string>>();
  const receipts = new Map<string, number>();
  for (const delivery of received) {
    const customerId = delivery.body.data.customerId as string;
    perCustomer.set(customerId, (perCustomer.get(customerId) ?? new Set()).add(delivery.deliveryId));
    receipts.set(delivery.deliveryId, (receipts.get(delivery.deliveryId) ?? 0) + 1);
  }
  // A delivery id that came more often than its notification counted attempts was sent twice
  // within one attempt (two senders at once): a backend bug, not an at-least-once retry.
  const resentIds = [...receipts.entries()].filter(([, n]) => n > 1);
  let resentBeyondAttempts = 0;
  for (const [deliveryId, n] of resentIds) {
    const { Item } = await documentClient.send(
      new GetCommand({ TableName: tableName, Key: keys.notification(deliveryId), ConsistentRead: true, ProjectionExpression: 'attempts' }),
    );
    if (n > Number(Item?.attempts ?? 0)) resentBeyondAttempts++;
  }
  const counts = (await (await fetch(`${runtime.url}/incidents/${incidentId}`, { headers: { authorization: `Bearer ${supervisor}` } })).json()) as {
    deliveries: Record<string, number>;
  };
  const nonConsenting = new Set(customers.filter((c) => !c.consenting).map((c) => c.customerId));

  const figures = {
    customers: total,
    consenting,
    seedSeconds: round(seedSeconds),
    firstDeliverySeconds: round(firstDeliverySeconds ?? deliveredSeconds),
    allDeliveredSeconds: round(deliveredSeconds),
    deliveriesPerSecond: round(consenting / deliveredSeconds),
    peakRssMiB: Math.round(peakRss / 1024 / 1024),
    eventLoopStallMaxSeconds: round(loopDelay.max / 1e9),
    eventLoopStallP99Seconds: round(loopDelay.percentile(99) / 1e9),
    notifiedOnce: [...perCustomer.values()].filter((ids) => ids.size === 1).length,
    notifiedTwice: [...perCustomer.values()].filter((ids) => ids.size > 1).length,
    // At-least-once: the same delivery again after a send that timed out (receivers drop it by deliveryId).
    resent: received.length - receipts.size,
    resentBeyondAttempts,
    nonConsentingNotified: [...perCustomer.keys()].filter((id) => nonConsenting.has(id)).length,
    suppressed: counts.deliveries.suppressed ?? 0,
    lost: customers.filter((c) => c.consenting && !perCustomer.has(c.customerId)).length,
  };
  printTable(
    `Incident fan-out (${total} customers in the zone, ${consenting} consenting)`,
    Object.entries(figures).map(([figure, value]) => ({ figure, value })),
  );
  const ok =
    figures.notifiedOnce === consenting &&
    figures.notifiedTwice === 0 &&
    figures.resentBeyondAttempts === 0 &&
    figures.nonConsentingNotified === 0 &&
    figures.suppressed === total - consenting &&
    figures.lost === 0;
  console.log(`  ${ok ? 'pass' : 'MISS'}: every consenting customer notified exactly once (one deliveryId each), every other one suppressed, none lost`);
  if (figures.resent)
    console.log(`  (${figures.resent} deliveries came again with the same deliveryId: sends that timed out after the receiver accepted them, retried)`);
  console.log('  (peak memory is this process: gateway, handlers, triggers, bus and receiver; DynamoDB Local and the SQS emulator run beside it)');
  appendResults('incident', figures);
}

function round(value: number): number {
  return Number(value.toFixed(2));
}
