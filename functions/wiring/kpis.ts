import { documentClient } from '../adapters/dynamodb/client';
import { IncidentStore } from '../adapters/dynamodb/incident-store';
import { KpiStore } from '../adapters/dynamodb/kpi-store';
import { SelfcareStore } from '../adapters/dynamodb/selfcare-store';
import { required, settings } from '../commons/settings';
import type { KpiDependencies } from '../use-cases/kpis';

/** The composition root of the KPI consumer and reads (functions/use-cases/kpis.ts): created once per cold start. */
let cached: KpiDependencies | undefined;

export function kpiDependencies(): KpiDependencies {
  if (cached) return cached;
  const table = required('TABLE_NAME');
  cached = {
    kpis: new KpiStore(documentClient, table),
    selfcare: new SelfcareStore(documentClient, table),
    incidents: new IncidentStore(documentClient, table),
    settings: { KPI_RULES: required('KPI_RULES'), LANGUAGES: settings().LANGUAGES ?? [] },
    now: () => new Date(),
  };
  return cached;
}
