import { readFileSync } from 'node:fs';
import { DEFAULT_AZURE_DEVOPS_URL } from '../../core/backends/plan/plan-config.js';
import {
  parseAllowedDestinations,
  type AllowedDestination,
} from '../../core/backends/send/destination-policy.js';
import type { GitlabToken } from '../../core/backends/send/send-gitlab.js';
import { gitlabTokenOf } from '../gitlab/gitlab-token-of.js';
import { readKafkaConfig, type KafkaConfig } from '../kafka/read-kafka-config.js';
import { TIMER_MODES, type TimerConfig, type TimerMode } from '../timers/timer-mode.js';

/**
 * Everything the bot reads from its environment, parsed once: `readConfig` is the only reader
 * of the environment, and every component's options are built from this object.
 */
export interface BotConfig {
  readonly port: number;
  readonly host: string;
  /** Local definitions folder (the embedded default source). */
  readonly definitionsPath: string;
  /** Sample-events folder inside it, never read as definitions. */
  readonly eventsFolder: string;
  /** Reload local definitions when files change. */
  readonly watch: boolean;
  /**
   * Load the local definitions folder: always without the GitHub App; with it, only when
   * `SWITCHYARD_DEFINITIONS` is set explicitly.
   */
  readonly localDefinitions: boolean;
  readonly databaseUrl?: string;
  /** PostgreSQL connections this replica keeps at most (`SWITCHYARD_POSTGRES_POOL_SIZE`). */
  readonly postgresPoolSize: number;
  readonly sqlitePath: string;
  /** FULL: every accepted event survives a power loss; NORMAL: a process crash only, faster. */
  readonly sqliteSynchronous: 'FULL' | 'NORMAL';
  /** main (default): SQLite runs in the event loop's thread; worker: in a writer thread of its own. */
  readonly sqliteThread: 'main' | 'worker';
  /** Verifies `POST /v1/events` signatures; unset = events are accepted unsigned (logged loudly). */
  readonly eventsSecret?: string;
  /** Signs outgoing webhooks and Kafka messages with Port's scheme. */
  readonly webhookSecret?: string;
  /** Port-compatible API credentials: `POST /v1/auth/access_token`. */
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** `{{ .secrets.NAME }}` values, from `SWITCHYARD_SECRET_NAME`. */
  readonly secrets: Readonly<Record<string, string>>;
  readonly webhookTimeoutMs: number;
  readonly deliveryAttempts: number;
  /** First retry delay; later ones double, with jitter (default 1 s). */
  readonly retryBaseMs: number;
  readonly deliveryConcurrency: number;
  readonly allowMetadataAddresses: boolean;
  /** `SWITCHYARD_ALLOWED_DESTINATIONS`: non-public networks and hosts webhooks may reach. */
  readonly allowedDestinations: readonly AllowedDestination[];
  /** `SWITCHYARD_DNS_SERVERS`: resolve webhook hosts with these servers, not the system's. */
  readonly dnsServers?: readonly string[];
  readonly chainDepthLimit: number;
  readonly jqTimeoutMs: number;
  readonly logLevel: string;
  readonly logFormat: 'json' | 'pretty';
  readonly gitlabUrl: string;
  /** `SWITCHYARD_AZURE_DEVOPS_URL`: the Azure DevOps base URL AZURE_DEVOPS runs are sent to. */
  readonly azureDevopsUrl: string;
  /**
   * A GitLab project's pipeline trigger token by its variable name (`<group>_<project>`):
   * `SWITCHYARD_GITLAB_TOKEN_<variable>`, `<variable>`, or the secret `<variable>`.
   */
  readonly gitlabTriggerToken: (variable: string) => GitlabToken;
  /** `SWITCHYARD_GITHUB_TOKEN`: GITHUB backends without the GitHub App. */
  readonly githubToken?: string;
  /** `GITHUB_API_URL`: the API base for `githubToken`. */
  readonly githubApiUrl: string;
  /** `GITLAB_READ_TOKEN`: reads a project's default branch when a GITLAB run names no ref. */
  readonly gitlabReadToken?: string;
  /** `SWITCHYARD_GITLAB_WEBHOOK_TOKEN`: the `X-Gitlab-Token` of `POST /v1/gitlab/webhooks`. */
  readonly gitlabWebhookToken?: string;
  readonly kafkaTopic: string;
  /** Brokers and settings for KAFKA backends and the Kafka event source; unset = no Kafka. */
  readonly kafka?: KafkaConfig;
  /** GitHub App: how often to reconcile installed repositories (0: never). */
  readonly reconcileIntervalMs: number;
  /** GitHub App: how often to reload definition sets other replicas synced (0: never). */
  readonly definitionsRefreshMs: number;
  /** GITHUB backend on GHES without run details: how long to look for the dispatched run. */
  readonly githubCorrelationTimeoutMs: number;
  /** Octokit's throttling and retry plugins for the GitHub App (off only in tests). */
  readonly githubThrottle: boolean;
  /** Switchyard's own timer engine for TIMER_PROPERTY_EXPIRED (`SWITCHYARD_TIMERS`). */
  readonly timers: TimerConfig;
  /** A Port account for UPSERT_ENTITY (SWITCHYARD_PORT_API_URL + client id/secret); unset = the embedded catalog. */
  readonly portAccount?: {
    readonly apiUrl: string;
    readonly clientId: string;
    readonly clientSecret: string;
  };
  /** GitHub App credentials: all three set → the server also hosts the Probot app. */
  readonly github?: {
    readonly appId: string;
    readonly privateKey: string;
    readonly webhookSecret: string;
    /** `GHE_HOST`, `GHE_PROTOCOL`: GitHub Enterprise Server (API at `<protocol>://<host>/api/v3`). */
    readonly gheHost?: string;
    readonly gheProtocol?: string;
  };
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

/** Reads the configuration from `env` (default `process.env`); fails fast naming the variable. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): BotConfig {
  const text = (name: string) => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const integer = (name: string, fallback: number, min: number, max: number) => {
    const raw = text(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new ConfigError(name, `must be an integer from ${min} to ${max}, not "${raw}"`);
    }
    return value;
  };
  const flag = (name: string, fallback: boolean) => {
    const raw = text(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    throw new ConfigError(name, `must be true or false, not "${raw}"`);
  };

  const databaseUrl = text('DATABASE_URL');
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(
      'DATABASE_URL',
      'must be a postgres:// or postgresql:// URL (unset it to use SQLite)',
    );
  }
  const logFormat = text('LOG_FORMAT') ?? (env.NODE_ENV === 'production' ? 'json' : 'pretty');
  if (logFormat !== 'json' && logFormat !== 'pretty') {
    throw new ConfigError('LOG_FORMAT', 'must be "json" or "pretty"');
  }
  const clientId = text('SWITCHYARD_CLIENT_ID');
  const clientSecret = text('SWITCHYARD_CLIENT_SECRET');
  if ((clientId === undefined) !== (clientSecret === undefined)) {
    throw new ConfigError(
      clientId ? 'SWITCHYARD_CLIENT_SECRET' : 'SWITCHYARD_CLIENT_ID',
      'set both SWITCHYARD_CLIENT_ID and SWITCHYARD_CLIENT_SECRET, or neither',
    );
  }

  const kafka = readKafkaConfig(env);
  if (!kafka.ok) throw new ConfigError(kafka.variable, kafka.message);

  const secrets: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith('SWITCHYARD_SECRET_') && value !== undefined && key.length > 18) {
      secrets[key.slice(18)] = value;
    }
  }

  const github = githubApp(text);
  const definitionsPath = text('SWITCHYARD_DEFINITIONS');
  // Trigger-token variables are named by definitions at run time: looked up in this snapshot.
  const snapshot: NodeJS.ProcessEnv = { ...env };
  return {
    port: integer('PORT', 3000, 0, 65535),
    host: text('HOST') ?? '127.0.0.1',
    definitionsPath: definitionsPath ?? 'automations',
    eventsFolder: text('SWITCHYARD_EVENTS_FOLDER') ?? 'events',
    watch: flag('SWITCHYARD_WATCH', true),
    localDefinitions: github === undefined || definitionsPath !== undefined,
    ...(databaseUrl ? { databaseUrl } : {}),
    postgresPoolSize: integer('SWITCHYARD_POSTGRES_POOL_SIZE', 10, 1, 1000),
    sqlitePath: text('SWITCHYARD_SQLITE_PATH') ?? '.switchyard/switchyard.db',
    sqliteSynchronous: sqliteSynchronous(text('SWITCHYARD_SQLITE_SYNCHRONOUS')),
    sqliteThread: sqliteThread(text('SWITCHYARD_SQLITE_THREAD')),
    ...optional('eventsSecret', text('SWITCHYARD_EVENTS_SECRET')),
    ...optional('webhookSecret', text('SWITCHYARD_WEBHOOK_SECRET')),
    ...optional('clientId', clientId),
    ...optional('clientSecret', clientSecret),
    secrets,
    webhookTimeoutMs: integer('SWITCHYARD_WEBHOOK_TIMEOUT_MS', 30_000, 100, 600_000),
    deliveryAttempts: integer('SWITCHYARD_DELIVERY_ATTEMPTS', 5, 1, 100),
    retryBaseMs: integer('SWITCHYARD_RETRY_BASE_MS', 1000, 1, 3_600_000),
    deliveryConcurrency: integer('SWITCHYARD_DELIVERY_CONCURRENCY', 16, 1, 1000),
    allowMetadataAddresses: flag('SWITCHYARD_ALLOW_METADATA_ADDRESSES', false),
    allowedDestinations: allowedDestinations(text('SWITCHYARD_ALLOWED_DESTINATIONS')),
    ...optional('dnsServers', dnsServers(text('SWITCHYARD_DNS_SERVERS'))),
    chainDepthLimit: integer('SWITCHYARD_CHAIN_DEPTH_LIMIT', 10, 0, 100),
    jqTimeoutMs: integer('SWITCHYARD_JQ_TIMEOUT_MS', 500, 10, 60_000),
    logLevel: text('LOG_LEVEL') ?? 'info',
    logFormat,
    gitlabUrl: text('GITLAB_URL') ?? 'https://gitlab.com',
    azureDevopsUrl: azureDevopsUrl(text('SWITCHYARD_AZURE_DEVOPS_URL')),
    gitlabTriggerToken: (variable) => gitlabTokenOf(variable, snapshot, secrets),
    ...optional('githubToken', text('SWITCHYARD_GITHUB_TOKEN')),
    githubApiUrl: text('GITHUB_API_URL') ?? 'https://api.github.com',
    ...optional('gitlabReadToken', text('GITLAB_READ_TOKEN')),
    ...optional('gitlabWebhookToken', text('SWITCHYARD_GITLAB_WEBHOOK_TOKEN')),
    kafkaTopic:
      text('SWITCHYARD_KAFKA_RUNS_TOPIC') ?? `${text('SWITCHYARD_ORG') ?? 'switchyard'}.runs`,
    ...optional('kafka', kafka.kafka),
    reconcileIntervalMs: integer('SWITCHYARD_RECONCILE_INTERVAL_MS', 600_000, 0, 86_400_000),
    definitionsRefreshMs: integer('SWITCHYARD_DEFINITIONS_REFRESH_MS', 15_000, 0, 86_400_000),
    githubCorrelationTimeoutMs: integer(
      'SWITCHYARD_GITHUB_CORRELATION_TIMEOUT_MS',
      60_000,
      0,
      600_000,
    ),
    githubThrottle: flag(
      'SWITCHYARD_GITHUB_THROTTLE',
      (env.NODE_ENV ?? process.env.NODE_ENV) !== 'test',
    ),
    timers: {
      mode: timerMode(text('SWITCHYARD_TIMERS')),
      batchSize: integer('SWITCHYARD_TIMER_BATCH_SIZE', 500, 1, 10_000),
      leaseMs: integer('SWITCHYARD_TIMER_LEASE_MS', 60_000, 100, 3_600_000),
      recheckMs: integer('SWITCHYARD_TIMER_RECHECK_MS', 30_000, 10, 3_600_000),
    },
    ...optional('portAccount', portAccount(text)),
    ...optional('github', github),
  };
}

function portAccount(text: (name: string) => string | undefined): BotConfig['portAccount'] {
  const apiUrl = text('SWITCHYARD_PORT_API_URL');
  const clientId = text('SWITCHYARD_PORT_CLIENT_ID');
  const clientSecret = text('SWITCHYARD_PORT_CLIENT_SECRET');
  if (!apiUrl && !clientId && !clientSecret) return undefined;
  if (!apiUrl) {
    throw new ConfigError(
      'SWITCHYARD_PORT_API_URL',
      'set it (e.g. https://api.getport.io) together with SWITCHYARD_PORT_CLIENT_ID and SWITCHYARD_PORT_CLIENT_SECRET to send UPSERT_ENTITY runs to Port; unset all three to use the embedded catalog',
    );
  }
  if (!/^https?:\/\/[^/]/.test(apiUrl)) {
    throw new ConfigError('SWITCHYARD_PORT_API_URL', `must be an http(s) URL, not "${apiUrl}"`);
  }
  if (!clientId || !clientSecret) {
    throw new ConfigError(
      clientId ? 'SWITCHYARD_PORT_CLIENT_SECRET' : 'SWITCHYARD_PORT_CLIENT_ID',
      'UPSERT_ENTITY sends to Port with both the client id and the client secret of a Port account',
    );
  }
  return { apiUrl: apiUrl.replace(/\/+$/, ''), clientId, clientSecret };
}

function azureDevopsUrl(raw: string | undefined): string {
  if (raw === undefined) return DEFAULT_AZURE_DEVOPS_URL;
  if (!/^https?:\/\/[^/]/.test(raw)) {
    throw new ConfigError(
      'SWITCHYARD_AZURE_DEVOPS_URL',
      `must be an http(s) URL such as ${DEFAULT_AZURE_DEVOPS_URL}, not "${raw}"`,
    );
  }
  return raw.replace(/\/+$/, '');
}

function githubApp(text: (name: string) => string | undefined): BotConfig['github'] {
  const appId = text('APP_ID');
  let privateKey = text('PRIVATE_KEY');
  const keyPath = text('PRIVATE_KEY_PATH');
  const webhookSecret = text('WEBHOOK_SECRET');
  if (!privateKey && keyPath) {
    try {
      privateKey = readFileSync(keyPath, 'utf8');
    } catch {
      throw new ConfigError('PRIVATE_KEY_PATH', `cannot read ${keyPath}`);
    }
  }
  const given = [appId, privateKey, webhookSecret].filter(Boolean).length;
  if (given === 0) return undefined;
  if (!appId)
    throw new ConfigError(
      'APP_ID',
      'set APP_ID together with PRIVATE_KEY and WEBHOOK_SECRET to run the GitHub App',
    );
  if (!privateKey)
    throw new ConfigError(
      'PRIVATE_KEY',
      'set the GitHub App private key (PEM, or PRIVATE_KEY_PATH to a file)',
    );
  if (!webhookSecret)
    throw new ConfigError(
      'WEBHOOK_SECRET',
      'set the GitHub App\'s webhook secret (Probot would silently use "development")',
    );
  if (!privateKey.includes('-----BEGIN')) {
    // Probot accepts a base64-encoded PEM too.
    const decoded = Buffer.from(privateKey, 'base64').toString('utf8');
    if (!decoded.includes('-----BEGIN'))
      throw new ConfigError('PRIVATE_KEY', 'is not a PEM private key (nor base64 of one)');
    privateKey = decoded;
  }
  const gheHost = text('GHE_HOST');
  const gheProtocol = text('GHE_PROTOCOL');
  return {
    appId,
    privateKey,
    webhookSecret,
    ...optional('gheHost', gheHost),
    ...optional('gheProtocol', gheProtocol),
  };
}

function allowedDestinations(raw: string | undefined): AllowedDestination[] {
  try {
    return parseAllowedDestinations(raw);
  } catch (error) {
    throw new ConfigError('SWITCHYARD_ALLOWED_DESTINATIONS', (error as Error).message);
  }
}

function dnsServers(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const servers = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const server of servers) {
    if (!/^(\d+\.\d+\.\d+\.\d+|\[[0-9a-f:]+\])(:\d+)?$/i.test(server)) {
      throw new ConfigError(
        'SWITCHYARD_DNS_SERVERS',
        `"${server}" is not an IP address with an optional port (127.0.0.1:5353, [::1]:53)`,
      );
    }
  }
  return servers;
}

function sqliteThread(raw: string | undefined): 'main' | 'worker' {
  const value = (raw ?? 'main').toLowerCase();
  if (value !== 'main' && value !== 'worker') {
    throw new ConfigError('SWITCHYARD_SQLITE_THREAD', `must be main or worker, not "${raw}"`);
  }
  return value;
}

function sqliteSynchronous(raw: string | undefined): 'FULL' | 'NORMAL' {
  const value = (raw ?? 'FULL').toUpperCase();
  if (value !== 'FULL' && value !== 'NORMAL') {
    throw new ConfigError('SWITCHYARD_SQLITE_SYNCHRONOUS', `must be FULL or NORMAL, not "${raw}"`);
  }
  return value;
}

function timerMode(raw: string | undefined): TimerMode {
  const value = (raw ?? 'auto').toLowerCase();
  if (!(TIMER_MODES as readonly string[]).includes(value)) {
    throw new ConfigError('SWITCHYARD_TIMERS', `must be auto, on or off, not "${raw}"`);
  }
  return value as TimerMode;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
