import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** The project's Kafka-protocol broker scripts (librdkafka's mock cluster). */
export const KAFKA_SCRIPTS = join(import.meta.dirname, '../../scripts/kafka');

export interface KafkaService {
  readonly brokers: string;
  readonly control: string;
  stop(): void;
}

/**
 * Starts a broker of its own for this process (`scripts/kafka/start.sh`: installs Debian's
 * `librdkafka-dev` if missing, compiles once, waits until it answers). It exits by itself if
 * this process dies.
 */
export function startKafkaService(name: string, env = process.env): KafkaService {
  const scriptEnv = {
    ...env,
    KAFKA_MOCK_NAME: env.KAFKA_MOCK_NAME ?? name,
    KAFKA_MOCK_WATCH_PID: String(process.pid),
  };
  const out = execFileSync('bash', [join(KAFKA_SCRIPTS, 'start.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    env: scriptEnv,
  });
  const vars = Object.fromEntries(
    out
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1).trim()]),
  );
  if (!vars.KAFKA_BROKERS || !vars.KAFKA_MOCK_CONTROL)
    throw new Error(`the Kafka test broker did not start (scripts/kafka/start.sh said: ${out})`);
  return {
    brokers: vars.KAFKA_BROKERS,
    control: vars.KAFKA_MOCK_CONTROL,
    stop() {
      execFileSync('bash', [join(KAFKA_SCRIPTS, 'stop.sh')], { stdio: 'inherit', env: scriptEnv });
    },
  };
}
