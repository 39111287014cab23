import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { secretForms } from '../core/template/secret-forms.js';
import {
  baseEnv,
  EVENTS_SECRET,
  figureDir,
  freePort,
  HOOK_TOKEN,
  WEBHOOK_SECRET,
  webhookOn,
  type Figure,
} from './chaos-env.js';
import { createdEvent, EventSender } from './event-sender.js';
import { waitUntil } from './proc-stats.js';
import { RunReceiver } from './run-receiver.js';
import { startServe } from './serve-process.js';

const CLIENT_SECRET = 'chaos-client-secret-Wq2/+=';

/** Every encoded form worth looking for: raw, base64 at each alignment, URL-encoded, JSON. */
function needles(secret: string): string[] {
  return secretForms(secret).filter((form) => form.length >= 12);
}

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => filesUnder(join(path, name)));
}

/**
 * Figure 7: a run whose webhook carries `{{ .secrets.HOOK_TOKEN }}` in its URL, a Basic
 * header (base64), a query string (URL-encoded) and its body; then the secret values appear
 * 0 times in the database files (WAL included), logs, run API answers and previews, nor in
 * anything the other figures left behind.
 */
export async function secretsFigure(otherArtifacts: readonly string[]): Promise<Figure> {
  const receiver = await new RunReceiver().up();
  const definition = webhookOn(
    'secretive',
    'svc',
    `${receiver.url}/hook?token={{ .secrets.HOOK_TOKEN | @uri }}`,
    {
      headers: {
        Authorization: '{{ "Basic " + ("deploy:" + .secrets.HOOK_TOKEN | @base64) }}',
        'X-Token': '{{ .secrets.HOOK_TOKEN }}',
      },
      body: {
        token: '{{ .secrets.HOOK_TOKEN }}',
        b64: '{{ .secrets.HOOK_TOKEN | @base64 }}',
        run: '{{ .run.id }}',
      },
    },
  );
  const { dir, folder } = figureDir('secrets', { 'secretive.json': definition });
  const env = baseEnv(folder, {
    SWITCHYARD_SQLITE_PATH: join(dir, 'switchyard.db'),
    SWITCHYARD_CLIENT_ID: 'chaos',
    SWITCHYARD_CLIENT_SECRET: CLIENT_SECRET,
    LOG_LEVEL: 'debug',
  });
  const server = await startServe(env, join(dir, 'serve.log'), await freePort());
  const sender = new EventSender(EVENTS_SECRET);
  const answers: string[] = [];
  for (let i = 0; i < 20; i++) {
    await sender.post(`${server.url}/v1/events`, createdEvent(`evt_secret_${i}`, 'svc'));
  }
  sender.close();
  await waitUntil(() => receiver.total() >= 20, 30_000);
  const token = (await (
    await fetch(`${server.url}/v1/auth/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: 'chaos', clientSecret: CLIENT_SECRET }),
    })
  ).json()) as { accessToken?: string };
  const get = async (path: string) => {
    const text = await (
      await fetch(`${server.url}${path}`, {
        headers: { authorization: `Bearer ${token.accessToken}` },
      })
    ).text();
    answers.push(text);
    return text;
  };
  const list = JSON.parse(await get('/v1/actions/runs?limit=50')) as { runs?: { id: string }[] };
  for (const run of list.runs ?? []) {
    await get(`/v1/actions/runs/${run.id}`);
    await get(`/v1/actions/runs/${run.id}/logs`);
  }
  await get('/v1/automations');
  await get('/metrics');
  await server.kill(); // no checkpoint: the WAL keeps what was written
  await receiver.down();
  // The preview of the same definition (CLI), with the secret set.
  const sample = join(folder, 'events');
  execFileSync('mkdir', ['-p', sample]);
  writeFileSync(join(sample, 'created.json'), createdEvent('evt_preview', 'svc'));
  let preview: string;
  try {
    preview = execFileSync(
      process.execPath,
      [
        'lib/bin/switchyard.js',
        'preview',
        join(folder, 'secretive.json'),
        '--event',
        join(sample, 'created.json'),
      ],
      {
        env: { PATH: process.env.PATH ?? '', SWITCHYARD_SECRET_HOOK_TOKEN: HOOK_TOKEN },
        encoding: 'utf8',
      },
    );
  } catch (error) {
    preview =
      String((error as { stdout?: string }).stdout ?? '') +
      String((error as { stderr?: string }).stderr ?? '');
  }
  writeFileSync(join(dir, 'api-answers.txt'), answers.join('\n'));
  writeFileSync(join(dir, 'preview.txt'), preview);

  const secrets = { HOOK_TOKEN, EVENTS_SECRET, WEBHOOK_SECRET, CLIENT_SECRET };
  const files = [dir, ...otherArtifacts]
    .flatMap(filesUnder)
    .filter((f) => !f.endsWith('.json') || !f.includes('/automations/'));
  const found: string[] = [];
  let bytes = 0;
  for (const file of files) {
    // Searched as bytes: after the full soak a database is larger than a string can be.
    const data = readFileSync(file);
    bytes += data.length;
    for (const [name, value] of Object.entries(secrets)) {
      for (const needle of needles(value)) {
        if (data.includes(needle, 0, 'latin1'))
          found.push(`${name} in ${file.replace(/.*sy-chaos-/, '')}`);
      }
    }
  }
  const kinds = (suffix: RegExp) => files.filter((f) => suffix.test(f)).length;
  return {
    figure: '7. secrets',
    ok: found.length === 0 && receiver.total() >= 20 && preview.length > 0 && answers.length > 3,
    rows: {
      'secret values looked for': Object.keys(secrets).length,
      'forms of each (raw, base64 ×3 alignments, base64url, URL-encoded, JSON)':
        needles(HOOK_TOKEN).length,
      'files scanned': files.length,
      'database files (db, -wal, -shm)': kinds(/\.db(-wal|-shm)?$/),
      'log files': kinds(/\.log$/),
      'API answers scanned': answers.length,
      'preview scanned (bytes)': preview.length,
      'MiB scanned': Math.round(bytes / 1048576),
      occurrences: found.length,
      ...(found.length ? { where: [...new Set(found)].slice(0, 8).join(', ') } : {}),
    },
    artifacts: [dir],
  };
}
