import * as z from 'zod';
import { callbackOutcomes, callbackStatuses } from '../domain/callbacks';
import { CallbackId, CustomerId } from '../domain/ids';
import { Phone, Text, Timestamp } from './common';

/** Callbacks (the SOS button): a customer asks to be called, now or in a window. */

export const CallbackStatus = z.enum(callbackStatuses);

export const CallbackPath = z.object({ callbackId: CallbackId });

export const RequestCallbackRequest = z
  .object({
    customerId: CustomerId.optional().meta({ description: 'Required for staff; a customer asks for themselves.' }),
    phone: Phone,
    reason: Text.trim().min(1).max(500).optional(),
    when: z.union([
      z.literal('asap'),
      z
        .object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) })
        .strict()
        .refine((w) => new Date(w.to) > new Date(w.from), { message: 'to must be after from', path: ['to'] })
        .refine((w) => new Date(w.to).getTime() - new Date(w.from).getTime() <= 86_400_000, { message: 'a window lasts at most 24 hours', path: ['to'] })
        .refine((w) => new Date(w.to).getTime() > Date.now(), { message: 'the window is over', path: ['to'] }),
    ]),
    scheduleIfClosed: z.boolean().optional().meta({ description: 'Outside business hours, schedule asap into the next window instead of refusing it (409).' }),
  })
  .strict()
  .meta({ id: 'RequestCallbackRequest' });

export const Callback = z
  .object({
    callbackId: CallbackId,
    customerId: CustomerId,
    phone: z.string(),
    reason: z.string().optional(),
    asap: z.boolean(),
    window: z.object({ from: Timestamp, to: Timestamp }).optional(),
    dueAt: Timestamp.meta({ description: 'When it is (or next is) handed to telephony.' }),
    status: CallbackStatus,
    attempts: z.number().int(),
    requestedAt: Timestamp,
    updatedAt: Timestamp,
    history: z
      .array(z.object({ at: Timestamp, status: CallbackStatus, attempt: z.number().int(), note: z.string().optional() }))
      .meta({ description: 'Every step, oldest first.' }),
    version: z.number().int().min(1).meta({ description: 'Increments on every change.' }),
    estimatedWaitSeconds: z
      .number()
      .int()
      .nullable()
      .optional()
      .meta({ description: 'On request: the live estimate from the callback queue (null: unknown).' }),
  })
  .meta({ id: 'Callback' });

export const CallbackPage = z
  .object({
    customerId: CustomerId,
    items: z.array(Callback).meta({ description: 'Newest first.' }),
    nextCursor: z.string().optional().meta({ description: 'Pass as `cursor` to get the next (older) page; absent on the last page.' }),
  })
  .meta({ id: 'CallbackPage' });

export const CallbackOutcomeRequest = z
  .object({ outcome: z.enum(callbackOutcomes), note: Text.trim().max(500).optional() })
  .strict()
  .meta({ id: 'CallbackOutcomeRequest' });
