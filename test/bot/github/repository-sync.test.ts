import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Bot } from '../../../bot/create-bot.js';
import { definitionJson, positionOf } from '../../helpers/definition-text.js';
import type { FakeGithub } from '../../../testkit/fake-github.js';
import {
  deliver,
  getJson,
  installationPayload,
  pushPayload,
  startAppBot,
  startFakeGithub,
} from './github-harness.js';
import { waitFor } from '../../helpers/wait-for.js';

const REPO = 'acme/defs';
const notify = definitionJson();
const other = definitionJson({ identifier: 'notify_service_deleted', title: 'On deletion' });

let github: FakeGithub;
let bot: (Bot & { dir: string }) | undefined;
beforeEach(async () => {
  github = await startFakeGithub();
  github.addRepository(REPO, {
    files: {
      'README.md': '# definitions\n',
      'automations/notify.json': notify,
      'automations/events/sample.json': '{"not": "a definition"}',
    },
  });
  github.install(7, [REPO]);
});
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
  await github.stop();
});

const identifiers = async (b: Bot) =>
  ((await getJson(b, '/v1/automations')).automations as { identifier: string }[]).map(
    (a) => a.identifier,
  );

async function installed(): Promise<Bot & { dir: string }> {
  bot = await startAppBot(github);
  expect(await deliver(bot, 'installation', installationPayload(github, 7))).toBe(200);
  return bot;
}

