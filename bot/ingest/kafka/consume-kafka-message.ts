import type { KafkaMessage } from 'kafkajs';
import type { BotContext } from '../../bot-context.js';
import { ingestEvent } from '../ingest-event.js';
import { parseKafkaEvent } from './parse-kafka-event.js';

/** Poison messages keep at most this much of their text. */
const MAX_RAW_CHARS = 256 * 1024;

export type ConsumeOutcome =
  | { readonly kind: 'ingested'; readonly eventId: string; readonly created: boolean }
  | { readonly kind: 'poison'; readonly reason: string };

/**
 * Handles one catalog-event message. When it resolves, the message is durable: the event and
 * its runs are stored (a redelivered message dedupes: the event's `id`, else an id made from
 * topic, partition and offset), or the message is recorded as poison with its reason. It
 * throws only when the store fails, so that the offset is not committed.
 */
export async function consumeKafkaMessage(
  ctx: BotContext,
  topic: string,
  partition: number,
  message: KafkaMessage,
): Promise<ConsumeOutcome> {
  const text = message.value === null ? null : message.value.toString('utf8');
  const parsed = parseKafkaEvent(text);
  if (!parsed.ok) {
    const raw = text ?? '';
    const key = message.key === null ? null : message.key.toString('utf8');
    const poison = await ctx.store.recordPoisonMessage({
      source: 'kafka',
      reason: raw.length > MAX_RAW_CHARS ? `${parsed.reason} (text cut to 256 KiB)` : parsed.reason,
      raw: raw.slice(0, MAX_RAW_CHARS),
      topic,
      partition,
      offset: message.offset,
      key,
    });
    ctx.log.warn(
      { topic, partition, offset: message.offset, poisonId: poison.id },
      `skipped a poison message on ${topic}/${partition}@${message.offset}: ${parsed.reason} (see GET /v1/poison-messages)`,
    );
    return { kind: 'poison', reason: parsed.reason };
  }
  const id = parsed.event.id ?? `kafka_${topic}_${partition}_${message.offset}`;
  const result = await ingestEvent(ctx, parsed.event, { source: 'kafka', id });
  return { kind: 'ingested', eventId: result.eventId, created: result.created };
}
