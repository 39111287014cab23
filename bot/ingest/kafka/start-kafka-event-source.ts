import type { Consumer, Kafka } from 'kafkajs';
import type { BotContext } from '../../bot-context.js';
import { consumeBatch } from './consume-batch.js';

export interface KafkaEventSourceOptions {
  readonly topic: string;
  readonly groupId: string;
  readonly sessionTimeoutMs: number;
  /** Partitions handled at once by this replica (each one in order). */
  readonly partitionsConsumedConcurrently?: number;
}

export interface KafkaEventSource {
  /** Finishes the batch in hand, commits what is durable, and leaves the group. */
  stop(): Promise<void>;
}

/**
 * Consumes catalog events from `topic` in consumer group `groupId`: the replicas of one
 * deployment split the partitions. Each partition is read in order; an offset is resolved
 * only once its message is durable (event and runs stored, or recorded as poison) and the
 * resolved offsets are committed after each batch, so a crash redelivers at most the
 * uncommitted tail, which dedupes by event id. A consumer that crashes on an error kafkajs
 * does not retry itself is replaced, with backoff, until `stop`.
 */
export async function startKafkaEventSource(
  ctx: BotContext,
  kafka: Kafka,
  options: KafkaEventSourceOptions,
): Promise<KafkaEventSource> {
  const log = ctx.log.child({ component: 'kafka-events', topic: options.topic });
  let current: Consumer | undefined;
  let stopping = false;
  let restartTimer: NodeJS.Timeout | undefined;
  let failures = 0;

  const launch = async (): Promise<void> => {
    const consumer = kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeoutMs,
      heartbeatInterval: Math.max(100, Math.min(3000, Math.floor(options.sessionTimeoutMs / 10))),
      rebalanceTimeout: Math.max(options.sessionTimeoutMs, 10_000),
      maxWaitTimeInMs: 250,
    });
    current = consumer;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      failures = 0;
      const partitions = payload.memberAssignment[options.topic] ?? [];
      log.info(
        { groupId: payload.groupId, memberId: payload.memberId, partitions },
        `kafka event source: joined group ${payload.groupId} with partitions [${partitions.join(', ')}] of ${options.topic}`,
      );
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      log.error(
        { err: payload.error, restart: payload.restart },
        `kafka event source: the consumer crashed (${payload.restart ? 'kafkajs restarts it' : 'starting a new one'})`,
      );
      if (!payload.restart) relaunch(consumer);
    });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [options.topic], fromBeginning: true });
      await consumer.run({
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 4,
        eachBatch: (payload) => consumeBatch(ctx, payload),
      });
    } catch (error) {
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
  };
  const relaunch = (crashed: Consumer) => {
    if (stopping || current !== crashed || restartTimer) return;
    failures++;
    const delay = Math.min(30_000, 500 * 2 ** Math.min(failures, 6));
    restartTimer = setTimeout(() => {
      restartTimer = undefined;
      if (stopping) return;
      crashed
        .disconnect()
        .catch(() => undefined)
        .then(launch)
        .catch((error: unknown) => {
          log.error({ err: error }, 'kafka event source: could not start a new consumer');
          if (current) relaunch(current);
        });
    }, delay);
  };

  await launch();
  return {
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      await current?.disconnect();
    },
  };
}
