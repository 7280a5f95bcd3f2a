import { SQSClient } from '@aws-sdk/client-sqs';

/**
 * One SQS client per function instance. Requests go to the configured endpoint, not to the host
 * of the queue URL (the SDK's default): on AWS both are the regional endpoint; locally the SQS
 * emulator's queue URLs name a host (`sqs.<region>.localhost`) that does not resolve.
 */
export const sqsClient = new SQSClient({ useQueueUrlAsEndpoint: false });
