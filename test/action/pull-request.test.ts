import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle } from '../../testkit/build-bundle.js';
import { FakeGithub } from '../../testkit/fake-github.js';
import { BASE_FILES, brokenHead, HEAD_FILES } from './fixtures.js';
import { makeWorkspace, normalise, runAction } from '../../testkit/run-action.js';

const MARKER = '<!-- switchyard:report -->';
const GOLDEN = join(import.meta.dirname, 'golden');
let bundle: string;
let github: FakeGithub;

beforeAll(async () => {
  bundle = buildBundle();
  github = await new FakeGithub().start();
});
afterAll(() => github?.stop());

const pullRequest = (number: number, baseSha: string) => ({
  action: 'synchronize',
  number,
  pull_request: {
    number,
    base: { sha: baseSha, ref: 'main' },
    head: { sha: '2222222222222222222222222222222222222222', ref: 'feature' },
  },
  repository: { name: 'platform', owner: { login: 'acme' } },
});

/** Compares with a golden file; UPDATE_GOLDEN=1 rewrites it. */
function expectGolden(name: string, text: string): void {
  const path = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN || !existsSync(path)) writeFileSync(path, text);
  expect(text).toBe(readFileSync(path, 'utf8'));
}

describe('pull_request: preview mode', () => {
  it('creates one sticky comment, then updates it on the next push instead of adding another', async () => {
    const baseSha = github.commit(BASE_FILES);
    // Other people's comments, over more than one page, before ours.
    github.comments.set(
      7,
      Array.from({ length: 120 }, (_, i) => ({
        id: i + 1,
        body: `comment ${i}`,
        user: { login: 'someone', type: 'User' },
        html_url: '',
        created_at: '',
        updated_at: '',
      })),
    );
    const setup = {
      bundle,
      apiUrl: github.url,
      eventName: 'pull_request',
      payload: pullRequest(7, baseSha),
    };
    const first = await runAction({ ...setup, workspace: makeWorkspace(HEAD_FILES) });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const ours = () => github.comments.get(7)!.filter((c) => c.body.includes(MARKER));
    expect(ours()).toHaveLength(1);
    expect(github.requestsTo('POST', /\/issues\/7\/comments$/)).toHaveLength(1);
    // The comment list was read across both pages.
    expect(
      github.requestsTo('GET', /\/issues\/7\/comments$/).map((r) => r.query.get('page')),
    ).toEqual([null, '2']);

    const second = await runAction({ ...setup, workspace: makeWorkspace(HEAD_FILES) });
    expect(second.code).toBe(0);
    expect(ours()).toHaveLength(1);
    expect(github.requestsTo('POST', /\/issues\/7\/comments$/)).toHaveLength(1);
    expect(github.requestsTo('PATCH', /\/issues\/comments\/\d+$/)).toHaveLength(1);
    expect(github.comments.get(7)).toHaveLength(121);

    expectGolden('pull-request-comment.md.golden', normalise(ours()[0]!.body));
    expectGolden('pull-request-summary.md.golden', normalise(second.summary));
  });

  it('never overwrites a comment that carries the marker but was written by someone else (regression)', async () => {
    const baseSha = github.commit(BASE_FILES);
    const planted = {
      id: 900_001,
      body: `${MARKER}\nI pasted the marker on purpose`,
      user: { login: 'mallory', type: 'User' },
      html_url: '',
      created_at: '',
      updated_at: '',
    };
    github.comments.set(21, [planted]);
    const run = await runAction({
      bundle,
      apiUrl: github.url,
      eventName: 'pull_request',
      payload: pullRequest(21, baseSha),
      workspace: makeWorkspace(HEAD_FILES),
    });
    expect(run.code).toBe(0);
    expect(planted.body).toBe(`${MARKER}\nI pasted the marker on purpose`);
    expect(github.requestsTo('PATCH', new RegExp(`/issues/comments/${planted.id}$`))).toHaveLength(
      0,
    );
    const comments = github.comments.get(21)!;
    expect(comments).toHaveLength(2);
    expect(comments[1]!.user.login).toBe('github-actions[bot]');
    // The GITHUB_TOKEN-like token is refused by GET /user, as on GitHub.
    expect(github.requestsTo('GET', /^\/user$/).length).toBeGreaterThan(0);
  });

  it("finds its own comment by the personal token's identity from GET /user", async () => {
    const baseSha = github.commit(BASE_FILES);
    github.users.set('ghp_personal', { login: 'release-bot', type: 'User' });
    github.comments.set(22, [
      {
        id: 900_002,
        body: `${MARKER}\nold report by github-actions`,
        user: { login: 'github-actions[bot]', type: 'Bot' },
        html_url: '',
        created_at: '',
        updated_at: '',
      },
    ]);
    const setup = {
      bundle,
      apiUrl: github.url,
      eventName: 'pull_request',
      payload: pullRequest(22, baseSha),
      env: { 'INPUT_GITHUB-TOKEN': 'ghp_personal' },
    };
    expect((await runAction({ ...setup, workspace: makeWorkspace(HEAD_FILES) })).code).toBe(0);
    expect((await runAction({ ...setup, workspace: makeWorkspace(HEAD_FILES) })).code).toBe(0);
    const comments = github.comments.get(22)!;
    expect(comments.map((c) => c.user.login)).toEqual(['github-actions[bot]', 'release-bot']);
    expect(comments[0]!.body).toBe(`${MARKER}\nold report by github-actions`);
    expect(
      github.requestsTo('PATCH', new RegExp(`/issues/comments/${comments[1]!.id}$`)),
    ).toHaveLength(1);
  });

  it('reports the plan base → head and writes the outputs and the JSON report', async () => {
    const baseSha = github.commit(BASE_FILES);
    const before = github.requests.length;
    const run = await runAction({
      bundle,
      apiUrl: github.url,
      eventName: 'pull_request',
      payload: pullRequest(8, baseSha),
      workspace: makeWorkspace(HEAD_FILES),
    });
    expect(run.code).toBe(0);
    expect(run.outputs.valid).toBe('true');
    expect(JSON.parse(run.outputs.changed!)).toEqual([
      'terminate_expired_environment',
      'notify_service_created',
      'sync_service_owners',
      'legacy_audit',
    ]);
    // deploy_on_version_change only moved: the comment says so, `changed` leaves it out.
    const report = JSON.parse(readFileSync(run.outputs.report!, 'utf8'));
    const kinds = Object.fromEntries(
      report.changes.map((c: { identifier: string; kind: string }) => [c.identifier, c.kind]),
    );
    expect(kinds).toEqual({
      terminate_expired_environment: 'added',
      notify_service_created: 'changed',
      sync_service_owners: 'enabled',
      deploy_on_version_change: 'moved',
      legacy_audit: 'removed',
    });
    const notify = report.changes.find(
      (c: { identifier: string }) => c.identifier === 'notify_service_created',
    );
    const bySample = Object.fromEntries(
      notify.previews.map((p: { sample: string; matched: boolean }) => [p.sample, p.matched]),
    );
    expect(bySample).toEqual({
      'automations/events/service-created-low-tier.json': false,
      'automations/events/service-created.json': true,
    });
    const matched = notify.previews.find((p: { matched: boolean }) => p.matched);
    expect(matched.request.headers.Authorization).toBe('Bearer ***');
    expect(matched.request.body.text).toBe('New tier-1 service Ledger API');
    const timer = report.changes.find(
      (c: { identifier: string }) => c.identifier === 'terminate_expired_environment',
    );
    expect(timer.previews).toHaveLength(1);
    expect(timer.previews[0].synthetic).toBe(true);
    expect(timer.previews[0].matched).toBe(true);
    // Only blobs whose content is not in the checkout: notify, owners and the removed one.
    const blobs = github.requests.slice(before).filter((r) => r.path.includes('/git/blobs/'));
    expect(blobs).toHaveLength(3);
  });

  it('falls back to per-directory listings when GitHub truncates the recursive tree', async () => {
    const baseSha = github.commit(BASE_FILES);
    github.maxRecursiveEntries = 3;
    try {
      const before = github.requests.length;
      const run = await runAction({
        bundle,
        apiUrl: github.url,
        eventName: 'pull_request',
        payload: pullRequest(9, baseSha),
        workspace: makeWorkspace(HEAD_FILES),
        inputs: { comment: 'false' },
      });
      expect(run.code).toBe(0);
      const report = JSON.parse(readFileSync(run.outputs.report!, 'utf8'));
      expect(report.changes.map((c: { kind: string }) => c.kind)).toEqual([
        'added',
        'changed',
        'enabled',
        'moved',
        'removed',
      ]);
      const trees = github.requests.slice(before).filter((r) => r.path.includes('/git/trees/'));
      expect(trees.filter((r) => !r.query.has('recursive')).length).toBeGreaterThan(1);
      expect(github.comments.get(9)).toBeUndefined();
    } finally {
      github.maxRecursiveEntries = 100_000;
    }
  });

  it('treats every definition as added when the path does not exist on the base', async () => {
    const baseSha = github.commit({ 'README.md': '# new repo\n' });
    const run = await runAction({
      bundle,
      apiUrl: github.url,
      eventName: 'pull_request',
      payload: pullRequest(10, baseSha),
      workspace: makeWorkspace(HEAD_FILES),
    });
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(run.outputs.report!, 'utf8'));
    expect(report.base.absent).toBe(true);
    expect(new Set(report.changes.map((c: { kind: string }) => c.kind))).toEqual(
      new Set(['added']),
    );
    expect(report.changes).toHaveLength(5);
  });

  it('fails the check on errors, annotates at most 10 of them and lists the rest in the report', async () => {
    const baseSha = github.commit(BASE_FILES);
    const run = await runAction({
      bundle,
      apiUrl: github.url,
      eventName: 'pull_request',
      payload: pullRequest(11, baseSha),
      workspace: makeWorkspace(brokenHead(12)),
    });
    expect(run.code).toBe(1);
    expect(run.outputs.valid).toBe('false');
    const errors = run.stdout.split('\n').filter((l) => l.startsWith('::error'));
    expect(errors.slice(0, 10)).toHaveLength(10);
    expect(errors[0]).toMatch(
      /^::error title=switchyard \(jq-compile\),file=automations\/broken\/broken-00\.json,line=\d+,endLine=\d+,col=\d+::condition expression is not valid jq/,
    );
    // The 11th error line is setFailed's, without a file.
    expect(errors).toHaveLength(11);
    expect(errors[10]).toMatch(/^::error::switchyard: 12 errors/);
    const comment = github.comments.get(11)![0]!.body;
    expect(comment).toContain('### ❌ switchyard preview: 12 errors');
    expect(comment).toContain('GitHub shows at most 10 errors and 10 warnings as annotations');
    expect(comment.match(/`jq-compile`/g)).toHaveLength(12);
    expect(run.summary).toContain('GitHub shows at most 10 errors');
  });

  it('keeps the comment under 65,536 characters by dropping detail, and says so', async () => {
    const many: Record<string, string> = { ...HEAD_FILES };
    const big = 'x'.repeat(3000);
    for (let i = 0; i < 40; i++) {
      many[`automations/bulk/bulk-${i}.json`] = `${JSON.stringify({
        identifier: `bulk_${i}`,
        trigger: {
          type: 'automation',
          event: { type: 'ENTITY_CREATED', blueprintIdentifier: 'service' },
        },
        invocationMethod: {
          type: 'WEBHOOK',
          url: 'https://example.com/h',
          body: { big, id: '{{ .run.id }}' },
        },
        publish: true,
      })}\n`;
    }
    const baseSha = github.commit(BASE_FILES);
    const run = await runAction({
      bundle,
      apiUrl: github.url,
      eventName: 'pull_request',
      payload: pullRequest(12, baseSha),
      workspace: makeWorkspace(many),
    });
    expect(run.code).toBe(0);
    const comment = github.comments.get(12)![0]!.body;
    expect(comment.length).toBeLessThanOrEqual(65_536);
    expect(comment).toContain("This report was shortened to fit GitHub's size limit");
    expect(comment).toContain('The job summary has the full report.');
    // The job summary (1 MiB limit) keeps every request body.
    expect(run.summary.match(new RegExp(big, 'g'))?.length).toBeGreaterThanOrEqual(40);
  });

  it('still writes the summary when the token cannot comment (a fork), with a warning', async () => {
    const baseSha = github.commit(BASE_FILES);
    github.readOnly = true;
    try {
      const run = await runAction({
        bundle,
        apiUrl: github.url,
        eventName: 'pull_request',
        payload: pullRequest(13, baseSha),
        workspace: makeWorkspace(HEAD_FILES),
      });
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/::warning::Could not comment on pull request #13 \(403/);
      expect(run.summary).toContain(MARKER);
    } finally {
      github.readOnly = false;
    }
  });
});
