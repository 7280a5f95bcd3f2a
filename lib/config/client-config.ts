import * as z from 'zod';
import { Channel, Language } from '../../functions/domain/channels';
import { weekdays } from '../../functions/domain/business-calendar';
import { type Priority, priorities } from '../../functions/domain/cases';
import { type EscalationQueue, escalationQueues } from '../../functions/domain/escalations';
import { type Role, staffRoles } from '../../functions/domain/roles';
import { publicHolidayCalendars, slaHours } from '../../functions/domain/sla';
import { defaultKpiSettings } from '../../functions/domain/kpi-rules';
import { type WebhookTargetName, webhookTargets } from '../../functions/domain/webhooks';
import {
  defaultDetractorThresholds,
  preferenceAnswers,
  surveyDeliveries,
  surveyLoopActions,
  surveyQuestions,
  surveyScales,
  surveyTriggers,
} from '../../functions/domain/surveys';

/**
 * The configuration of one client brand: one `clients/<clientId>.json` file, one stack.
 * Validated at synth time (and by the local runtime) so that a typo fails before anything deploys.
 */
const ClientId = z.string().regex(/^[a-z][a-z0-9-]{1,30}$/, 'lower-case letters, digits and dashes, 2 to 31 characters, starting with a letter');

const JwtAuth = z
  .object({
    issuer: z.url().describe('The `iss` claim every token must carry (the IdP issuer URL).'),
    audience: z.array(z.string().min(1)).min(1).describe('Accepted `aud` values.'),
  })
  .strict();

/**
 * Where Cognito may send a browser back with a code, or after sign-out: HTTPS, except on the
 * developer's own machine (Cognito accepts plain http for localhost only). No fragment: the
 * code comes back in the query string.
 */
const RedirectUrl = z
  .url()
  .refine((value) => {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && url.hostname === 'localhost');
  }, 'an https URL (http only for localhost)')
  .refine((value) => !value.includes('#'), 'no fragment (#) in a redirect URL');

/**
 * The user attributes a signed-in user may change about themselves (Cognito app client
 * `writeAttributes`). Nothing the API trusts is among them: not `sub`, not a custom attribute
 * that could hold the customer id, and groups (the roles) are never attributes.
 */
export const userWritableAttributes = ['email', 'name', 'given_name', 'family_name', 'locale'] as const;

const CognitoAuth = z
  .object({
    createUserPool: z.literal(true),
    selfSignUp: z.boolean().default(false),
    callbackUrls: z.array(RedirectUrl).min(1).describe('Where the sign-in page may return the authorization code (the front ends).'),
    logoutUrls: z.array(RedirectUrl).min(1).describe('Where the sign-out page may return.'),
    domainPrefix: z
      .string()
      .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'lower-case letters, digits and dashes')
      .refine((prefix) => !/aws|amazon|cognito/.test(prefix), 'Cognito reserves aws, amazon and cognito in domain prefixes')
      .optional()
      .describe('The sign-in domain <prefix>.auth.<region>.amazoncognito.com; default support-<clientId>.'),
  })
  .strict();

/** Who hears an alarm (one SNS topic per client stack, docs/runbook.md#alerts). */
const Alerts = z
  .object({
    emails: z.array(z.email()).min(1).describe('Ops e-mail addresses (each confirms its subscription once).'),
    httpsEndpoints: z
      .array(z.url({ protocol: /^https$/ }))
      .default([])
      .describe("HTTPS endpoints of the outsourcer's on-call tool (SNS HTTPS subscriptions)."),
  })
  .strict();

const QueueSettings = z
  .object({
    team: z.string().min(1).max(100).describe('Who works this queue (shown to agents and in webhooks).'),
    batchSize: z.number().int().min(1).max(10),
    maxConcurrency: z.number().int().min(2).max(1000).describe('Most worker invocations at once (the SQS trigger maximum concurrency).'),
    visibilityTimeoutSeconds: z.number().int().min(1).max(43_200),
    maxReceiveCount: z.number().int().min(1).max(100).describe('Deliveries before a message goes to the dead-letter queue.'),
    maxWaitMinutes: z.number().int().min(1).max(1440).default(15).describe('The oldest-message alarm fires when an escalation waits longer than this.'),
  })
  .strict();

