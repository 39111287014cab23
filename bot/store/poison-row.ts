import { isoTime, text } from './run-row.js';
import type { SqlRow } from './sql-driver.js';
import type { EventSource, PoisonMessage } from './store.js';

export const POISON_COLUMNS = [
  'id',
  'source',
  'reason',
  'raw',
  'topic',
  'kafka_partition',
  'kafka_offset',
  'kafka_key',
  'received_at',
] as const;

export function decodePoisonMessage(row: SqlRow): PoisonMessage {
  return {
    id: String(row.id),
    source: row.source as EventSource,
    reason: String(row.reason),
    raw: String(row.raw),
    topic: text(row.topic),
    partition: row.kafka_partition === null ? null : Number(row.kafka_partition),
    offset: text(row.kafka_offset),
    key: text(row.kafka_key),
    receivedAt: isoTime(row.received_at),
  };
}
