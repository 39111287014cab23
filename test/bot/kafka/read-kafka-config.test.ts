import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../../bot/config/read-config.js';

const read = (env: Record<string, string>) => readConfig(env as NodeJS.ProcessEnv);

describe('Kafka configuration', () => {
  it('is off without brokers, and names SWITCHYARD_KAFKA_BROKERS when something needs them', () => {
    expect(read({}).kafka).toBeUndefined();
    expect(() => read({ SWITCHYARD_KAFKA_EVENTS_TOPIC: 'catalog' })).toThrow(
      /^SWITCHYARD_KAFKA_BROKERS: .*SWITCHYARD_KAFKA_EVENTS_TOPIC/,
    );
  });
  it('reads brokers, client id, group (default <org>.switchyard), SASL and TLS', () => {
    const config = read({
      SWITCHYARD_ORG: 'acme',
      SWITCHYARD_KAFKA_BROKERS: 'b1:9196, b2:9196',
      SWITCHYARD_KAFKA_EVENTS_TOPIC: 'acme.change.log',
      SWITCHYARD_KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      SWITCHYARD_KAFKA_SASL_USERNAME: 'user',
      SWITCHYARD_KAFKA_SASL_PASSWORD: 'pass',
      SWITCHYARD_KAFKA_SSL: 'true',
    });
    expect(config.kafkaTopic).toBe('acme.runs');
    expect(config.kafka).toEqual({
      brokers: ['b1:9196', 'b2:9196'],
      clientId: 'switchyard',
      sasl: { mechanism: 'scram-sha-512', username: 'user', password: 'pass' },
      ssl: {},
      eventsTopic: 'acme.change.log',
      groupId: 'acme.switchyard',
      sessionTimeoutMs: 30_000,
    });
  });
  it.each([
    [{ SWITCHYARD_KAFKA_BROKERS: 'localhost' }, 'SWITCHYARD_KAFKA_BROKERS'],
    [
      { SWITCHYARD_KAFKA_BROKERS: 'h:1', SWITCHYARD_KAFKA_SASL_MECHANISM: 'gssapi' },
      'SWITCHYARD_KAFKA_SASL_MECHANISM',
    ],
    [
      { SWITCHYARD_KAFKA_BROKERS: 'h:1', SWITCHYARD_KAFKA_SASL_MECHANISM: 'plain' },
      'SWITCHYARD_KAFKA_SASL_USERNAME',
    ],
    [
      { SWITCHYARD_KAFKA_BROKERS: 'h:1', SWITCHYARD_KAFKA_SSL_CA_FILE: '/no/such/ca.pem' },
      'SWITCHYARD_KAFKA_SSL_CA_FILE',
    ],
    [
      { SWITCHYARD_KAFKA_BROKERS: 'h:1', SWITCHYARD_KAFKA_SESSION_TIMEOUT_MS: '10' },
      'SWITCHYARD_KAFKA_SESSION_TIMEOUT_MS',
    ],
  ])('fails fast naming the variable: %j', (env, variable) => {
    try {
      read(env);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variable).toBe(variable);
    }
  });
});
