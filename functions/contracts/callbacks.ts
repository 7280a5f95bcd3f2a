import * as z from 'zod/mini';
import { meta } from '../domain/schema-meta';
import { callbackOutcomes, callbackStatuses } from '../domain/callbacks';
import { CallbackId, CustomerId } from '../domain/ids';
import { Phone, Text, Timestamp } from './common';

/** Callbacks (the SOS button): a customer asks to be called, now or in a window. */

export const CallbackStatus = z.enum(callbackStatuses);

export const CallbackPath = z.object({ callbackId: CallbackId });

export const RequestCallbackRequest = meta(
  z.strictObject({
    customerId: meta(z.optional(CustomerId), { description: 'Required for staff; a customer asks for themselves.' }),
    phone: Phone,
    reason: z.optional(Text.check(z.trim(), z.minLength(1), z.maxLength(500))),
    when: z.union([
      z.literal('asap'),
      z.strictObject({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) }).check(
        z.refine((w) => new Date(w.to) > new Date(w.from), { message: 'to must be after from', path: ['to'] }),
        z.refine((w) => new Date(w.to).getTime() - new Date(w.from).getTime() <= 86_400_000, { message: 'a window lasts at most 24 hours', path: ['to'] }),
        z.refine((w) => new Date(w.to).getTime() > Date.now(), { message: 'the window is over', path: ['to'] }),
      ),
    ]),
    scheduleIfClosed: meta(z.optional(z.boolean()), {
      description: 'Outside business hours, schedule asap into the next window instead of refusing it (409).',
    }),
  }),
  { id: 'RequestCallbackRequest' },
);

export const Callback = meta(
  z.object({
    callbackId: CallbackId,
    customerId: CustomerId,
    phone: z.string(),
    reason: z.optional(z.string()),
    asap: z.boolean(),
    window: z.optional(z.object({ from: Timestamp, to: Timestamp })),
    dueAt: meta(Timestamp, { description: 'When it is (or next is) handed to telephony.' }),
    status: CallbackStatus,
    attempts: z.int(),
    requestedAt: Timestamp,
    updatedAt: Timestamp,
    history: meta(z.array(z.object({ at: Timestamp, status: CallbackStatus, attempt: z.int(), note: z.optional(z.string()) })), {
      description: 'Every step, oldest first.',
    }),
    version: meta(z.int().check(z.gte(1)), { description: 'Increments on every change.' }),
    estimatedWaitSeconds: meta(z.optional(z.nullable(z.int())), { description: 'On request: the live estimate from the callback queue (null: unknown).' }),
  }),
  { id: 'Callback' },
);

export const CallbackPage = meta(
  z.object({
    customerId: CustomerId,
    items: meta(z.array(Callback), { description: 'Newest first.' }),
    nextCursor: meta(z.optional(z.string()), { description: 'Pass as `cursor` to get the next (older) page; absent on the last page.' }),
  }),
  { id: 'CallbackPage' },
);

export const CallbackOutcomeRequest = meta(z.strictObject({ outcome: z.enum(callbackOutcomes), note: z.optional(Text.check(z.trim(), z.maxLength(500))) }), {
  id: 'CallbackOutcomeRequest',
});
