import { defineConfig } from 'vitest/config';

// Two projects: `unit` (core/'s tests: pure logic and loopback servers, no PostgreSQL, no Kafka,
// no global services; `npm run test:unit`) and `integration` (the bot, the Action, the CLI, with
// PostgreSQL and a Kafka-protocol broker on loopback, found or started by test/services).
// `npm test` runs both.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/core/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: ['test/core/**'],
          globalSetup: ['test/services/global-setup.ts', 'test/services/build-ui.ts'],
        },
      },
    ],
  },
});
