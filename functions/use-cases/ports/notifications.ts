import type { Notification, NotificationChannel } from '../../domain/notifications';
import type { OutboxEvent } from '../../domain/outbox-event';

/** Notifications, each created once per request (its id follows from it), with their attempts. */
export interface Notifications {
  get(notificationId: string): Promise<Notification | undefined>;
  /** Stores a new notification on the customer's timeline, with its event if it is final (suppressed); false when it exists (the same request again). */
  create(notification: Notification, outbox?: OutboxEvent): Promise<boolean>;
  /** Counts an attempt and takes its lease; false when it was sent, failed or superseded meanwhile, or another attempt holds a live lease. */
  startAttempt(notificationId: string, now: Date, leaseUntil: Date): Promise<boolean>;
  /** A deferred incident notification a newer revision overtook: suppressed as `superseded`; false when it left `deferred` meanwhile. */
  supersede(notificationId: string, outbox: OutboxEvent): Promise<boolean>;
  /** Marks it sent, with its NotificationSent event; once: a second call for a notification already sent changes nothing. */
  sent(notificationId: string, channel: NotificationChannel, at: Date, outbox: OutboxEvent): Promise<void>;
  /** An attempt failed: the error is kept and the lease let go; on the last attempt the notification is `failed`. */
  attemptFailed(notificationId: string, error: string, final: boolean): Promise<void>;
  /** Notifications held back by quiet hours that may go now, page by page. */
  deferredDue(now: Date): AsyncGenerator<string[]>;
}

/**
 * One step of an incident fan-out: a page of one source of its audience. A declaration walks the
 * affected segments (who is in them now); a later revision walks the audience lists (whoever was
 * told before, even if they left the segment since), one shard after the other.
 */
export interface AudiencePage {
  kind: 'audience';
  incidentId: string;
  /** The revision that started this walk. */
  revision: number;
  from: 'segments' | 'told';
  /** Which segment (in `audienceSegments` order) or which audience shard. */
  position: number;
  cursor?: string;
}

/** A small group of customers to tell the latest revision of an incident. */
export interface AudienceDelivery {
  kind: 'deliver';
  incidentId: string;
  /** The revision whose walk found them (they are told the latest one). */
  revision: number;
  customerIds: string[];
}

/** Notifications that quiet hours held back, now due (sent by the dispatcher). */
export interface DeferredDelivery {
  kind: 'deferred';
  notificationIds: string[];
}

/** The work the notification queue carries. */
export type NotificationMessage = AudiencePage | AudienceDelivery | DeferredDelivery;

/** Puts messages on the notification queue (all of them, or it throws). */
export type EnqueueNotifications = (messages: readonly NotificationMessage[]) => Promise<void>;
