import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../adapters/dynamodb/client';
import { required, type Settings, settings } from '../commons/settings';
import { type Retention, retentionOf } from '../domain/retention';
import type { UseCaseSettings } from '../use-cases/dependencies';
import type { KnowledgeDependencies } from '../use-cases/knowledge';
import type { KpiDependencies } from '../use-cases/kpis';
import * as factories from './stores';
import type { StoreContext } from './stores';

/**
 * The composition root: the one place that picks an adapter for each port of the use cases
 * (each store's factory is in ./stores.ts). Handlers (functions/api, functions/workers) wire the
 * stores their use case needs with `dependenciesWith`; tests call `stores` with DynamoDB Local.
 */

/** Store factories by port name (./stores.ts). */
export type StoreFactories = typeof factories;

/** The stores `F` builds, by port name, with their adapters' types. */
export type StoresOf<F extends Partial<StoreFactories>> = { [K in keyof F]: F[K] extends (context: StoreContext) => infer S ? S : never };

/** What `dependenciesWith` gives: the named stores, the settings the use cases read and a clock. */
export type Wired<F extends Partial<StoreFactories>, S = UseCaseSettings> = StoresOf<F> & { settings: S; now: () => Date };

function build<F extends Partial<StoreFactories>>(chosen: F, context: StoreContext): StoresOf<F> {
  return Object.fromEntries(Object.entries(chosen).map(([port, factory]) => [port, (factory as (context: StoreContext) => unknown)(context)])) as StoresOf<F>;
}

/** Every store, on one table (the search index checks for a newer index every 5 s, the setting's default). */
export function stores(db: DynamoDBDocumentClient, tableName: string, retentionDays: number, retention: Retention = retentionOf(retentionDays)) {
  return build({ ...factories }, { db, tableName, retentionDays, retention, searchIndexCheckSeconds: 5 });
}

/** The function's settings as the use cases of `Dependencies` read them: the compiler checks here that they give what those need. */
function useCaseSettings(all: Settings): UseCaseSettings {
  return all;
}

/** How long each kind of record is kept: the client config's, or every kind as interactions when unset. */
export function retention(): Retention {
  const { INTERACTION_RETENTION_DAYS, RETENTION_SECONDS } = settings();
  return RETENTION_SECONDS ?? retentionOf(INTERACTION_RETENTION_DAYS);
}

/** The settings of the knowledge base's use cases (functions/use-cases/knowledge.ts), with their defaults. */
export function knowledgeSettings({ LANGUAGES, DEFAULT_LANGUAGE }: Settings): KnowledgeDependencies['settings'] {
  return { LANGUAGES: LANGUAGES ?? [], DEFAULT_LANGUAGE: DEFAULT_LANGUAGE ?? 'en' };
}

/** The settings of the KPI consumer and reads (functions/use-cases/kpis.ts). */
export function kpiSettings({ LANGUAGES }: Settings): KpiDependencies['settings'] {
  return { KPI_RULES: required('KPI_RULES'), LANGUAGES: LANGUAGES ?? [] };
}

/**
 * The dependencies of a handler's use case: the stores it names (./stores.ts), the function's
 * settings (as they are, or as `settingsOf` gives them to the knowledge base's and the KPIs' use
 * cases) and a clock, created at the first call (once per cold start, from the function's
 * environment) and the same object afterwards. A use case declares the ports it uses
 * (`Pick<Dependencies, ...>`), so the compiler refuses a handler that leaves one out; a store
 * not named is not in the bundle.
 *
 * @example
 * import { cases, customers } from '../wiring/stores';
 * const dependencies = dependenciesWith({ customers, cases });
 * export const handler = httpHandler(route.getCase, async ({ params, principal }) => ({
 *   status: 200,
 *   body: await getCase(dependencies(), principal, params.caseId),
 * }));
 */
export function dependenciesWith<const F extends Partial<StoreFactories>>(chosen: F): () => Wired<F>;
export function dependenciesWith<const F extends Partial<StoreFactories>, S>(chosen: F, settingsOf: (settings: Settings) => S): () => Wired<F, S>;
export function dependenciesWith(chosen: Partial<StoreFactories>, settingsOf: (settings: Settings) => unknown = useCaseSettings) {
  let wired: Wired<Partial<StoreFactories>, unknown> | undefined;
  return () => {
    wired ??= { ...build(chosen, storeContext()), settings: settingsOf(settings()), now: () => new Date() };
    return wired;
  };
}

/** The function's table and retention, from its environment. */
function storeContext(): StoreContext {
  const { INTERACTION_RETENTION_DAYS, SEARCH_INDEX_CHECK_SECONDS } = settings();
  return {
    db: documentClient,
    tableName: required('TABLE_NAME'),
    retentionDays: INTERACTION_RETENTION_DAYS,
    retention: retention(),
    searchIndexCheckSeconds: SEARCH_INDEX_CHECK_SECONDS,
  };
}
