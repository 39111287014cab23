import { startKafkaService } from './kafka-service.js';
import { startPostgresService } from './postgres-service.js';

/**
 * Vitest global setup: the real services the tests talk to, found or started here, one line
 * each saying which. Workers inherit SWITCHYARD_TEST_DATABASE_URL, KAFKA_BROKERS and
 * KAFKA_MOCK_CONTROL.
 */
export default async function setup(): Promise<() => void> {
  const postgres = await startPostgresService();
  process.env.SWITCHYARD_TEST_DATABASE_URL = postgres.url;
  console.log(`switchyard tests: PostgreSQL: ${postgres.description}`);
  let kafka;
  try {
    kafka = startKafkaService(`vitest-${process.pid}`);
  } catch (error) {
    postgres.stop();
    throw error;
  }
  process.env.KAFKA_BROKERS = kafka.brokers;
  process.env.KAFKA_MOCK_CONTROL = kafka.control;
  console.log(`switchyard tests: Kafka: the local test broker at ${kafka.brokers}`);
  return () => {
    try {
      kafka.stop();
    } finally {
      postgres.stop();
    }
  };
}
