import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { webhookAutomation, writeDefinitionsFolder } from '../../../testkit/definitions-folder.js';
import { json, startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';
import { entity, entityEvent } from '../../helpers/sample-events.js';
import { signedPost } from '../../helpers/signed-post.js';
import { waitFor } from '../../helpers/wait-for.js';

const SECRET = 'crash-test-secret';
let child: ChildProcess | undefined;
let receiver: LoopbackServer | undefined;
afterEach(async () => {
  child?.kill('SIGKILL');
  await receiver?.close();
});

/** `switchyard serve` as a real process; resolves with its URL once it listens. */
function serve(env: Record<string, string>): Promise<{ process: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'bin/switchyard.ts', 'serve'], {
    env: { ...process.env, ...env, LOG_FORMAT: 'json', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /switchyard listening on (http:\/\/[^"\s]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ process: proc, url: match[1]! });
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
}

describe('crash recovery', () => {
  it('delivers an accepted run after the process is killed (SIGKILL) and restarted', async () => {
    let healthy = false;
    receiver = await startLoopbackServer((_req, res) => json(res, healthy ? 200 : 503, {}));
    const { dir, folder } = await writeDefinitionsFolder(
      {
        'notify.json': webhookAutomation({
          url: `${receiver.url}/hook`,
          event: 'ENTITY_CREATED',
          body: { run: '{{ .run.id }}' },
        }),
      },
      { prefix: 'sy-crash-' },
    );
    const env = {
      PORT: '0',
      SWITCHYARD_DEFINITIONS: folder,
      // The receivers are on loopback, which webhooks may not reach by default.
      SWITCHYARD_ALLOWED_DESTINATIONS: '127.0.0.1',
      SWITCHYARD_SQLITE_PATH: join(dir, 'db.sqlite'),
      SWITCHYARD_EVENTS_SECRET: SECRET,
      SWITCHYARD_WATCH: 'false',
    };
    const first = await serve({ ...env, SWITCHYARD_RETRY_BASE_MS: '3000' });
    child = first.process;
    const answer = await signedPost(
      `${first.url}/v1/events`,
      entityEvent('CREATE', 'service', null, entity('service', 's', {})),
      SECRET,
    );
    expect(answer.status).toBe(202);
    const runId = (answer.json.runs as string[])[0]!;
    await waitFor(() => receiver!.requests.length >= 1, 5000, 'the first (failing) attempt');
    // Kill between attempts: once the failed attempt is recorded and the run waits for its retry.
    // (A process killed during an attempt leaves a claim that only expires with its lease.)
    const db = new Database(env.SWITCHYARD_SQLITE_PATH, { readonly: true });
    await waitFor(
      () =>
        db.prepare('SELECT claimed_by FROM outbox WHERE run_id = ?').get(runId) as
          { claimed_by: string | null } | undefined,
      5000,
      'the recorded retry',
    ).then(() =>
      waitFor(
        () =>
          (
            db.prepare('SELECT claimed_by FROM outbox WHERE run_id = ?').get(runId) as {
              claimed_by: string | null;
            }
          ).claimed_by === null,
        5000,
        'the released claim',
      ),
    );
    db.close();
    first.process.kill('SIGKILL');
    await new Promise((resolve) => first.process.once('exit', resolve));

    healthy = true;
    const attemptsBefore = receiver.requests.length;
    const second = await serve({ ...env, SWITCHYARD_RETRY_BASE_MS: '20' });
    child = second.process;
    const delivered = await waitFor(
      () => receiver!.requests.slice(attemptsBefore).find((r) => JSON.parse(r.body).run === runId),
      10_000,
      'delivery after restart',
    );
    expect(delivered.headers['x-switchyard-run-id']).toBe(runId);
  }, 40_000);

  it('raises a RUN_UPDATED queued with the run change once, after a kill between the commit and the chained event', async () => {
    receiver = await startLoopbackServer((_req, res) => json(res, 200, {}));
    const { dir, folder } = await writeDefinitionsFolder(
      {
        'deploy.json': webhookAutomation({
          identifier: 'deploy',
          url: `${receiver.url}/deploy`,
          event: 'ENTITY_CREATED',
          body: { run: '{{ .run.id }}' },
          synchronized: true,
        }),
        // Its condition takes a while (a long range), so the process is killed while the
        // RUN_UPDATED waits in the chain outbox, before the follow-up's event is stored.
        'follow.json': {
          identifier: 'follow',
          trigger: {
            type: 'automation',
            event: { type: 'RUN_UPDATED', actionIdentifier: 'deploy' },
            condition: {
              type: 'JQ',
              expressions: ['.diff.after.status == "SUCCESS"', '[range(10000000)] | length > 0'],
              combinator: 'and',
            },
          },
          invocationMethod: {
            type: 'WEBHOOK',
            url: `${receiver.url}/follow`,
            body: { parent: '{{ .event.diff.after.id }}' },
          },
          publish: true,
        },
      },
      { prefix: 'sy-crash-chain-' },
    );
    const path = join(dir, 'db.sqlite');
    const env = {
      PORT: '0',
      SWITCHYARD_DEFINITIONS: folder,
      SWITCHYARD_ALLOWED_DESTINATIONS: '127.0.0.1',
      SWITCHYARD_SQLITE_PATH: path,
      SWITCHYARD_EVENTS_SECRET: SECRET,
      SWITCHYARD_WATCH: 'false',
      SWITCHYARD_JQ_TIMEOUT_MS: '30000',
    };
    const first = await serve(env);
    child = first.process;
    const answer = await signedPost(
      `${first.url}/v1/events`,
      entityEvent('CREATE', 'service', null, entity('service', 's', {})),
      SECRET,
    );
    expect(answer.status).toBe(202);
    const deployRun = (answer.json.runs as string[])[0]!;
    const db = new Database(path, { readonly: true });
    const pending = () =>
      db.prepare('SELECT COUNT(*) AS n FROM chain_outbox WHERE run_id = ?').get(deployRun) as {
        n: number;
      };
    const followRuns = () =>
      (
        db.prepare("SELECT COUNT(*) AS n FROM runs WHERE action_identifier = 'follow'").get() as {
          n: number;
        }
      ).n;
    // The delivery result (SUCCESS) and its RUN_UPDATED commit together: kill right then.
    await waitFor(() => pending().n === 1, 10_000, 'the queued RUN_UPDATED');
    first.process.kill('SIGKILL');
    await new Promise((resolve) => first.process.once('exit', resolve));
    expect(
      (db.prepare('SELECT status FROM runs WHERE id = ?').get(deployRun) as { status: string })
        .status,
    ).toBe('SUCCESS');
    expect(pending().n).toBe(1);
    expect(followRuns()).toBe(0);

    const second = await serve(env);
    child = second.process;
    // The dead process's claim (if it had one) ends with its lease; then the event is ingested.
    await waitFor(() => pending().n === 0, 30_000, 'the RUN_UPDATED ingested after restart');
    expect(followRuns()).toBe(1);
    const follow = await waitFor(
      () => receiver!.requests.find((r) => r.url === '/follow'),
      10_000,
      'the follow-up delivery',
    );
    expect(JSON.parse(follow.body)).toEqual({ parent: deployRun });
    db.close();
    expect(receiver.requests.filter((r) => r.url === '/follow')).toHaveLength(1);
  }, 90_000);
});
