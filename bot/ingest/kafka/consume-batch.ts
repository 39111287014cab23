import type { EachBatchPayload, KafkaMessage } from 'kafkajs';
import type { BotContext } from '../../bot-context.js';
import { consumeKafkaMessage } from './consume-kafka-message.js';

/** Keys of one batch handled at once. */
const KEYS_IN_FLIGHT = 16;

/**
 * Handles one fetched batch of a partition. Messages with the same key (the entity, when the
 * producer partitions by entity) are handled in order, one after the other; different keys
 * proceed side by side. Messages without a key count as one key. Offsets are then resolved
 * for the longest prefix of durable messages, in partition order, and committed at once, so
 * a failure (the store is down) commits only what is durable and the rest is fetched again.
 */
export async function consumeBatch(ctx: BotContext, payload: EachBatchPayload): Promise<void> {
  const { batch } = payload;
  const messages = batch.messages;
  const done = messages.map(() => false);
  const byKey = new Map<string, number[]>();
  messages.forEach((message, index) => {
    const key = message.key === null ? '' : `k${message.key.toString('base64')}`;
    const list = byKey.get(key);
    if (list) list.push(index);
    else byKey.set(key, [index]);
  });
  const chains = [...byKey.values()];
  let failure: unknown;
  let next = 0;
  const handle = async (index: number, message: KafkaMessage) => {
    await consumeKafkaMessage(ctx, batch.topic, batch.partition, message);
    done[index] = true;
    await payload.heartbeat();
  };
  const worker = async () => {
    while (next < chains.length && failure === undefined) {
      const chain = chains[next++]!;
      for (const index of chain) {
        if (failure !== undefined || !payload.isRunning() || payload.isStale()) return;
        try {
          await handle(index, messages[index]!);
        } catch (error) {
          failure ??= error;
          return;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(KEYS_IN_FLIGHT, chains.length) }, worker));

  let durable = 0;
  while (durable < messages.length && done[durable]) durable++;
  if (durable > 0) payload.resolveOffset(messages[durable - 1]!.offset);
  await payload.commitOffsetsIfNecessary(payload.uncommittedOffsets());
  if (failure !== undefined) throw failure;
}
