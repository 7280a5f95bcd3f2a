import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * One logger, one metrics and one tracer per function, created at cold start. Service name,
 * namespace and log level come from the environment (POWERTOOLS_* variables).
 * Message texts and personal data are never logged: log ids and counts.
 */
export const logger = new Logger();
export const metrics = new Metrics({ defaultDimensions: { client: process.env.CLIENT_ID ?? 'unknown' } });
export const tracer = new Tracer();
