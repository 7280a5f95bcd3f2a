/**
 * AWS list prices, us-east-1, on-demand, without free tiers. Transcribed from AWS's public
 * pricing pages (Lambda, DynamoDB, SQS, EventBridge, API Gateway, CloudWatch); the build
 * machines have no internet, so re-check them before quoting a figure to a client.
 */
export const prices = {
  readOn: '2026-11-22',
  region: 'us-east-1',
  lambdaArmPerGbSecond: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
  dynamoDbPerMillionWrites: 0.625,
  dynamoDbPerMillionReads: 0.125,
  dynamoDbStoragePerGbMonth: 0.25,
  sqsPerMillionRequests: 0.4,
  eventBridgePerMillionEvents: 1.0,
  httpApiPerMillionRequests: 1.0,
  cloudWatchLogsIngestionPerGb: 0.5,
  // For the rate-limit comparison in the README (CloudFront + WAF in front of the API, not
  // deployed): WAF for CloudFront, and CloudFront HTTPS requests in North America and Europe.
  wafWebAclPerMonth: 5.0,
  wafRulePerMonth: 1.0,
  wafPerMillionRequests: 0.6,
  cloudFrontHttpsPerMillionRequests: 1.0,
} as const;
