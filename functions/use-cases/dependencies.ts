import { documentClient } from '../adapters/dynamodb/client';
import { CaseStore } from '../adapters/dynamodb/case-store';
import { CustomerStore } from '../adapters/dynamodb/customer-store';
import { EscalationStore } from '../adapters/dynamodb/escalation-store';
import { InteractionStore } from '../adapters/dynamodb/interaction-store';
import { required, settings, type Settings } from '../commons/settings';

/** What the use cases talk to. Tests build one against DynamoDB Local; handlers use `defaultDependencies`. */
export interface Dependencies {
  customers: CustomerStore;
  cases: CaseStore;
  interactions: InteractionStore;
  escalations: EscalationStore;
  settings: Pick<Settings, 'CHANNELS' | 'INTERACTION_RETENTION_DAYS' | 'ESCALATION_ROUTING' | 'SLA_RULES'>;
  now: () => Date;
}

let cached: Dependencies | undefined;

/** Created once per cold start, from the function's environment. */
export function defaultDependencies(): Dependencies {
  if (!cached) {
    const tableName = required('TABLE_NAME');
    cached = {
      customers: new CustomerStore(documentClient, tableName),
      cases: new CaseStore(documentClient, tableName),
      interactions: new InteractionStore(documentClient, tableName),
      escalations: new EscalationStore(documentClient, tableName),
      settings: settings(),
      now: () => new Date(),
    };
  }
  return cached;
}
