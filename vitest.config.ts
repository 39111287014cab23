import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
    // A real Kafka-protocol broker on loopback (librdkafka's mock cluster): KAFKA_BROKERS.
    globalSetup: ['../shared/kafka/vitest.global-setup.ts'],
  },
});
