import * as z from 'zod';
import { type SegmentAttribute, segmentAttributes } from '../domain/customers';
import { normaliseSocialHandle } from '../domain/identities';
import { CustomerId } from '../domain/ids';
import { Email, Line, Phone, SegmentValue, Timestamp } from './common';

/** Customers: the profile, its identities and segments, finding and merging profiles. */

const Social = z
  .object({
    network: z.string().regex(/^[a-z0-9_-]{1,30}$/, 'a network name such as facebook, instagram, x'),
    handle: Line.min(1).max(100).transform(normaliseSocialHandle),
  })
  .strict()
  .meta({ id: 'SocialHandle', example: { network: 'instagram', handle: '@jeanne_m' } });

export const CustomerReference = z
  .object({
    customerId: CustomerId.optional(),
    email: Email.optional(),
    phone: Phone.optional(),
    externalId: Line.min(1).max(100).optional().meta({ description: "The client's own customer reference (CRM id)." }),
    social: Social.optional(),
  })
  .strict()
  .refine((c) => Object.values(c).some((v) => v !== undefined), {
    message: 'at least one of customerId, email, phone, externalId, social',
  })
  .meta({
    id: 'CustomerReference',
    description: 'Who the contact is with: any identity the channel knows. A known identity lands on its profile; unknown ones create a profile.',
  });

export const Identities = z
  .object({
    emails: z.array(z.string()),
    phones: z.array(z.string()),
    externalIds: z.array(z.string()),
    social: z.array(z.object({ network: z.string(), handle: z.string() })),
  })
  .meta({ id: 'Identities' });

const Segments = z
  .object(
    Object.fromEntries(segmentAttributes.map((attribute) => [attribute, SegmentValue.optional()])) as Record<
      SegmentAttribute,
      z.ZodOptional<typeof SegmentValue>
    >,
  )
  .meta({ id: 'Segments', description: 'Who the customer is for incidents and offers: zone, postcode, offer, product.' });

export const Customer = z
  .object({
    customerId: CustomerId,
    identities: Identities,
    segments: Segments,
    vip: z.boolean(),
    mergedFrom: z.array(CustomerId).meta({ description: 'Profiles merged into this one; their ids still resolve here.' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Customer' });
export type Customer = z.infer<typeof Customer>;

export const CustomerPath = z.object({ customerId: CustomerId });

export const UpdateCustomerRequest = z
  .object({
    vip: z.boolean().optional(),
    segments: z
      .object(
        Object.fromEntries(segmentAttributes.map((attribute) => [attribute, SegmentValue.nullable().optional()])) as Record<
          SegmentAttribute,
          z.ZodOptional<z.ZodNullable<typeof SegmentValue>>
        >,
      )
      .strict()
      .optional()
      .meta({ description: 'A value sets the attribute, null removes it, an absent attribute is left as it is.' }),
  })
  .strict()
  .refine((u) => u.vip !== undefined || (u.segments !== undefined && Object.keys(u.segments).length > 0), { message: 'at least one of vip, segments' })
  .meta({ id: 'UpdateCustomerRequest' });

export const FindCustomerQuery = z
  .object({
    email: Email.optional(),
    phone: Phone.optional(),
    externalId: Line.min(1).max(100).optional(),
    socialNetwork: z
      .string()
      .regex(/^[a-z0-9_-]{1,30}$/)
      .optional(),
    socialHandle: Line.min(1).max(100).transform(normaliseSocialHandle).optional(),
  })
  .strict()
  .refine((q) => [q.email, q.phone, q.externalId, q.socialHandle].filter((v) => v !== undefined).length === 1, {
    message: 'exactly one of email, phone, externalId, socialHandle (with socialNetwork)',
  })
  .refine((q) => (q.socialHandle === undefined) === (q.socialNetwork === undefined), {
    message: 'socialHandle and socialNetwork go together',
    path: ['socialNetwork'],
  })
  .meta({ description: 'Give exactly one identity: `email`, `phone`, `externalId`, or `socialHandle` with its `socialNetwork`.' });

export const MergeCustomersRequest = z
  .object({ sourceCustomerId: CustomerId })
  .strict()
  .meta({ id: 'MergeCustomersRequest', description: 'The profile to merge into the one in the path. It keeps every interaction and case.' });
