import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../../bot/config/read-config.js';

const env = (values: Record<string, string>) => values as NodeJS.ProcessEnv;

describe('readConfig', () => {
  it('runs on the embedded default with no variable set', () => {
    const config = readConfig(env({}));
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      definitionsPath: 'automations',
      sqlitePath: '.switchyard/switchyard.db',
      sqliteSynchronous: 'FULL',
      watch: true,
      deliveryAttempts: 5,
      chainDepthLimit: 10,
      secrets: {},
    });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.github).toBeUndefined();
  });

  it('reads secrets from SWITCHYARD_SECRET_<NAME>', () => {
    const config = readConfig(
      env({ SWITCHYARD_SECRET_SLACK_TOKEN: 'x', SWITCHYARD_SECRET_: 'ignored' }),
    );
    expect(config.secrets).toEqual({ SLACK_TOKEN: 'x' });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ SWITCHYARD_DELIVERY_ATTEMPTS: '0' }, 'SWITCHYARD_DELIVERY_ATTEMPTS'],
    [{ SWITCHYARD_WATCH: 'maybe' }, 'SWITCHYARD_WATCH'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ SWITCHYARD_SQLITE_SYNCHRONOUS: 'OFF' }, 'SWITCHYARD_SQLITE_SYNCHRONOUS'],
    [{ SWITCHYARD_TIMERS: 'sometimes' }, 'SWITCHYARD_TIMERS'],
    [{ SWITCHYARD_TIMER_BATCH_SIZE: '0' }, 'SWITCHYARD_TIMER_BATCH_SIZE'],
    [{ SWITCHYARD_TIMER_LEASE_MS: 'soon' }, 'SWITCHYARD_TIMER_LEASE_MS'],
    [{ SWITCHYARD_CLIENT_ID: 'id' }, 'SWITCHYARD_CLIENT_SECRET'],
    [{ SWITCHYARD_AZURE_DEVOPS_URL: 'dev.azure.com' }, 'SWITCHYARD_AZURE_DEVOPS_URL'],
    [{ APP_ID: '1' }, 'PRIVATE_KEY'],
    [{ APP_ID: '1', PRIVATE_KEY: 'not a key', WEBHOOK_SECRET: 's' }, 'PRIVATE_KEY'],
    [{ PRIVATE_KEY: '-----BEGIN RSA PRIVATE KEY-----', WEBHOOK_SECRET: 's' }, 'APP_ID'],
  ])('fails fast on %j naming %s', (values, variable) => {
    let error: unknown;
    try {
      readConfig(env(values));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message.startsWith(`${variable}: `)).toBe(true);
  });

  it('sends AZURE_DEVOPS runs to dev.azure.com unless told otherwise', () => {
    expect(readConfig(env({})).azureDevopsUrl).toBe('https://dev.azure.com');
    const server = readConfig(env({ SWITCHYARD_AZURE_DEVOPS_URL: 'https://ado.example.com/tfs/' }));
    expect(server.azureDevopsUrl).toBe('https://ado.example.com/tfs');
  });

  it('accepts NORMAL durability for SQLite, case-insensitively', () => {
    expect(readConfig(env({ SWITCHYARD_SQLITE_SYNCHRONOUS: 'normal' })).sqliteSynchronous).toBe(
      'NORMAL',
    );
  });

  it('runs timers in auto mode by default and reads their settings', () => {
    expect(readConfig(env({})).timers).toEqual({
      mode: 'auto',
      batchSize: 500,
      leaseMs: 60_000,
      recheckMs: 30_000,
    });
    const config = readConfig(
      env({
        SWITCHYARD_TIMERS: 'OFF',
        SWITCHYARD_TIMER_BATCH_SIZE: '50',
        SWITCHYARD_TIMER_LEASE_MS: '5000',
        SWITCHYARD_TIMER_RECHECK_MS: '1000',
      }),
    );
    expect(config.timers).toEqual({ mode: 'off', batchSize: 50, leaseMs: 5000, recheckMs: 1000 });
    expect(() => readConfig(env({ SWITCHYARD_TIMERS: 'sometimes' }))).toThrow(
      'SWITCHYARD_TIMERS: must be auto, on or off, not "sometimes"',
    );
  });
});
