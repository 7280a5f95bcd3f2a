import type { Articles } from './ports/knowledge';
import type { CallbackRules } from '../domain/callbacks';
import type { Channel, Language } from '../domain/channels';
import type { AutomaticEscalationRules } from '../domain/auto-escalation';
import type { EscalationQueue, EscalationRouting } from '../domain/escalations';
import type { NotificationRules } from '../domain/notifications';
import type { Retention } from '../domain/retention';
import type { SlaRules } from '../domain/sla';
import type { Callbacks } from './ports/callbacks';
import type { Cases } from './ports/cases';
import type { Customers } from './ports/customers';
import type { Escalations } from './ports/escalations';
import type { Incidents } from './ports/incidents';
import type { Interactions } from './ports/interactions';
import type { Notifications } from './ports/notifications';
import type { QueueStats } from './ports/queues';
import type { Selfcare } from './ports/selfcare';
import type { Surveys } from './ports/surveys';
import type { SurveyRules } from '../domain/surveys';

/**
 * What the use cases need of the client config. The function's settings (commons/settings.ts)
 * are passed in as they are: the compiler checks at the composition root that they give this.
 */
export interface UseCaseSettings {
  CHANNELS: Channel[];
  INTERACTION_RETENTION_DAYS: number;
  INTERACTION_IMPORT_WINDOW_DAYS: number;
  /** Seconds each kind of record is kept; unset, as interactions (functions/domain/retention.ts). */
  RETENTION_SECONDS?: Retention;
  /** How long an instance trusts its list of active incidents. */
  ACTIVE_INCIDENTS_CACHE_SECONDS: number;
  ESCALATION_ROUTING?: EscalationRouting & { teams: Record<EscalationQueue, string>; automatic: AutomaticEscalationRules };
  SLA_RULES?: SlaRules;
  NOTIFICATION_RULES?: NotificationRules;
  CALLBACK_RULES?: CallbackRules;
  /** How long an anonymous self-care session lives after its last activity. */
  SELFCARE_SESSION_TTL_HOURS?: number;
  /** How long after a signed-in session's last activity a contact elsewhere counts as following it. */
  SELFCARE_CONTACT_WINDOW_HOURS?: number;
  /** The client's default language: the self-care report's locale of a session whose first activity names none. */
  DEFAULT_LANGUAGE?: Language;
  /** The client's surveys (null: the client asks none). */
  SURVEY_RULES?: SurveyRules | null;
}

/**
 * What the use cases talk to: their ports (./ports/), the settings and a clock. Each use case takes
 * the part it uses (`Pick<Dependencies, 'cases' | 'now'>`), so that a handler wires those stores
 * only (`dependenciesWith`, functions/wiring/dependencies.ts) and the compiler refuses one that
 * leaves a store out; tests build them against DynamoDB Local.
 */
export interface Dependencies {
  customers: Customers;
  cases: Cases;
  interactions: Interactions;
  escalations: Escalations;
  incidents: Incidents;
  notifications: Notifications;
  callbacks: Callbacks;
  queueStats: QueueStats;
  selfcare: Selfcare;
  surveys: Surveys;
  /** The knowledge base's articles, read by id (their titles in the handoff view). */
  articles: Pick<Articles, 'get'>;
  settings: UseCaseSettings;
  now: () => Date;
}
