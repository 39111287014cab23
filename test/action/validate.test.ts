import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle } from '../../testkit/build-bundle.js';
import { FakeGithub } from '../../testkit/fake-github.js';
import { brokenHead, HEAD_FILES } from './fixtures.js';
import { makeWorkspace, runAction } from '../../testkit/run-action.js';

let bundle: string;
let github: FakeGithub;

beforeAll(async () => {
  bundle = buildBundle();
  github = await new FakeGithub().start();
});
afterAll(() => github?.stop());

const push = (files: Record<string, string>, inputs: Record<string, string> = {}) =>
  runAction({
    bundle,
    apiUrl: github.url,
    eventName: 'push',
    payload: { ref: 'refs/heads/main', before: '0'.repeat(40), after: '1'.repeat(40) },
    workspace: makeWorkspace(files),
    inputs,
  });

describe('push and schedule: validate mode', () => {
  it('passes valid definitions without calling the GitHub API', async () => {
    const run = await push(HEAD_FILES);
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ valid: 'true', changed: '[]' });
    expect(run.summary).toContain('### ✅ switchyard validation: 0 errors · 0 warnings');
    expect(github.requests).toHaveLength(0);
  });

  it('fails on errors, with annotations and log lines in file:line:col form', async () => {
    const run = await push(brokenHead(2));
    expect(run.code).toBe(1);
    expect(run.outputs.valid).toBe('false');
    expect(run.stdout).toMatch(
      /^automations\/broken\/broken-00\.json:\d+:\d+: error: condition expression is not valid jq: .* \(jq-compile\)$/m,
    );
    expect(run.stdout.match(/^::error title=switchyard \(jq-compile\),file=/gm)).toHaveLength(2);
    expect(run.stdout).toMatch(/^::error::switchyard: 2 errors — see the job summary\.$/m);
  });

  it('fails on warnings with fail-on-warnings: true', async () => {
    const unpublished = JSON.stringify({
      identifier: 'no_publish',
      trigger: { type: 'automation', event: { type: 'ENTITY_CREATED', blueprintIdentifier: 'x' } },
      invocationMethod: { type: 'KAFKA', payload: {} },
    });
    const files = { ...HEAD_FILES, 'automations/no-publish.json': unpublished };
    expect((await push(files)).code).toBe(0);
    const run = await push(files, { 'fail-on-warnings': 'true' });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^::warning title=switchyard \(publish-missing\),file=automations\/no-publish\.json,line=1,endLine=1,col=\d+::/m,
    );
    expect(run.stdout).toMatch(/^::error::switchyard: 1 warning \(fail-on-warnings\)/m);
  });

  it('says which input is wrong', async () => {
    const run = await push(HEAD_FILES, { mode: 'sideways' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '::error::input "mode" must be one of auto, preview, validate, dispatch, not "sideways"',
    );
  });
});
