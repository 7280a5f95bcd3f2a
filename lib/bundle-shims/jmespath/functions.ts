/**
 * `@aws-lambda-powertools/jmespath/functions` in the bundles: Powertools' custom functions
 * (`powertools_json()` and co.) are only reachable through expressions the stand-in refuses
 * (./index.ts), so IdempotencyConfig's default instance needs no behaviour.
 */
export class PowertoolsFunctions {}
