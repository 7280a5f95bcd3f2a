import * as z from 'zod/mini';
import { meta } from '../domain/schema-meta';
import { type SegmentAttribute, segmentAttributes } from '../domain/customers';
import { normaliseSocialHandle } from '../domain/identities';
import { CustomerId } from '../domain/ids';
import { Email, Line, Phone, SegmentValue, Timestamp } from './common';

/** Customers: the profile, its identities and segments, finding and merging profiles. */

const Social = meta(
  z.strictObject({
    network: z.string().check(z.regex(/^[a-z0-9_-]{1,30}$/, 'a network name such as facebook, instagram, x')),
    handle: z.pipe(Line.check(z.minLength(1), z.maxLength(100)), z.transform(normaliseSocialHandle)),
  }),
  { id: 'SocialHandle', example: { network: 'instagram', handle: '@jeanne_m' } },
);

export const CustomerReference = meta(
  z
    .strictObject({
      customerId: z.optional(CustomerId),
      email: z.optional(Email),
      phone: z.optional(Phone),
      externalId: meta(z.optional(Line.check(z.minLength(1), z.maxLength(100))), { description: "The client's own customer reference (CRM id)." }),
      social: z.optional(Social),
    })
    .check(
      z.refine((c) => Object.values(c).some((v) => v !== undefined), {
        message: 'at least one of customerId, email, phone, externalId, social',
      }),
    ),
  {
    id: 'CustomerReference',
    description: 'Who the contact is with: any identity the channel knows. A known identity lands on its profile; unknown ones create a profile.',
  },
);

export const Identities = meta(
  z.object({
    emails: z.array(z.string()),
    phones: z.array(z.string()),
    externalIds: z.array(z.string()),
    social: z.array(z.object({ network: z.string(), handle: z.string() })),
  }),
  { id: 'Identities' },
);

const Segments = meta(
  z.object(
    Object.fromEntries(segmentAttributes.map((attribute) => [attribute, z.optional(SegmentValue)])) as Record<
      SegmentAttribute,
      z.ZodMiniOptional<typeof SegmentValue>
    >,
  ),
  { id: 'Segments', description: 'Who the customer is for incidents and offers: zone, postcode, offer, product.' },
);

export const Customer = meta(
  z.object({
    customerId: CustomerId,
    identities: Identities,
    segments: Segments,
    vip: z.boolean(),
    mergedFrom: meta(z.array(CustomerId), { description: 'Profiles merged into this one; their ids still resolve here.' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  }),
  { id: 'Customer' },
);
export type Customer = z.infer<typeof Customer>;

export const CustomerPath = z.object({ customerId: CustomerId });

export const UpdateCustomerRequest = meta(
  z
    .strictObject({
      vip: z.optional(z.boolean()),
      segments: meta(
        z.optional(
          z.strictObject(
            Object.fromEntries(segmentAttributes.map((attribute) => [attribute, z.optional(z.nullable(SegmentValue))])) as Record<
              SegmentAttribute,
              z.ZodMiniOptional<z.ZodMiniNullable<typeof SegmentValue>>
            >,
          ),
        ),
        { description: 'A value sets the attribute, null removes it, an absent attribute is left as it is.' },
      ),
    })
    .check(
      z.refine((u) => u.vip !== undefined || (u.segments !== undefined && Object.keys(u.segments).length > 0), { message: 'at least one of vip, segments' }),
    ),
  { id: 'UpdateCustomerRequest' },
);

export const FindCustomerQuery = meta(
  z
    .strictObject({
      email: z.optional(Email),
      phone: z.optional(Phone),
      externalId: z.optional(Line.check(z.minLength(1), z.maxLength(100))),
      socialNetwork: z.optional(z.string().check(z.regex(/^[a-z0-9_-]{1,30}$/))),
      socialHandle: z.optional(z.pipe(Line.check(z.minLength(1), z.maxLength(100)), z.transform(normaliseSocialHandle))),
    })
    .check(
      z.refine((q) => [q.email, q.phone, q.externalId, q.socialHandle].filter((v) => v !== undefined).length === 1, {
        message: 'exactly one of email, phone, externalId, socialHandle (with socialNetwork)',
      }),
      z.refine((q) => (q.socialHandle === undefined) === (q.socialNetwork === undefined), {
        message: 'socialHandle and socialNetwork go together',
        path: ['socialNetwork'],
      }),
    ),
  { description: 'Give exactly one identity: `email`, `phone`, `externalId`, or `socialHandle` with its `socialNetwork`.' },
);

export const MergeCustomersRequest = meta(z.strictObject({ sourceCustomerId: CustomerId }), {
  id: 'MergeCustomersRequest',
  description: 'The profile to merge into the one in the path. It keeps every interaction and case.',
});
