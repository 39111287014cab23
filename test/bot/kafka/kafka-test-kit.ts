import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Consumer, type KafkaMessage } from 'kafkajs';

/** The broker that the global setup started (scripts/kafka, test/services/global-setup.ts). */
export function brokers(): string {
  const value = process.env.KAFKA_BROKERS;
  if (!value) throw new Error('KAFKA_BROKERS is not set: run through vitest (global setup)');
  return value;
}

export function testKafka(): Kafka {
  return new Kafka({
    clientId: 'switchyard-test',
    brokers: brokers().split(','),
    logLevel: logLevel.NOTHING,
  });
}

/** A fresh name: topics and groups are never shared between tests (the mock is slow to rebalance). */
export function unique(prefix: string): string {
  return `${prefix}-${Date.now()}-${randomBytes(3).toString('hex')}`;
}

export async function createTopic(kafka: Kafka, topic: string, partitions: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [{ topic, numPartitions: partitions }],
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}

export interface ReadMessage {
  readonly partition: number;
  readonly message: KafkaMessage;
}

/** Reads `count` messages of `topic` from the beginning in a group of its own. */
export async function readMessages(
  kafka: Kafka,
  topic: string,
  count: number,
  timeoutMs = 15_000,
): Promise<ReadMessage[]> {
  const consumer: Consumer = kafka.consumer({
    groupId: unique('reader'),
    sessionTimeout: 6000,
    heartbeatInterval: 500,
    maxWaitTimeInMs: 200,
  });
  const read: ReadMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`read ${read.length} of ${count} messages`)),
        timeoutMs,
      );
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          read.push({ partition, message });
          if (read.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return read;
}

/** Waits until `groupId` has committed offsets adding up to `total` messages of `topic`. */
export async function waitForCommitted(
  kafka: Kafka,
  groupId: string,
  topic: string,
  total: number,
  timeoutMs = 15_000,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const sum = offsets!.partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
      if (sum >= total) return;
      if (Date.now() > deadline)
        throw new Error(`group ${groupId} committed ${sum} of ${total} messages of ${topic}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await admin.disconnect();
  }
}