/** Escalation routing: which queue an escalation goes to, and how each queue is consumed. */
const Routing = z
  .object({
    queues: z.object(Object.fromEntries(escalationQueues.map((queue) => [queue, QueueSettings])) as Record<EscalationQueue, typeof QueueSettings>).strict(),
    tiers: z.record(z.string().regex(/^[1-9]$/), z.enum(escalationQueues)).describe('Tier (1-9) → queue.'),
    skills: z
      .record(z.string().regex(/^[a-z][a-z0-9_-]{0,30}$/), z.enum(escalationQueues))
      .default({})
      .describe('Skill → queue; wins over the tier.'),
    automatic: z
      .object({
        repeatContact: z
          .object({ withinDays: z.number().int().min(1).max(90), tier: z.number().int().min(1).max(9) })
          .strict()
          .optional()
          .describe('Escalate when a customer contacts again about an open case within N days.'),
        negativeComplaintOrCancellation: z
          .object({ tier: z.number().int().min(1).max(9) })
          .strict()
          .optional()
          .describe('Escalate a case when a text reads as a complaint or a cancellation, in a negative tone.'),
        vip: z
          .object({ tier: z.number().int().min(1).max(9) })
          .strict()
          .optional()
          .describe('Escalate a case as soon as a VIP customer (profile flag) contacts about it.'),
      })
      .strict()
      .default({})
      .describe('Escalations the backend requests by itself when interactions are recorded on a case.'),
  })
  .strict();

const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a local time HH:MM (24:00 ends a day)');

const BusinessHours = z
  .object({
    weekly: z
      .partialRecord(z.enum(weekdays), z.array(z.tuple([LocalTime, LocalTime]).refine(([start, end]) => start < end, 'an interval must end after it starts')))
      .describe('Opening intervals per weekday (sun … sat), in the client time zone.'),
    publicHolidays: z.enum(publicHolidayCalendars).describe('Whose public holidays close the service (FR: the eleven French ones).'),
    closedDates: z.array(z.iso.date()).default([]).describe('Other closed days, YYYY-MM-DD.'),
  })
  .strict()
  .refine((hours) => Object.values(hours.weekly).some((intervals) => intervals.length > 0), 'at least one opening interval');

const SlaPolicy = z
  .object({
    firstResponseMinutes: z
      .number()
      .int()
      .min(1)
      .max(60 * 24 * 30),
    resolutionMinutes: z
      .number()
      .int()
      .min(1)
      .max(60 * 24 * 90),
    hours: z.enum(slaHours).describe('Count in business hours, or around the clock.'),
  })
  .strict()
  .refine((policy) => policy.resolutionMinutes >= policy.firstResponseMinutes, {
    message: 'resolution cannot come before the first response',
    path: ['resolutionMinutes'],
  });

const WebhookTarget = z.object({ url: z.url({ protocol: /^https$/ }).describe('HTTPS endpoint; each delivery is signed (docs/webhooks.md).') }).strict();

const Webhooks = z
  .object({
    ...(Object.fromEntries(webhookTargets.map((target) => [target, WebhookTarget.optional()])) as Record<
      WebhookTargetName,
      z.ZodOptional<typeof WebhookTarget>
    >),
    delivery: z
      .object({
        maxAttempts: z.number().int().min(1).max(20).describe('Attempts before a delivery goes to the dead-letter queue.'),
        maxConcurrency: z.number().int().min(2).max(1000),
      })
      .strict(),
  })
  .strict()
  .describe("Where the backend tells the client's own platforms (workforce, supervisors) what happened.");

/**
 * The reference front ends on AWS (issue 16): the widget, the agent desktop and the supervisor
 * view as static files in a private S3 bucket behind CloudFront (lib/stack/constructs/front-ends.ts).
 * Off by default: a brand that builds its own screens deploys none of them.
 */
const FrontEnds = z
  .object({
    enabled: z.boolean().default(false).describe('Deploy the widget, desktop and supervisor pages (S3 + CloudFront).'),
    domainName: z
      .string()
      .regex(/^(?!-)[a-z0-9-]{1,63}(?:\.(?!-)[a-z0-9-]{1,63})+$/, 'a lower-case host name such as help.example.com')
      .optional()
      .describe("The pages' own host name (a CNAME to the distribution, set in the brand's DNS); default the distribution's *.cloudfront.net name."),
    certificateArn: z
      .string()
      .regex(/^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/, 'an ACM certificate ARN in us-east-1 (CloudFront takes its certificates there)')
      .optional()
      .describe('The certificate of domainName, in us-east-1.'),
    priceClass: z
      .enum(['PriceClass_100', 'PriceClass_200', 'PriceClass_All'])
      .default('PriceClass_100')
      .describe("CloudFront's edge locations: 100 is North America and Europe, the cheapest."),
    oidc: z
      .object({
        authorizationEndpoint: z.url({ protocol: /^https$/ }),
        tokenEndpoint: z.url({ protocol: /^https$/ }),
        endSessionEndpoint: z.url({ protocol: /^https$/ }).optional(),
        clientId: z.string().min(1).describe("The pages' public client at the IdP (authorization code with PKCE, no secret)."),
        scopes: z.array(z.string().min(1)).min(1).default(['openid']),
      })
      .strict()
      .optional()
      .describe("With auth.jwt: the client's IdP endpoints the agents sign in at (with auth.cognito they come from the user pool)."),
  })
  .strict()
  .refine((frontEnds) => !frontEnds.domainName === !frontEnds.certificateArn, {
    message: 'set domainName and certificateArn together (CloudFront serves a custom name only with its certificate)',
    path: ['certificateArn'],
  })
  .prefault({})
  .describe('Reference front ends on S3 + CloudFront, with the agents signing in by authorization code and PKCE.');

