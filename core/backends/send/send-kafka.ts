import type { KafkaPlan } from '../plan/request-plan.js';
import type { SendResult } from './send-result.js';

/** The part of a kafkajs Producer the KAFKA backend uses. */
export interface KafkaSender {
  send(record: {
    topic: string;
    messages: { key: string; value: string; headers: Record<string, string> }[];
  }): Promise<unknown>;
}

/** Produces the run message (spec §5.4); the run stays IN_PROGRESS until the consumer reports. */
export async function sendKafka(plan: KafkaPlan, producer: KafkaSender): Promise<SendResult> {
  const logs = [`Producing to topic ${plan.topic} with key ${plan.key}`];
  try {
    await producer.send({
      topic: plan.topic,
      messages: [
        { key: plan.key, value: JSON.stringify(plan.value), headers: { ...plan.headers } },
      ],
    });
  } catch (error) {
    const message = (error as Error).message;
    return {
      outcome: 'retry',
      error: `Kafka produce failed: ${message}`,
      logs: [...logs, `Kafka produce failed: ${message}`],
    };
  }
  return {
    outcome: 'done',
    status: 'IN_PROGRESS',
    logs: [
      ...logs,
      'Message produced; the run stays IN_PROGRESS until the consumer reports its result',
    ],
  };
}
