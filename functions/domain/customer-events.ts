import * as z from 'zod/mini';
import { meta } from './schema-meta';
import { Channel } from './channels';
import { customerChanges } from './customers';

import { defineEvent, IdentityKind } from './event-definition';

/** The events of `support.customers` (the catalog: functions/domain/events.ts). */
export const CustomerCreated = defineEvent({
  name: 'CustomerCreated',
  version: 1,
  source: 'support.customers',
  description: 'A customer profile was created, because a contact arrived with identities nobody knew yet.',
  data: z.object({
    customerId: z.string(),
    identityKinds: meta(z.array(IdentityKind), { description: 'Which kinds of identity the profile started with (never their values).' }),
    firstChannel: z.optional(Channel),
  }),
});
export const CustomerIdentitiesAdded = defineEvent({
  name: 'CustomerIdentitiesAdded',
  version: 1,
  source: 'support.customers',
  description: 'New identities (an email, a phone, a CRM reference, a social handle) were attached to an existing profile.',
  data: z.object({ customerId: z.string(), identityKinds: z.array(IdentityKind) }),
});
export const CustomerUpdated = defineEvent({
  name: 'CustomerUpdated',
  version: 1,
  source: 'support.customers',
  description:
    "A profile's segment attributes (zone, postcode, offer, product), VIP flag or contact preferences (consent, preferred channel, language, quiet hours) changed. Only the names of what changed are given.",
  data: z.object({
    customerId: z.string(),
    changed: z.array(z.enum(customerChanges)).check(z.minLength(1)),
  }),
});
export const CustomersMerged = defineEvent({
  name: 'CustomersMerged',
  version: 1,
  source: 'support.customers',
  description:
    'Two profiles found to be one person were merged: the source profile now redirects to the target, which shows every interaction and case of both.',
  data: z.object({
    customerId: meta(z.string(), { description: 'The surviving (target) profile.' }),
    sourceCustomerId: meta(z.string(), { description: 'The profile merged into the target.' }),
    mergedBy: meta(z.string(), { description: 'Subject of the caller who asked for the merge.' }),
  }),
});