const RequestsPerWindow = z.number().int().min(1).max(1_000_000);

/**
 * Per-caller limits, counted in the data table (functions/domain/rate-limits.ts). Defaults:
 * 50 requests per 10 s window (5 per second, with bursts) per customer and per public address;
 * staff and integrations are not counted (the stage throttle bounds them) unless given a limit.
 */
const RateLimits = z
  .object({
    windowSeconds: z.number().int().min(1).max(3600).default(10).describe('Length of a counting window, in seconds.'),
    public: RequestsPerWindow.nullable().default(50).describe('Requests per window per source address on public routes; null: not counted.'),
    roles: z
      .object({
        customer: RequestsPerWindow.nullable().default(50).describe('Requests per window per customer (all their tokens together); null: not counted.'),
        ...(Object.fromEntries(staffRoles.map((role) => [role, RequestsPerWindow.nullable().optional()])) as Record<
          Exclude<Role, 'customer'>,
          z.ZodOptional<z.ZodNullable<typeof RequestsPerWindow>>
        >),
      })
      .strict()
      .prefault({})
      .describe('Per role; a staff role is counted (per token subject) only when given a limit here.'),
  })
  .strict()
  .prefault({})
  .describe('Per-caller request limits (429 rate-limited with Retry-After), under the stage throttling.');

