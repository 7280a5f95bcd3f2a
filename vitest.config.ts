import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // DynamoDB Local (one Java process) and the SQS emulator are started once for the whole run.
    globalSetup: ['tests/helpers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Two cores: CDK synth and DynamoDB Local compete for them.
    maxWorkers: 2,
  },
});
