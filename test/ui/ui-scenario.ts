import { chromium, type Browser, type Page } from 'playwright-core';
import { existsSync } from 'node:fs';
import type { Bot } from '../../bot/create-bot.js';
import { json, startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.js';
import { entity, entityEvent } from '../helpers/sample-events.js';
import { signedPost } from '../helpers/signed-post.js';
import { EVENTS_SECRET, startTestBot } from '../helpers/start-test-bot.js';

/** The webhook secret the scenario's automation sends: must never reach the browser. */
export const HOOK_SECRET = 'hook-secret-value-7f3a9c';
export const UI_CLIENT_ID = 'ui-client';
export const UI_CLIENT_SECRET = 'ui-client-secret-for-browser-tests';
export const CHROMIUM = '/usr/bin/chromium';

/** A real bot on a temp definitions folder, a loopback webhook receiver, and a browser. */
export interface UiScenario {
  readonly bot: Bot & { dir: string };
  readonly receiver: LoopbackServer;
  readonly url: string;
  postEvent(event: unknown): Promise<{ status: number; json: Record<string, unknown> }>;
  close(): Promise<void>;
}

/** Definitions that give every page something to show, and every "why not" a reason. */
export function scenarioDefinitions(receiverUrl: string): Record<string, unknown> {
  return {
    'notify-created.json': {
      identifier: 'notify_created',
      title: 'Notify on service creation',
      trigger: {
        type: 'automation',
        event: { type: 'ENTITY_CREATED', blueprintIdentifier: 'service' },
        condition: {
          type: 'JQ',
          expressions: ['.diff.after.properties.tier <= 2'],
          combinator: 'and',
        },
      },
      invocationMethod: {
        type: 'WEBHOOK',
        url: `${receiverUrl}/hook`,
        headers: { Authorization: 'Bearer {{ .secrets.HOOK_TOKEN }}' },
        body: {
          service: '{{ .event.diff.after.identifier }}',
          token: '{{ .secrets.HOOK_TOKEN }}',
          runId: '{{ .run.id }}',
        },
      },
      publish: true,
    },
    'audit-updates.json': {
      identifier: 'audit_updates',
      title: 'Audit service updates',
      trigger: {
        type: 'automation',
        event: { type: 'ENTITY_UPDATED', blueprintIdentifier: 'service' },
      },
      invocationMethod: { type: 'WEBHOOK', url: `${receiverUrl}/audit` },
      publish: true,
    },
    'cluster-created.json': {
      identifier: 'cluster_created',
      title: 'Register new clusters',
      trigger: {
        type: 'automation',
        event: { type: 'ENTITY_CREATED', blueprintIdentifier: 'cluster' },
      },
      invocationMethod: { type: 'WEBHOOK', url: `${receiverUrl}/cluster` },
      publish: true,
    },
    'paused.json': {
      identifier: 'paused_notifier',
      title: 'Paused notifier',
      trigger: {
        type: 'automation',
        event: { type: 'ENTITY_CREATED', blueprintIdentifier: 'service' },
      },
      invocationMethod: { type: 'WEBHOOK', url: `${receiverUrl}/paused` },
      publish: false,
    },
    'flaky.json': {
      identifier: 'flaky_sync',
      title: 'Sync to a flaky service',
      trigger: {
        type: 'automation',
        event: { type: 'ENTITY_CREATED', blueprintIdentifier: 'service' },
        condition: {
          type: 'JQ',
          expressions: ['.diff.after.properties.tier == 1'],
          combinator: 'and',
        },
      },
      invocationMethod: { type: 'WEBHOOK', url: `${receiverUrl}/flaky` },
      publish: true,
    },
    'deploy.json': {
      identifier: 'deploy_service',
      title: 'Deploy a service',
      description: 'Deploys a version of a service to an environment.',
      trigger: {
        type: 'self-service',
        operation: 'DAY-2',
        blueprintIdentifier: 'service',
        userInputs: {
          properties: {
            environment: {
              type: 'string',
              title: 'Environment',
              enum: ['dev', 'staging', 'prod'],
            },
            version: {
              type: 'string',
              title: 'Version',
              pattern: '^v\\d+\\.\\d+\\.\\d+$',
              description: 'Like v1.2.3.',
            },
            replicas: { type: 'number', title: 'Replicas', default: 2, minimum: 1 },
            notify: { type: 'string', title: 'Notify', format: 'email' },
            startAt: { type: 'string', title: 'Start at', format: 'date-time' },
            tags: { type: 'array', title: 'Tags', items: { type: 'string' } },
            dryRun: { type: 'boolean', title: 'Dry run only', default: false },
          },
          required: ['environment', 'version'],
        },
      },
      invocationMethod: {
        type: 'WEBHOOK',
        url: `${receiverUrl}/deploy`,
        body: { env: '{{ .inputs.environment }}', version: '{{ .inputs.version }}' },
      },
    },
  };
}

/** Starts the scenario: the receiver answers 500 on /flaky (a run waiting for a retry). */
export async function startUiScenario(env: Record<string, string> = {}): Promise<UiScenario> {
  const receiver = await startLoopbackServer((request, res) =>
    request.url.startsWith('/flaky')
      ? json(res, 500, { error: 'flaky is down' })
      : json(res, 200, { ok: true, received: request.url }),
  );
  const bot = await startTestBot(scenarioDefinitions(receiver.url), {
    SWITCHYARD_SECRET_HOOK_TOKEN: HOOK_SECRET,
    // A failed delivery waits long enough for a person to cancel it.
    SWITCHYARD_RETRY_BASE_MS: '600000',
    ...env,
  });
  return {
    bot,
    receiver,
    url: bot.url,
    postEvent: (event) => signedPost(`${bot.url}/v1/events`, event, EVENTS_SECRET),
    async close() {
      await bot.stop();
      await receiver.close();
    },
  };
}

/** A service creation event (tier 1 fires notify_created and flaky_sync; tier 5 fires none). */
export function serviceCreated(identifier: string, tier: number, id?: string): unknown {
  return {
    ...entityEvent('CREATE', 'service', null, entity('service', identifier, { tier })),
    ...(id ? { id } : {}),
  };
}

/** Headless Chromium from the Debian package; fails saying how to install it. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: the browser tests need Debian's chromium (apt-get install -y chromium)`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

/** Every JSON body the page fetched from the server, and every CSP or script error it met. */
export interface PageWatch {
  readonly json: { url: string; text: string }[];
  readonly problems: string[];
}

export function watchPage(page: Page): PageWatch {
  const watch: PageWatch = { json: [], problems: [] };
  page.on('response', (response) => {
    const type = response.headers()['content-type'] ?? '';
    if (!type.includes('json')) return;
    response.text().then(
      (text) => watch.json.push({ url: response.url(), text }),
      () => undefined,
    );
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text()))
      watch.problems.push(message.text());
  });
  page.on('pageerror', (error) => watch.problems.push(error.message));
  return watch;
}

/** Runs axe-core in the page; answers the serious and critical violations. */
export async function axeViolations(page: Page): Promise<string[]> {
  const { source } = (await import('axe-core')).default;
  await page.evaluate(source);
  const results = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] })`)) as {
    violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
  };
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes
          .map((node) => node.target.join(' '))
          .join(', ')}`,
    );
}
