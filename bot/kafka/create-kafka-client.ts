import { Kafka, logLevel, type LogEntry, type SASLOptions } from 'kafkajs';
import type { Logger } from '../log/create-logger.js';
import type { KafkaConfig } from './read-kafka-config.js';

/** kafkajs messages that are expected here and say nothing useful at warn level. */
const QUIET = [
  'Limiting retries for the idempotent producer', // we bound retries on purpose: the outbox retries
  'KafkaJS v2.0.0 switched default partitioner',
  'The group is rebalancing, re-joining',
];

/** A kafkajs client from the configuration, logging through the bot's logger. */
export function createKafkaClient(config: KafkaConfig, log: Logger): Kafka {
  const kafkaLog = log.child({ component: 'kafka' });
  return new Kafka({
    clientId: config.clientId,
    brokers: [...config.brokers],
    ...(config.ssl ? { ssl: config.ssl.ca === undefined ? true : { ca: [config.ssl.ca] } } : {}),
    ...(config.sasl
      ? {
          sasl: {
            mechanism: config.sasl.mechanism,
            username: config.sasl.username,
            password: config.sasl.password,
          } as SASLOptions,
        }
      : {}),
    connectionTimeout: 3000,
    retry: { initialRetryTime: 100, maxRetryTime: 3000, retries: 5 },
    logLevel: logLevel.INFO,
    logCreator:
      () =>
      ({ namespace, level, log: entry }: LogEntry) => {
        const { message, ...extra } = entry as Record<string, unknown> & { message: string };
        delete extra.timestamp;
        delete extra.logger;
        const quiet = QUIET.some((text) => message.startsWith(text));
        const fields = { namespace, ...extra };
        if (level === logLevel.ERROR && !quiet) kafkaLog.error(fields, message);
        else if (level === logLevel.WARN && !quiet) kafkaLog.warn(fields, message);
        else kafkaLog.debug(fields, message);
      },
  });
}
