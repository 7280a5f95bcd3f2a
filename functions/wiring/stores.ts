import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ArticleStore } from '../adapters/dynamodb/article-store';
import { CallbackStore } from '../adapters/dynamodb/callback-store';
import { CaseStore } from '../adapters/dynamodb/case-store';
import { CustomerStore } from '../adapters/dynamodb/customer-store';
import { EscalationStore } from '../adapters/dynamodb/escalation-store';
import { IncidentStore } from '../adapters/dynamodb/incident-store';
import { InteractionStore } from '../adapters/dynamodb/interaction-store';
import { KpiStore } from '../adapters/dynamodb/kpi-store';
import { NotificationStore } from '../adapters/dynamodb/notification-store';
import { QueueStatsStore } from '../adapters/dynamodb/queue-stats-store';
import { SelfcareStore } from '../adapters/dynamodb/selfcare-store';
import { SurveyStore } from '../adapters/dynamodb/survey-store';
import { SearchIndexStore } from '../adapters/search/search-index-store';
import type { Retention } from '../domain/retention';

/**
 * How each store of the use cases' dependencies is built (`Dependencies`,
 * functions/use-cases/dependencies.ts, and the knowledge base's and the KPIs' own), one export per
 * port, named as the port: a handler names the ones its use case needs
 * (`dependenciesWith({ cases, customers })`, ./dependencies.ts), so its bundle carries those
 * stores' code only (all eleven of `Dependencies` weighed about 32 KB minified in every function;
 * the search index, with MiniSearch and the stemmers, about 40 KB more in every article route).
 */

/** What a store is built from: the table, and how long each kind of record is kept. */
export interface StoreContext {
  db: DynamoDBDocumentClient;
  tableName: string;
  retentionDays: number;
  retention: Retention;
  /** How often a search function checks that its loaded index is the latest. */
  searchIndexCheckSeconds: number;
}

export const customers = ({ db, tableName }: StoreContext) => new CustomerStore(db, tableName);
export const cases = ({ db, tableName }: StoreContext) => new CaseStore(db, tableName);
export const interactions = ({ db, tableName }: StoreContext) => new InteractionStore(db, tableName);
export const escalations = ({ db, tableName }: StoreContext) => new EscalationStore(db, tableName);
export const incidents = ({ db, tableName }: StoreContext) => new IncidentStore(db, tableName);
export const notifications = ({ db, tableName, retention }: StoreContext) => new NotificationStore(db, tableName, retention.notifications);
export const callbacks = ({ db, tableName, retention }: StoreContext) => new CallbackStore(db, tableName, retention.callbacks);
export const queueStats = ({ db, tableName }: StoreContext) => new QueueStatsStore(db, tableName);
export const selfcare = ({ db, tableName }: StoreContext) => new SelfcareStore(db, tableName);
export const articles = ({ db, tableName }: StoreContext) => new ArticleStore(db, tableName);
export const surveys = ({ db, tableName, retentionDays }: StoreContext) => new SurveyStore(db, tableName, retentionDays);
export const searchIndex = ({ db, tableName, searchIndexCheckSeconds }: StoreContext) => new SearchIndexStore(db, tableName, searchIndexCheckSeconds);
export const kpis = ({ db, tableName }: StoreContext) => new KpiStore(db, tableName);
