import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../adapters/dynamodb/client';
import { CaseStore } from '../adapters/dynamodb/case-store';
import { CustomerStore } from '../adapters/dynamodb/customer-store';
import { CallbackStore } from '../adapters/dynamodb/callback-store';
import { EscalationStore } from '../adapters/dynamodb/escalation-store';
import { IncidentStore } from '../adapters/dynamodb/incident-store';
import { NotificationStore } from '../adapters/dynamodb/notification-store';
import { QueueStatsStore } from '../adapters/dynamodb/queue-stats-store';
import { InteractionStore } from '../adapters/dynamodb/interaction-store';
import { ArticleStore } from '../adapters/dynamodb/article-store';
import { SelfcareStore } from '../adapters/dynamodb/selfcare-store';
import { SurveyStore } from '../adapters/dynamodb/survey-store';
import { required, settings } from '../commons/settings';
import type { Dependencies } from '../use-cases/dependencies';
import { type Retention, retentionOf } from '../domain/retention';

/**
 * The composition root: the one place that picks an adapter for each port of the use cases.
 * Handlers (functions/api, functions/workers) call `defaultDependencies`; tests call `stores`
 * with DynamoDB Local.
 */

/** Every store, on one table. */
export function stores(db: DynamoDBDocumentClient, tableName: string, retentionDays: number, retention: Retention = retentionOf(retentionDays)) {
  return {
    customers: new CustomerStore(db, tableName),
    cases: new CaseStore(db, tableName),
    interactions: new InteractionStore(db, tableName),
    escalations: new EscalationStore(db, tableName),
    incidents: new IncidentStore(db, tableName),
    notifications: new NotificationStore(db, tableName, retention.notifications),
    callbacks: new CallbackStore(db, tableName, retention.callbacks),
    queueStats: new QueueStatsStore(db, tableName),
    selfcare: new SelfcareStore(db, tableName),
    articles: new ArticleStore(db, tableName),
    surveys: new SurveyStore(db, tableName, retentionDays),
  };
}

let cached: Dependencies | undefined;

/** How long each kind of record is kept: the client config's, or every kind as interactions when unset. */
export function retention(): Retention {
  const { INTERACTION_RETENTION_DAYS, RETENTION_SECONDS } = settings();
  return RETENTION_SECONDS ?? retentionOf(INTERACTION_RETENTION_DAYS);
}

/** Created once per cold start, from the function's environment. */
export function defaultDependencies(): Dependencies {
  cached ??= {
    ...stores(documentClient, required('TABLE_NAME'), settings().INTERACTION_RETENTION_DAYS, retention()),
    settings: settings(),
    now: () => new Date(),
  };
  return cached;
}
