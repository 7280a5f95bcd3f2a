import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { KpiStore } from '../functions/adapters/dynamodb/kpi-store';
import { MalformedMessage, validateBusEvent } from '../functions/commons/worker/messages';
import { countedEvents } from '../functions/domain/kpi-consumer';
import { applyKpiEvent, type KpiConsumerDependencies } from '../functions/use-cases/kpis';
import { loadClientConfig } from '../lib/config/load-client-configs';
import { kpiRules } from '../lib/definition/environment';
import { localAwsClientConfig } from '../local/aws';
import { clientFile } from '../local/paths';

/**
 * The KPI backfill: replays an event archive (locally the bus's `archive.jsonl`, one event as
 * EventBridge delivers it per line) into the KPI counters, through the consumer's own use case
 * and in the archive's order. Each event is claimed by its id as the live consumer claims it, so
 * replaying events already counted changes nothing and a backfill can run beside the consumer.
 * Lines that are not events the KPIs count are skipped. On AWS the same is an archive replay to
 * the `kpiEvents` rule (docs/runbook.md, "KPI backfill").
 */
export async function replayArchive(
  deps: KpiConsumerDependencies,
  lines: AsyncIterable<string> | Iterable<string>,
): Promise<{ applied: number; duplicates: number; skipped: number }> {
  const outcome = { applied: 0, duplicates: 0, skipped: 0 };
  for await (const line of lines) {
    if (!line.trim()) continue;
    let event: ReturnType<typeof validateBusEvent<(typeof countedEvents)[number]>>;
    try {
      event = validateBusEvent(JSON.parse(line) as unknown, countedEvents);
    } catch (error) {
      if (error instanceof MalformedMessage || error instanceof SyntaxError) {
        outcome.skipped += 1;
        continue;
      }
      throw error;
    }
    const applied = await applyKpiEvent(deps, event);
    if (applied.outcome === 'applied') outcome.applied += 1;
    else outcome.duplicates += 1;
  }
  return outcome;
}

/** `npx tsx scripts/kpi-backfill.ts [--client demo] [--archive .local/demo/archive.jsonl] [--table support-demo-data] [--endpoint http://localhost:8000]` */
async function main() {
  const args = new Map<string, string>();
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) args.set(argv[i]!.replace(/^--/, ''), argv[i + 1] ?? '');
  const clientId = args.get('client') ?? 'demo';
  const archive = args.get('archive') ?? join('.local', clientId, 'archive.jsonl');
  const table = args.get('table') ?? `support-${clientId}-data`;
  const endpoint = args.get('endpoint');
  const client = new DynamoDBClient(endpoint ? localAwsClientConfig(endpoint) : {});
  const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const rules = kpiRules(loadClientConfig(clientFile(clientId)));
  const lines = createInterface({ input: createReadStream(archive), crlfDelay: Number.POSITIVE_INFINITY });
  const outcome = await replayArchive({ kpis: new KpiStore(db, table), settings: { KPI_RULES: rules }, now: () => new Date() }, lines);
  console.log(`replayed ${archive} into ${table}: ${outcome.applied} applied, ${outcome.duplicates} already counted, ${outcome.skipped} not KPI events`);
  client.destroy();
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) await main();
