import type { KafkaSender } from '../../core/backends/send/send-kafka.js';
import type { BotContext } from '../bot-context.js';
import { createKafkaClient } from './create-kafka-client.js';
import { lazyProducer } from './lazy-producer.js';
import {
  startKafkaEventSource,
  type KafkaEventSource,
} from '../ingest/kafka/start-kafka-event-source.js';

/** The bot's Kafka parts: the KAFKA backend's producer and the catalog event source. */
export interface BotKafka {
  /** For `SendDeps.kafka`; undefined when no brokers are configured. */
  readonly producer?: () => Promise<KafkaSender>;
  /** Joins the consumer group when `SWITCHYARD_KAFKA_EVENTS_TOPIC` is set; resolves once joined. */
  startEventSource(): Promise<void>;
  /** Finishes the batch in hand, commits and leaves the group (call before the store closes). */
  stopEventSource(): Promise<void>;
  /** Call once the dispatcher has stopped. */
  disconnectProducer(): Promise<void>;
}

export function createBotKafka(ctx: BotContext): BotKafka {
  const config = ctx.config.kafka;
  if (!config) {
    return {
      startEventSource: async () => undefined,
      stopEventSource: async () => undefined,
      disconnectProducer: async () => undefined,
    };
  }
  const kafka = createKafkaClient(config, ctx.log);
  const producer = lazyProducer(kafka);
  let source: KafkaEventSource | undefined;
  return {
    producer: () => producer.get(),
    async startEventSource() {
      if (!config.eventsTopic || source) return;
      source = await startKafkaEventSource(ctx, kafka, {
        topic: config.eventsTopic,
        groupId: config.groupId,
        sessionTimeoutMs: config.sessionTimeoutMs,
      });
    },
    async stopEventSource() {
      const stopping = source;
      source = undefined;
      await stopping?.stop();
    },
    disconnectProducer: () => producer.disconnect(),
  };
}
