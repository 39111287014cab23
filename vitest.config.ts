import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
    // PostgreSQL and a Kafka-protocol broker on loopback, found or started (test/services).
    globalSetup: ['test/services/global-setup.ts', 'test/services/build-ui.ts'],
  },
});
