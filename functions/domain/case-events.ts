import * as z from 'zod/mini';
import { meta } from './schema-meta';
import { Channel } from './channels';

import { defineEvent, Priority, CaseStatus, change } from './event-definition';

/** The events of `support.cases` (the catalog: functions/domain/events.ts). */
export const CaseOpened = defineEvent({
  name: 'CaseOpened',
  version: 1,
  source: 'support.cases',
  description: 'A case was opened for a customer.',
  data: z.object({
    caseId: z.string(),
    customerId: z.string(),
    priority: Priority,
    status: CaseStatus,
    assigneeId: z.optional(z.string()),
    channel: z.optional(Channel),
  }),
});
export const CaseUpdated = defineEvent({
  name: 'CaseUpdated',
  version: 1,
  source: 'support.cases',
  description: 'A case changed: status (including a reopen), priority, assignee or subject. Only changed fields appear in `changes`.',
  data: z.object({
    caseId: z.string(),
    customerId: z.string(),
    changes: z.object({
      status: z.optional(change(CaseStatus)),
      priority: z.optional(change(Priority)),
      assigneeId: z.optional(change(z.nullable(z.string()))),
      subject: z.optional(z.object({ changed: z.literal(true) })),
    }),
    reopened: meta(z.boolean(), { description: 'True when a resolved or closed case went back to open.' }),
    version: z.int(),
  }),
});