export const ClientConfig = z
  .object({
    clientId: ClientId,
    displayName: z.string().min(1).max(100),
    stage: z.enum(['dev', 'prod']),
    aws: z
      .object({
        account: z
          .string()
          .regex(/^\d{12}$/, 'a 12-digit AWS account id')
          .optional(),
        region: z
          .string()
          .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as eu-west-3')
          .optional(),
      })
      .strict()
      .default({}),
    auth: z
      .object({
        jwt: JwtAuth.optional(),
        cognito: CognitoAuth.optional(),
        roleClaim: z.string().min(1).default('role').describe('The claim that carries the caller role(s): a string, a space-separated string or an array.'),
        customerIdClaim: z.string().min(1).default('sub').describe('For callers with the customer role: the claim that holds their customer id.'),
      })
      .strict()
      .refine((auth) => (auth.jwt ? 1 : 0) + (auth.cognito ? 1 : 0) === 1, {
        message: 'set exactly one of auth.jwt (an existing IdP) or auth.cognito (create a user pool)',
      })
      // The stack creates one Cognito group per role; Cognito puts a user's groups in this claim.
      .refine((auth) => !auth.cognito || auth.roleClaim === 'cognito:groups', {
        message: 'with auth.cognito, roleClaim must be "cognito:groups" (roles are Cognito groups)',
        path: ['roleClaim'],
      })
      // A user could otherwise rewrite the claim that says whose data they may read.
      .refine((auth) => !auth.cognito || !(userWritableAttributes as readonly string[]).includes(auth.customerIdClaim), {
        message: `with auth.cognito, customerIdClaim cannot be an attribute users may change themselves (${userWritableAttributes.join(', ')})`,
        path: ['customerIdClaim'],
      }),
    cors: z
      .object({
        allowedOrigins: z.array(z.union([z.url(), z.literal('*')])).min(1),
      })
      .strict(),
    throttling: z
      .object({
        rateLimit: z.number().int().positive().max(100_000).describe('steady-state requests per second'),
        burstLimit: z.number().int().positive().max(100_000),
      })
      .strict(),
    rateLimits: RateLimits,
    retention: z
      .object({
        interactionsDays: z.number().int().min(1).max(3650),
        historyImportDays: z
          .number()
          .int()
          .min(0)
          .max(3650)
          .default(30)
          .describe('how far back an integration importing history may date a contact (never beyond interactionsDays)'),
        // Each kind of record below is kept this long, applied with the TTL attribute on every write
        // (functions/domain/retention.ts; docs/privacy.md lists them for the client's DPO).
        notificationsDays: z.number().int().min(1).max(3650).optional().describe('notifications (addresses, texts); default interactionsDays'),
        callbacksDays: z.number().int().min(1).max(3650).optional().describe('callbacks (phone numbers), after their request; default interactionsDays'),
        selfcareSessionsDays: z
          .number()
          .int()
          .min(1)
          .max(3650)
          .optional()
          .describe('self-care sessions handed over to a case (anonymous ones live selfcare.sessionTtlHours); default interactionsDays'),
        idempotencyHours: z.number().int().min(1).max(720).default(24).describe('Idempotency-Key records (stored responses)'),
        webhookDeliveriesDays: z.number().int().min(5).max(3650).default(14).describe('webhook delivery records (longer than SQS keeps a message, 4 days)'),
        erasureRecordsDays: z.number().int().min(30).max(3650).default(365).describe('erasure records (the proof, keyed by an HMAC of the customer id)'),
        logsDays: z
          .union([
            z.literal(1),
            z.literal(3),
            z.literal(5),
            z.literal(7),
            z.literal(14),
            z.literal(30),
            z.literal(60),
            z.literal(90),
            z.literal(120),
            z.literal(150),
            z.literal(180),
            z.literal(365),
            z.literal(400),
            z.literal(545),
            z.literal(731),
            z.literal(1827),
            z.literal(3653),
          ])
          .default(30)
          .describe('CloudWatch Logs retention: one of the values CloudWatch accepts'),
      })
      .strict(),
    channels: z.array(Channel).min(1),
    languages: z.array(Language).min(1),
    defaultLanguage: Language,
    timezone: z.string().refine(isTimeZone, 'an IANA time zone such as Europe/Paris'),
    businessHours: BusinessHours,
    sla: z
      .object({ policies: z.object(Object.fromEntries(priorities.map((priority) => [priority, SlaPolicy])) as Record<Priority, typeof SlaPolicy>).strict() })
      .strict()
      .describe('First-response and resolution targets per case priority.'),
    routing: Routing,
    webhooks: Webhooks,
    notifications: z
      .object({
        case: z
          .object({ escalated: z.boolean(), slaBreached: z.boolean(), resolved: z.boolean() })
          .strict()
          .describe('Which case events the customer is told about.'),
        satisfactionSurveyUrl: z
          .url({ protocol: /^https$/ })
          .optional()
          .describe('Sent with the resolution; `{caseId}` is replaced.'),
        delivery: z
          .object({
            maxAttempts: z.number().int().min(1).max(20).describe('Attempts to hand a notification to the messaging platform.'),
            maxConcurrency: z.number().int().min(2).max(1000),
          })
          .strict(),
      })
      .strict(),
    callbacks: z
      .object({
        maxAttempts: z.number().int().min(1).max(10).describe('Calls before a callback nobody answered is failed.'),
        retryAfterMinutes: z.number().int().min(1).max(1440).describe('Wait before calling again after no answer.'),
        windowMinutes: z.number().int().min(15).max(480).default(60).describe('Length of the window offered when asap is not possible.'),
      })
      .strict(),
    selfcare: z
      .object({
        sessionTtlHours: z
          .number()
          .int()
          .min(1)
          .max(720)
          .default(24)
          .describe(
            'How long a self-care session lives after its last activity (anonymous ones hold no identity; a session handed over is kept with the case).',
          ),
        contactWindowHours: z
          .number()
          .int()
          .min(1)
          .max(720)
          .default(24)
          .describe(
            "A signed-in visitor's contact on another channel at most this long after the session's last activity means the session did not contain their need (the self-care report's containment rate). At most sessionTtlHours: the session must still be there to be counted.",
          ),
      })
      .strict()
      .refine((selfcare) => selfcare.contactWindowHours <= selfcare.sessionTtlHours, {
        path: ['contactWindowHours'],
        message: 'at most sessionTtlHours: a contact is counted against a session that still exists',
      })
      .default({ sessionTtlHours: 24, contactWindowHours: 24 }),
    surveys: z
      .object({
        questions: z.array(z.enum(surveyQuestions)).min(1).describe('The questions asked (csat 1–5, ces 1–7, preference yes/no/maybe, nps 0–10).'),
        comment: z.boolean().default(true).describe('Whether the survey offers an optional comment.'),
        triggers: z.array(z.enum(surveyTriggers)).min(1).describe('When a survey is offered.'),
        delivery: z
          .enum(surveyDeliveries)
          .default('preferred_channel')
          .describe(
            "`preferred_channel`: a link in the notice, on the customer's preferred consented channel; `inline_chat`: a case handled on chat is asked inline by the chat platform (POST /cases/{caseId}/survey-responses).",
          ),
        openDays: z.number().int().min(1).max(90).default(14).describe('How long a survey stays open (its link answers 410 after).'),
        fatigueDays: z.number().int().min(0).max(365).default(30).describe('At most one survey per customer in this many days (0: no limit).'),
        detractor: z
          .object({
            csatAtMost: z.number().int().min(surveyScales.csat.min).max(surveyScales.csat.max),
            cesAtLeast: z.number().int().min(surveyScales.ces.min).max(surveyScales.ces.max),
            preference: z.array(z.enum(preferenceAnswers)),
          })
          .strict()
          .default({ ...defaultDetractorThresholds, preference: [...defaultDetractorThresholds.preference] })
          .describe('Which answers make a detractor (SurveyDetractor).'),
        loopAction: z.enum(surveyLoopActions).default('none').describe("What a detractor's answer triggers besides the supervisors' webhook."),
        pageUrl: z
          .url({ protocol: /^https?$/ })
          .refine((url) => url.includes('%7Btoken%7D') || url.includes('{token}'), 'must contain {token}')
          .describe('The survey page the link opens; `{token}` is replaced by the single-use token.'),
      })
      .strict()
      .optional()
      .describe('Customer surveys (voice of the customer). Absent: no survey, the resolved notice carries `notifications.satisfactionSurveyUrl` if any.'),
    kpis: z
      .object({
        fcrWindowDays: z
          .number()
          .int()
          .min(1)
          .max(90)
          .default(defaultKpiSettings.fcrWindowDays)
          .describe('First-contact resolution: a resolved case reopened or contacted again within this many days is not first-contact.'),
        serviceLevelTargetMinutes: z
          .partialRecord(z.enum(escalationQueues), z.number().int().min(1).max(10_080))
          .default({})
          .describe(`Service level: each queue's target wait before assignment (default ${defaultKpiSettings.serviceLevelTargetMinutes} minutes).`),
        surges: z
          .object({
            factor: z
              .number()
              .min(1)
              .max(100)
              .default(defaultKpiSettings.surges.factor)
              .describe('A 15-minute bucket is a surge at this many times its trailing baseline...'),
            minimumCount: z.number().int().min(2).max(100_000).default(defaultKpiSettings.surges.minimumCount).describe('... and at least this many contacts.'),
            baselineHours: z
              .number()
              .int()
              .min(1)
              .max(168)
              .default(defaultKpiSettings.surges.baselineHours)
              .describe('The trailing baseline: the hours before the bucket.'),
            quietMinutes: z
              .number()
              .int()
              .min(15)
              .max(1440)
              .default(defaultKpiSettings.surges.quietMinutes)
              .describe('A raised surge raises no new one for this long.'),
          })
          .strict()
          .default({ ...defaultKpiSettings.surges }),
      })
      .strict()
      .default({ fcrWindowDays: defaultKpiSettings.fcrWindowDays, serviceLevelTargetMinutes: {}, surges: { ...defaultKpiSettings.surges } })
      .describe('KPI windows and targets, and the weak-signal thresholds (docs/kpis.md).'),
    alerts: Alerts,
    frontEnds: FrontEnds,
    tags: z.record(z.string(), z.string()).default({}),
  })
  .strict()
  .refine((c) => c.languages.includes(c.defaultLanguage), {
    message: 'defaultLanguage must be one of languages',
    path: ['defaultLanguage'],
  })
  // The pages sign agents in where the API's tokens come from: the user pool's endpoints, or the IdP's.
  .refine((c) => !c.frontEnds.enabled || !c.auth.jwt || c.frontEnds.oidc, {
    message: "with auth.jwt, the front ends need the IdP's endpoints and their client id (frontEnds.oidc)",
    path: ['frontEnds', 'oidc'],
  })
  .refine((c) => !c.auth.cognito || !c.frontEnds.oidc, {
    message: 'with auth.cognito, the front ends sign in at the user pool: no frontEnds.oidc',
    path: ['frontEnds', 'oidc'],
  });

export type ClientConfig = z.infer<typeof ClientConfig>;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
