import * as z from 'zod/mini';
import { meta } from './schema-meta';

import { defineEvent, Timestamp } from './event-definition';

/** The events of `support.privacy` (the catalog: functions/domain/events.ts). */
export const ErasureRequested = defineEvent({
  name: 'ErasureRequested',
  version: 1,
  source: 'support.privacy',
  description:
    "A customer's erasure was requested (GDPR art. 17): the erasure worker does it off the request path. The request id only: it is an HMAC of the customer id, which the record keeps while the work runs.",
  data: z.object({ requestId: z.string() }),
});
export const CustomerErased = defineEvent({
  name: 'CustomerErased',
  version: 1,
  source: 'support.privacy',
  description:
    "A customer was erased: their profile, identities and everything they said are gone, their cases anonymised. The client's other systems erase what they hold under these ids too (the workforce webhook delivers it). Ids only.",
  data: z.object({
    requestId: z.string(),
    customerId: z.string(),
    mergedCustomerIds: meta(z.array(z.string()), { description: 'The profiles merged into it, erased with it.' }),
    requestedAt: Timestamp,
  }),
});
