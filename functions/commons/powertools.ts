import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

/**
 * One logger and one metrics per function, created at cold start. Service name, namespace and
 * log level come from the environment (POWERTOOLS_* variables).
 * Message texts and personal data are never logged: log ids and counts.
 *
 * No Powertools tracer: it carries the X-Ray SDK (aws-xray-sdk-core, semver, cls-hooked: about
 * 115 KB minified, a sixth of a handler's bundle) into every cold start. Traces come from Lambda's
 * active tracing instead (each function's segment, its initialisation and invocation), and the
 * SDK clients forward the trace header to DynamoDB, EventBridge and SQS on their own (their
 * recursion-detection middleware reads `_X_AMZN_TRACE_ID`), so a request still reads as one trace
 * across the bus and the queues; what is lost is a subsegment per SDK call.
 */
export const logger = new Logger();
export const metrics = new Metrics({ defaultDimensions: { client: process.env.CLIENT_ID ?? 'unknown' } });
