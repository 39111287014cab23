import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { sign } from '@octokit/webhooks-methods';
import type { Bot } from '../../../bot/create-bot.js';
import { FakeGithub, type PushResult } from '../../../testkit/fake-github.js';
import { startTestBot } from '../../helpers/start-test-bot.js';

export const APP_WEBHOOK_SECRET = 'github-app-webhook-secret';

/** A throwaway RSA key for the app, made once per test file. */
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_KEY = keys.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();

/** A fake GitHub that checks the app's JWTs against the throwaway key. */
export async function startFakeGithub(): Promise<FakeGithub> {
  const github = await new FakeGithub().start();
  github.appPublicKey = keys.publicKey;
  return github;
}

/** A real bot on 127.0.0.1 running the GitHub App against the fake (Probot's GHE_HOST). */
export async function startAppBot(
  github: FakeGithub,
  env: Record<string, string> = {},
  options: { dir?: string } = {},
): Promise<Bot & { dir: string }> {
  return startTestBot(
    {},
    {
      APP_ID: '4242',
      PRIVATE_KEY,
      WEBHOOK_SECRET: APP_WEBHOOK_SECRET,
      GHE_HOST: github.host,
      GHE_PROTOCOL: 'http',
      SWITCHYARD_GITHUB_THROTTLE: 'false',
      SWITCHYARD_RECONCILE_INTERVAL_MS: '0',
      SWITCHYARD_DEFINITIONS_REFRESH_MS: '0',
      SWITCHYARD_GITHUB_CORRELATION_TIMEOUT_MS: '3000',
      ...env,
    },
    options,
  );
}

/** Sends a webhook the way GitHub does: JSON, signed with `x-hub-signature-256`. */
export async function deliver(
  bot: Bot,
  name: string,
  payload: unknown,
  secret = APP_WEBHOOK_SECRET,
): Promise<number> {
  const body = JSON.stringify(payload);
  const response = await fetch(`${bot.url}/api/github/webhooks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': name,
      'x-github-delivery': randomUUID(),
      'x-hub-signature-256': await sign(secret, body),
      'user-agent': 'GitHub-Hookshot/fake',
    },
    body,
  });
  await response.text();
  return response.status;
}

/** The `push` webhook GitHub sends for a push to a branch. */
export function pushPayload(
  github: FakeGithub,
  repository: string,
  push: PushResult,
  branch?: string,
): Record<string, unknown> {
  const repo = github.repository(repository);
  const commit = {
    id: push.after,
    tree_id: github.git.commits.get(push.after)?.tree,
    message: 'change definitions',
    timestamp: new Date().toISOString(),
    author: { name: 'Dev', email: 'dev@example.com' },
    added: push.added,
    modified: push.modified,
    removed: push.removed,
  };
  return {
    ref: `refs/heads/${branch ?? repo.defaultBranch}`,
    before: push.before,
    after: push.after,
    created: false,
    deleted: false,
    forced: false,
    commits: [commit],
    head_commit: commit,
    repository: github.repositoryJson(repo),
    installation: { id: github.installationOf(repository)?.id },
    pusher: { name: 'dev' },
    sender: { login: 'dev', type: 'User' },
  };
}

/** The `installation` created webhook for an installation of the fake. */
export function installationPayload(
  github: FakeGithub,
  id: number,
  action: 'created' | 'deleted' = 'created',
): Record<string, unknown> {
  const installation = github.installations.get(id)!;
  return {
    action,
    installation: { id, account: installation.account, app_id: 4242 },
    repositories: [...installation.repositories].map((fullName) => ({
      id: github.repository(fullName).id,
      name: fullName.split('/')[1],
      full_name: fullName,
      private: true,
    })),
    sender: { login: 'admin', type: 'User' },
  };
}

/** GET a JSON route of the bot. */
export async function getJson(bot: Bot, path: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${bot.url}${path}`);
  return (await response.json()) as Record<string, unknown>;
}
