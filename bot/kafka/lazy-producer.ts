import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import type { KafkaSender } from '../../core/backends/send/send-kafka.js';

export interface LazyProducer {
  /** The connected producer; connects on first use, and again after a failed connect. */
  get(): Promise<KafkaSender>;
  disconnect(): Promise<void>;
}

/**
 * An idempotent producer for KAFKA backends, connected when the first run needs it. Its own
 * retries are bounded: a broker that stays down fails the send, and the outbox retries the
 * delivery later like any other (the run id in key and header lets consumers drop duplicates).
 */
export function lazyProducer(kafka: Kafka): LazyProducer {
  let current: Promise<Producer> | undefined;
  const connect = async (): Promise<Producer> => {
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 2000 },
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    try {
      await producer.connect();
    } catch (error) {
      await producer.disconnect().catch(() => undefined);
      throw error;
    }
    return producer;
  };
  return {
    get() {
      if (!current) {
        const attempt = connect();
        current = attempt;
        attempt.catch(() => {
          if (current === attempt) current = undefined;
        });
      }
      return current;
    },
    async disconnect() {
      const producer = current;
      current = undefined;
      if (producer) await (await producer.catch(() => undefined))?.disconnect();
    },
  };
}
