import type { KafkaMethod } from '../../definitions/definition.js';
import { DEFAULT_KAFKA_TOPIC, type PlanConfig } from './plan-config.js';
import { portSignatureHeaders } from '../sign/port-signature.js';
import type { KafkaPlan } from './request-plan.js';

/** The Kafka message for a rendered KAFKA invocation method (spec §5.4): key = run id. */
export function planKafka(method: KafkaMethod, runId: string, config: PlanConfig): KafkaPlan {
  const value = method.payload ?? {};
  const headers: Record<string, string> = { 'X-Switchyard-Run-Id': runId };
  if (config.signingSecret) {
    Object.assign(
      headers,
      portSignatureHeaders(config.signingSecret, JSON.stringify(value), config.now),
    );
  }
  return {
    type: 'KAFKA',
    runId,
    topic: config.kafkaTopic ?? DEFAULT_KAFKA_TOPIC,
    key: runId,
    value,
    headers,
  };
}
