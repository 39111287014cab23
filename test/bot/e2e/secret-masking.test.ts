import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Bot } from '../../../bot/create-bot.js';
import { secretForms } from '../../../core/template/secret-forms.js';
import { json, startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';
import { entity, entityEvent } from '../../helpers/sample-events.js';
import { signedPost } from '../../helpers/signed-post.js';
import { EVENTS_SECRET, startTestBot } from '../../helpers/start-test-bot.js';
import { waitFor } from '../../helpers/wait-for.js';

const SECRET = 'hunter2-s3cret/val+ue';

let bot: (Bot & { dir: string }) | undefined;
let receiver: LoopbackServer | undefined;
afterEach(async () => {
  await bot?.stop();
  await receiver?.close();
  bot = undefined;
  receiver = undefined;
});

/** Where any form of the secret (raw, JSON-escaped, URL-encoded, base64) occurs in `text`. */
function leaks(text: string): string[] {
  return secretForms(SECRET).filter((form) => text.includes(form));
}

describe('secrets rendered by templates that do not name them', () => {
  it('stores, logs and answers the run of a `{{ . }}` / `{{ debug }}` template with every secret form masked, and still sends the real values', async () => {
    // The receiver answers with what it got: the stored response would carry the secret too.
    receiver = await startLoopbackServer((req, res) => json(res, 200, JSON.parse(req.body)));
    bot = await startTestBot(
      {
        'dump.json': {
          identifier: 'dump',
          trigger: {
            type: 'automation',
            event: { type: 'ENTITY_CREATED', blueprintIdentifier: 'service' },
          },
          invocationMethod: {
            type: 'WEBHOOK',
            url: `${receiver.url}/dump`,
            synchronized: true,
            body: {
              everything: '{{ . }}',
              debugged: '{{ debug }}',
              text: 'input: {{ tostring }}',
              base64: '{{ tostring | @base64 }}',
              uri: '{{ tostring | @uri }}',
            },
          },
          publish: true,
        },
      },
      { SWITCHYARD_SECRET_HOOK_TOKEN: SECRET },
    );
    const answer = await signedPost(
      `${bot.url}/v1/events`,
      entityEvent('CREATE', 'service', null, entity('service', 's', {})),
      EVENTS_SECRET,
    );
    const runId = (answer.json.runs as string[])[0]!;
    const sent = await waitFor(() => receiver!.requests[0], 5000, 'the webhook');
    // The backend gets the template's real output.
    expect(JSON.parse(sent.body).everything.secrets.HOOK_TOKEN).toBe(SECRET);
    const run = await waitFor(async () => {
      const stored = await bot!.ctx.store.getRun(runId);
      return stored?.status === 'SUCCESS' ? stored : undefined;
    });
    expect(run.payload).toMatchObject({ body: { everything: { secrets: { HOOK_TOKEN: '***' } } } });
    expect(leaks(JSON.stringify(run))).toEqual([]);
    expect(leaks(JSON.stringify(await bot.ctx.store.listRunLogs(runId)))).toEqual([]);
    const api = await fetch(`${bot.url}/v1/actions/runs/${runId}`);
    expect(api.status).toBe(200);
    expect(leaks(await api.text())).toEqual([]);
    // Nor in the database files (WAL included).
    await bot.stop();
    const files = (await readdir(bot.dir)).filter((name) => name.startsWith('switchyard.db'));
    expect(files).toContain('switchyard.db');
    for (const name of files) {
      expect(leaks((await readFile(join(bot.dir, name))).toString('latin1')), name).toEqual([]);
    }
    bot = undefined;
  });
});
