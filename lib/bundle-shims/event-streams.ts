/**
 * Stands in for `@smithy/core/event-streams` in the Lambda bundles (the `alias` of
 * lib/bundling.ts). Every SDK v3 client's protocol loads it with a dynamic `import()` for
 * operations that stream events (S3 SelectObjectContent, Bedrock, Transcribe...), and esbuild
 * inlines what a dynamic import names, so each bundle carried its codecs (about 14 KB minified).
 * None of the operations our functions call (DynamoDB, SQS, EventBridge, Secrets Manager) has an
 * event stream; were one added, this fails it loudly instead of sending a wrong request.
 */
function unsupported(): never {
  throw new Error('Event streams are left out of the Lambda bundles (lib/bundle-shims/event-streams.ts): no operation our functions call streams events.');
}

export class EventStreamSerde {
  constructor() {
    unsupported();
  }
}

export const eventStreamSerdeProvider = (): never => unsupported();
