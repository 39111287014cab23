import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeDefinitionsFolder } from '../testkit/definitions-folder.js';
import { degradedAutomation, ECHO, event, SECRET } from './bot-bench.js';
import { LoadGenerator } from './load-generator.js';
import { startProcess } from './start-process.js';
import { startWebhookReceiver, waitForStats } from './webhook-receiver.js';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
  readonly children?: number[];
}

interface CpuProfile {
  readonly nodes: ProfileNode[];
  readonly samples: number[];
  readonly timeDeltas: number[];
}

export interface SelfTime {
  readonly name: string;
  /** Microseconds of CPU per event. */
  readonly usPerEvent: number;
  readonly share: number;
}

/** Self time per function (file:line), largest first, summed over every sample. */
export function summarizeProfile(profile: CpuProfile, events: number, top = 25): SelfTime[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    const frame = byId.get(id)!.callFrame;
    if (frame.functionName === '(idle)') return;
    const file = frame.url.startsWith('file://')
      ? relative(process.cwd(), new URL(frame.url).pathname).replace(/^node_modules\//, '')
      : frame.url;
    const name = `${frame.functionName || '(anonymous)'} ${file}${file ? `:${frame.lineNumber + 1}` : ''}`;
    self.set(name, (self.get(name) ?? 0) + delta);
    total += delta;
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, us]) => ({ name, usPerEvent: us / events, share: us / total }))
    .concat([{ name: 'total (busy, not idle)', usPerEvent: total / events, share: 1 }]);
}

/**
 * `node lib/bench/cpu-profile.js [EVENTS [POSTGRES_URL]]`: `switchyard serve` on SQLite (FULL) under
 * `--cpu-prof`, EVENTS signed events in (64 in flight) and their webhooks received, then the
 * server's CPU self time per function and per event. The bare Node http server's rate in the
 * same run is the anchor.
 */
export async function profileEndToEnd(
  events = 5000,
  databaseUrl?: string,
): Promise<{
  eventsPerSecond: number;
  bareRequestsPerSecond: number;
  /** The main thread's functions. */
  top: SelfTime[];
  /** Every other thread (the SQLite writer, jq workers). */
  others: { thread: number; top: SelfTime[] }[];
}> {
  const receiver = await startWebhookReceiver();
  const { dir, folder } = await writeDefinitionsFolder(
    { 'degraded.json': degradedAutomation(`${receiver.url}/hook`) },
    { prefix: 'sy-profile-' },
  );
  const profileDir = await mkdtemp(join(tmpdir(), 'sy-cpuprof-'));
  const echo = await startProcess(['-e', ECHO], {}, /listening on (http:\/\/\S+)/);
  try {
    const echoGen = new LoadGenerator(new URL('/v1/events', echo.match[1]), SECRET);
    const bareMs = await echoGen.closedLoop(events, 64, event);
    echoGen.close();
    const bot = await startProcess(
      ['--cpu-prof', '--cpu-prof-dir', profileDir, 'lib/bin/switchyard.js', 'serve'],
      {
        PORT: '0',
        SWITCHYARD_DEFINITIONS: folder,
        SWITCHYARD_ALLOWED_DESTINATIONS: '127.0.0.1',
        SWITCHYARD_SQLITE_PATH: join(dir, 'db.sqlite'),
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
        SWITCHYARD_EVENTS_SECRET: SECRET,
        SWITCHYARD_WATCH: 'false',
        SWITCHYARD_DELIVERY_CONCURRENCY: '64',
        LOG_LEVEL: 'info',
        LOG_FORMAT: 'json',
      },
      /switchyard listening on (http:\/\/\S+?)"/,
    );
    const gen = new LoadGenerator(new URL('/v1/events', bot.match[1]), SECRET);
    const start = performance.now();
    await gen.closedLoop(events, 64, event);
    await waitForStats(receiver, ({ count }) => count >= events);
    const ms = performance.now() - start;
    gen.close();
    bot.proc.removeAllListeners('exit');
    const exited = new Promise((resolve) => bot.proc.once('exit', resolve));
    bot.proc.kill('SIGTERM');
    await exited;
    // One profile per thread: CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile, main is 0.
    const files = (await readdir(profileDir)).filter((name) => name.endsWith('.cpuprofile'));
    const threads = await Promise.all(
      files.sort().map(async (file) => ({
        thread: Number(file.split('.')[4]),
        top: summarizeProfile(
          JSON.parse(await readFile(join(profileDir, file), 'utf8')) as CpuProfile,
          events,
        ),
      })),
    );
    const main = threads.find((t) => t.thread === 0);
    if (!main) throw new Error('the server wrote no CPU profile of its main thread');
    return {
      eventsPerSecond: (events * 1000) / ms,
      bareRequestsPerSecond: (events * 1000) / bareMs,
      top: main.top,
      others: threads.filter((t) => t !== main),
    };
  } finally {
    echo.proc.kill();
    receiver.close();
    await rm(dir, { recursive: true, force: true });
    await rm(profileDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const events = Number(process.argv[2] ?? 5000);
  // A second argument: a PostgreSQL URL (with its search_path) instead of SQLite.
  const result = await profileEndToEnd(events, process.argv[3]);
  const ratio = result.eventsPerSecond / result.bareRequestsPerSecond;
  console.log(
    `end to end ${Math.round(result.eventsPerSecond)} events/s; bare Node http ${Math.round(result.bareRequestsPerSecond)} req/s; ratio ${ratio.toFixed(2)}\n`,
  );
  for (const { thread, top } of [{ thread: 0, top: result.top }, ...result.others]) {
    console.log(`\nthread ${thread}${thread === 0 ? ' (main)' : ''}\n`);
    console.log('| µs/event | share | function (self time) |\n|---:|---:|---|');
    for (const row of top) {
      console.log(
        `| ${row.usPerEvent.toFixed(1)} | ${(row.share * 100).toFixed(1)}% | ${row.name} |`,
      );
    }
  }
}
