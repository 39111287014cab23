import { readFileSync } from 'node:fs';

export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

/** Kafka settings for the KAFKA backend (producer) and the catalog event source (consumer). */
export interface KafkaConfig {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly sasl?: {
    readonly mechanism: SaslMechanism;
    readonly username: string;
    readonly password: string;
  };
  /** TLS on; `ca` replaces the default trust store when set (PEM text). */
  readonly ssl?: { readonly ca?: string };
  /** Topic of catalog events to consume; unset = no Kafka event source. */
  readonly eventsTopic?: string;
  /** Consumer group of every replica (Port requires `<org>.<anything>`). */
  readonly groupId: string;
  readonly sessionTimeoutMs: number;
}

export type KafkaConfigResult =
  | { readonly ok: true; readonly kafka?: KafkaConfig }
  | { readonly ok: false; readonly variable: string; readonly message: string };

const MECHANISMS: readonly SaslMechanism[] = ['plain', 'scram-sha-256', 'scram-sha-512'];

/**
 * The `SWITCHYARD_KAFKA_*` settings; none set = Kafka off. A problem names the variable
 * (the caller turns it into a `ConfigError`).
 */
export function readKafkaConfig(env: NodeJS.ProcessEnv): KafkaConfigResult {
  const text = (name: string) => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const fail = (variable: string, message: string): KafkaConfigResult => ({
    ok: false,
    variable,
    message,
  });
  const org = text('SWITCHYARD_ORG') ?? 'switchyard';
  const brokers = (text('SWITCHYARD_KAFKA_BROKERS') ?? '')
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
  const dependent = [
    'SWITCHYARD_KAFKA_EVENTS_TOPIC',
    'SWITCHYARD_KAFKA_SASL_MECHANISM',
    'SWITCHYARD_KAFKA_SSL',
  ].find((name) => text(name) !== undefined);
  if (brokers.length === 0) {
    return dependent
      ? fail(
          'SWITCHYARD_KAFKA_BROKERS',
          `set the Kafka brokers (host:port,...) to use ${dependent}`,
        )
      : { ok: true };
  }
  const bad = brokers.find(
    (broker) => !/^[^\s:]+:\d{1,5}$|^\[[0-9a-f:.]+\]:\d{1,5}$/i.test(broker),
  );
  if (bad) return fail('SWITCHYARD_KAFKA_BROKERS', `"${bad}" is not host:port`);

  let sasl: KafkaConfig['sasl'];
  const mechanism = text('SWITCHYARD_KAFKA_SASL_MECHANISM')?.toLowerCase();
  if (mechanism !== undefined) {
    if (!MECHANISMS.includes(mechanism as SaslMechanism)) {
      return fail('SWITCHYARD_KAFKA_SASL_MECHANISM', `must be one of ${MECHANISMS.join(', ')}`);
    }
    const username = text('SWITCHYARD_KAFKA_SASL_USERNAME');
    const password = env.SWITCHYARD_KAFKA_SASL_PASSWORD;
    if (!username) return fail('SWITCHYARD_KAFKA_SASL_USERNAME', `needed for SASL ${mechanism}`);
    if (!password) return fail('SWITCHYARD_KAFKA_SASL_PASSWORD', `needed for SASL ${mechanism}`);
    sasl = { mechanism: mechanism as SaslMechanism, username, password };
  }

  let ssl: KafkaConfig['ssl'];
  const sslFlag = text('SWITCHYARD_KAFKA_SSL')?.toLowerCase();
  if (sslFlag !== undefined && !['true', 'false', '1', '0'].includes(sslFlag)) {
    return fail('SWITCHYARD_KAFKA_SSL', `must be true or false, not "${sslFlag}"`);
  }
  const caFile = text('SWITCHYARD_KAFKA_SSL_CA_FILE');
  if (sslFlag === 'true' || sslFlag === '1' || caFile) {
    let ca: string | undefined;
    if (caFile) {
      try {
        ca = readFileSync(caFile, 'utf8');
      } catch {
        return fail('SWITCHYARD_KAFKA_SSL_CA_FILE', `cannot read ${caFile}`);
      }
    }
    ssl = ca === undefined ? {} : { ca };
  }

  const session = text('SWITCHYARD_KAFKA_SESSION_TIMEOUT_MS');
  const sessionTimeoutMs = session === undefined ? 30_000 : Number(session);
  if (
    !Number.isInteger(sessionTimeoutMs) ||
    sessionTimeoutMs < 1000 ||
    sessionTimeoutMs > 300_000
  ) {
    return fail(
      'SWITCHYARD_KAFKA_SESSION_TIMEOUT_MS',
      `must be an integer from 1000 to 300000, not "${session}"`,
    );
  }
  const eventsTopic = text('SWITCHYARD_KAFKA_EVENTS_TOPIC');
  return {
    ok: true,
    kafka: {
      brokers,
      clientId: text('SWITCHYARD_KAFKA_CLIENT_ID') ?? 'switchyard',
      ...(sasl ? { sasl } : {}),
      ...(ssl ? { ssl } : {}),
      ...(eventsTopic ? { eventsTopic } : {}),
      groupId: text('SWITCHYARD_KAFKA_GROUP_ID') ?? `${org}.switchyard`,
      sessionTimeoutMs,
    },
  };
}