describe('GitHub App: repository sync', () => {
  it('syncs a repository when the app is installed, skipping the sample events, with a green check run', async () => {
    const b = await installed();
    expect(await identifiers(b)).toEqual([`${REPO}:notify_service_created`]);
    const head = github.repository(REPO).branches.get('main')!;
    const [check] = github.checkRunsOn(REPO, head);
    expect(check).toMatchObject({
      name: 'switchyard/sync',
      status: 'completed',
      conclusion: 'success',
    });
    expect(check!.output.summary).toContain(`\`${REPO}:notify_service_created\``);
    expect(check!.output.title).toBe('1 definition(s) active: 1 created, 0 updated, 0 deleted');
    const body = await getJson(b, '/v1/automations');
    const [automation] = body.automations as Record<string, unknown>[];
    expect(automation).toMatchObject({
      identifier: `${REPO}:notify_service_created`,
      definitionIdentifier: 'notify_service_created',
      origin: { repository: REPO, file: 'automations/notify.json', commit: head },
    });
  });

  it('activates the definitions of a push to the default branch', async () => {
    const b = await installed();
    const push = github.push(REPO, { 'automations/deleted.json': other });
    expect(await deliver(b, 'push', pushPayload(github, REPO, push))).toBe(200);
    expect(await identifiers(b)).toEqual([
      `${REPO}:notify_service_created`,
      `${REPO}:notify_service_deleted`,
    ]);
    const [check] = github.checkRunsOn(REPO, push.after);
    expect(check).toMatchObject({ conclusion: 'success' });
    expect(check!.output.title).toBe('2 definition(s) active: 1 created, 0 updated, 0 deleted');
  });

  it('keeps the last good set on an invalid push and annotates the error at its line', async () => {
    const b = await installed();
    const broken = definitionJson({
      identifier: 'notify_service_deleted',
      trigger: {
        type: 'automation',
        event: { type: 'ENTITY_CREATD', blueprintIdentifier: 'service' },
      },
    });
    const push = github.push(REPO, {
      'automations/deleted.json': broken,
      'automations/notify.json': definitionJson({ title: 'Changed title' }),
    });
    expect(await deliver(b, 'push', pushPayload(github, REPO, push))).toBe(200);
    const body = await getJson(b, '/v1/automations');
    expect((body.automations as { title: string }[]).map((a) => a.title)).toEqual([
      'Notify on service creation',
    ]);
    const load = (body.loads as { source: string; activated: boolean; commit: string }[]).find(
      (l) => l.source === `github:${REPO}`,
    );
    expect(load).toMatchObject({ activated: false, commit: push.after });
    const [check] = github.checkRunsOn(REPO, push.after);
    expect(check).toMatchObject({ status: 'completed', conclusion: 'failure' });
    const { line } = positionOf(broken, '"ENTITY_CREATD"');
    expect(check!.annotations).toContainEqual(
      expect.objectContaining({
        path: 'automations/deleted.json',
        start_line: line,
        end_line: line,
        annotation_level: 'failure',
      }),
    );
    expect(check!.output.title).toMatch(
      /error\(s\): the previous set of 1 definition\(s\) stays active/,
    );
  });

  it('removes the automation of a deleted file', async () => {
    const b = await installed();
    const add = github.push(REPO, { 'automations/deleted.json': other });
    await deliver(b, 'push', pushPayload(github, REPO, add));
    const remove = github.push(REPO, { 'automations/notify.json': null });
    await deliver(b, 'push', pushPayload(github, REPO, remove));
    expect(await identifiers(b)).toEqual([`${REPO}:notify_service_deleted`]);
    const [check] = github.checkRunsOn(REPO, remove.after);
    expect(check!.output.title).toBe('1 definition(s) active: 0 created, 0 updated, 1 deleted');
  });

  it('ignores pushes that touch no definition and pushes to other branches', async () => {
    const b = await installed();
    const before = github.checkRuns.length;
    const readme = github.push(REPO, { 'README.md': '# changed\n' });
    await deliver(b, 'push', pushPayload(github, REPO, readme));
    const branch = github.push(REPO, { 'automations/x.json': other }, 'feature');
    await deliver(b, 'push', pushPayload(github, REPO, branch, 'feature'));
    expect(github.checkRuns.length).toBe(before);
    expect(await identifiers(b)).toEqual([`${REPO}:notify_service_created`]);
  });

  it('reads the definitions path from .github/switchyard.yml and resyncs when it changes', async () => {
    const b = await installed();
    const push = github.push(REPO, {
      '.github/switchyard.yml': 'path: ops/automations\n',
      'ops/automations/deleted.json': other,
    });
    await deliver(b, 'push', pushPayload(github, REPO, push));
    expect(await identifiers(b)).toEqual([`${REPO}:notify_service_deleted`]);
  });

  it('sends more than 50 annotations over several check-run updates', async () => {
    const b = await installed();
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i++)
      files[`automations/bad-${String(i).padStart(2, '0')}.json`] = '{ "identifier": ';
    const push = github.push(REPO, files);
    await deliver(b, 'push', pushPayload(github, REPO, push));
    const [check] = github.checkRunsOn(REPO, push.after);
    expect(check!.conclusion).toBe('failure');
    expect(check!.annotations.length).toBeGreaterThanOrEqual(60);
    expect(check!.annotationRequests).toBeGreaterThanOrEqual(2);
  });

  it('restarts from the stored sets without reading the repository again', async () => {
    const b = await installed();
    const dir = b.dir;
    await b.stop();
    bot = undefined;
    const reads = github.requestsTo('GET', /\/git\/(trees|blobs)\//).length;
    bot = await startAppBot(github, {}, { dir });
    expect(await identifiers(bot)).toEqual([`${REPO}:notify_service_created`]);
    expect(github.requestsTo('GET', /\/git\/(trees|blobs)\//).length).toBe(reads);
  });

  it('lets a second replica on the same database pick up a sync without reading GitHub', async () => {
    const b = await installed();
    const replica = await startAppBot(
      github,
      { SWITCHYARD_DEFINITIONS_REFRESH_MS: '50' },
      { dir: b.dir },
    );
    try {
      expect(await identifiers(replica)).toEqual([`${REPO}:notify_service_created`]);
      const reads = github.requestsTo('GET', /\/git\/(trees|blobs)\//).length;
      const push = github.push(REPO, {
        'automations/notify.json': null,
        'automations/deleted.json': other,
      });
      await deliver(b, 'push', pushPayload(github, REPO, push));
      const after = github.requestsTo('GET', /\/git\/(trees|blobs)\//).length;
      await waitFor(
        async () =>
          JSON.stringify(await identifiers(replica)) ===
          JSON.stringify([`${REPO}:notify_service_deleted`]),
      );
      expect(github.requestsTo('GET', /\/git\/(trees|blobs)\//).length).toBe(after);
      expect(after).toBeGreaterThan(reads);
    } finally {
      await replica.stop();
    }
  });

  it('reconciles a push whose webhook never arrived, and leaves unchanged repositories alone', async () => {
    const b = await installed();
    github.push(REPO, { 'automations/deleted.json': other });
    const first = await b.github!.reconcile();
    expect(first).toMatchObject({ checked: 1, synced: [REPO], removed: [] });
    expect(await identifiers(b)).toEqual([
      `${REPO}:notify_service_created`,
      `${REPO}:notify_service_deleted`,
    ]);
    const second = await b.github!.reconcile();
    expect(second.synced).toEqual([]);
  });

  it('removes the automations of an uninstalled repository', async () => {
    const b = await installed();
    expect(
      await deliver(b, 'installation_repositories', {
        action: 'removed',
        installation: { id: 7 },
        repositories_added: [],
        repositories_removed: [{ full_name: REPO, name: 'defs' }],
      }),
    ).toBe(200);
    expect(await identifiers(b)).toEqual([]);
    expect(await b.ctx.store.listDefinitionSets()).toEqual([]);
  });

  it('refuses a webhook with a wrong signature', async () => {
    bot = await startAppBot(github);
    expect(await deliver(bot, 'installation', installationPayload(github, 7), 'wrong')).toBe(400);
    expect(await identifiers(bot)).toEqual([]);
  });
});
