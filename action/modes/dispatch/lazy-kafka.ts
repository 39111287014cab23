import type { Producer } from 'kafkajs';
import type { KafkaSender } from '../../../core/backends/send/send-kafka.js';
import type { ActionInputs } from '../../parse-inputs.js';

export interface LazyKafka {
  /** The producer, connected on first call; undefined when `kafka-brokers` is empty. */
  readonly get: (() => Promise<KafkaSender>) | undefined;
  /** Disconnects the producer if one was connected. */
  close(): Promise<void>;
}

/**
 * A kafkajs producer, connected on first use, when `kafka-brokers` is set (kafkajs is
 * only loaded then).
 */
export function lazyKafka(inputs: ActionInputs): LazyKafka {
  if (inputs.kafkaBrokers.length === 0) return { get: undefined, close: async () => {} };
  let producer: Promise<Producer> | undefined;
  const get = () =>
    (producer ??= import('kafkajs').then(async ({ Kafka, logLevel }) => {
      const created = new Kafka({
        clientId: 'switchyard-action',
        brokers: [...inputs.kafkaBrokers],
        logLevel: logLevel.NOTHING,
      }).producer();
      await created.connect();
      return created;
    }));
  return {
    get,
    close: async () => {
      if (producer) await (await producer.catch(() => undefined))?.disconnect();
    },
  };
}
