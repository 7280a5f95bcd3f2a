import type * as z from 'zod/mini';
import { CustomerCreated, CustomerIdentitiesAdded, CustomerUpdated, CustomersMerged } from './customer-events';
import { InteractionRecorded } from './interaction-events';
import { CaseOpened, CaseUpdated } from './case-events';
import { EscalationRequested, EscalationAssigned } from './escalation-events';
import { SlaBreached } from './sla-events';
import { IncidentDeclared, IncidentUpdated } from './incident-events';
import { CallbackRequested, CallbackDue, CallbackUpdated } from './callback-events';
import { NotificationSent, NotificationSuppressed } from './notification-events';
import { ArticlePublished, ArticleArchived } from './knowledge-events';
import { SelfcareHandover } from './selfcare-events';
import { SurveyOffered, SurveyAnswered, SurveyDetractor } from './survey-events';
import { SurgeDetected } from './surge-events';
import { ErasureRequested, CustomerErased } from './privacy-events';

/**
 * The event catalog: every event the backend publishes, in one place. Each event is declared in the module of its source (`customer-events.ts`, `case-events.ts`, …: a function's bundle carries the modules of the events it writes or reads, not the catalog) and gives the
 * EventBridge `source`, the versioned `detail-type` and the zod schema of `detail.data`; the JSON
 * Schemas and pages under `docs/events/` and the bus rules are generated from it.
 *
 * Events are a public contract: add optional fields freely, but a breaking change is a new
 * version (`CaseUpdated.v2`) published next to the old one until consumers have moved.
 * Events carry ids, never message texts or personal data: consumers read the record if needed.
 */
export { type EventDefinition, EventMetadata, eventSourcePrefix } from './event-definition';

export const events = {
  CustomerCreated,
  CustomerIdentitiesAdded,
  CustomerUpdated,
  CustomersMerged,
  InteractionRecorded,
  CaseOpened,
  CaseUpdated,
  EscalationRequested,
  EscalationAssigned,
  SlaBreached,
  IncidentDeclared,
  IncidentUpdated,
  CallbackRequested,
  CallbackDue,
  CallbackUpdated,
  NotificationSent,
  NotificationSuppressed,
  ArticlePublished,
  ArticleArchived,
  SelfcareHandover,
  SurveyOffered,
  SurveyAnswered,
  SurveyDetractor,
  SurgeDetected,
  ErasureRequested,
  CustomerErased,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
/** Any one event of the catalog. */
export type AnyEvent = Events[EventName];
export type EventData<N extends EventName> = z.infer<Events[N]['data']>;
