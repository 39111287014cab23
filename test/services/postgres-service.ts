import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** The PostgreSQL the tests use, and how to let go of it. */
export interface PostgresService {
  readonly url: string;
  /** One line for the test log: which PostgreSQL this is. */
  readonly description: string;
  stop(): void;
}

const LOCAL_URL = 'postgres://postgres@127.0.0.1:5432/test';
const INSTALL_HINT =
  'install PostgreSQL (`apt-get install -y postgresql`, as root), or set DATABASE_URL to a database the tests may create schemas in';

/**
 * `DATABASE_URL` if set; else the server at 127.0.0.1:5432 (database `test`) if it accepts a
 * connection; else a throwaway server of its own (Debian's `initdb`/`pg_ctl`) in a temp folder,
 * stopped by `stop()` or, if the test runner dies, by a watcher.
 */
export async function startPostgresService(
  env = process.env,
  localUrl = LOCAL_URL,
): Promise<PostgresService> {
  if (env.DATABASE_URL) {
    const problem = await connectProblem(env.DATABASE_URL);
    if (problem) throw new Error(`DATABASE_URL does not accept a connection: ${problem}`);
    return { url: env.DATABASE_URL, description: 'DATABASE_URL', stop: () => undefined };
  }
  const localProblem = await connectProblem(localUrl);
  if (!localProblem)
    return {
      url: localUrl,
      description: 'the server at 127.0.0.1:5432, database test',
      stop: () => undefined,
    };
  const server = await startThrowaway();
  return {
    ...server,
    description: `${server.description} (127.0.0.1:5432 did not answer: ${localProblem})`,
  };
}

async function connectProblem(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message || error.name : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The newest Debian PostgreSQL's bin folder, or the one on PATH. */
function findBinaries(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], 'bin');
  }
  try {
    const initdb = execFileSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).trim();
    return initdb ? initdb.replace(/\/initdb$/, '') : undefined;
  } catch {
    return undefined;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function startThrowaway(): Promise<
  Omit<PostgresService, 'description'> & { description: string }
> {
  const bin = findBinaries();
  if (!bin) throw new Error(`the tests need PostgreSQL and found none: ${INSTALL_HINT}`);
  // initdb refuses to run as root: run the server as the `postgres` user Debian's package creates.
  const asRoot = userInfo().uid === 0;
  let owner: { uid: number; gid: number } | undefined;
  if (asRoot) {
    try {
      const [uid, gid] = ['-u', '-g'].map((flag) =>
        Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim()),
      );
      owner = { uid: uid!, gid: gid! };
    } catch {
      throw new Error(
        `running as root, a throwaway PostgreSQL needs the postgres user: ${INSTALL_HINT}`,
      );
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-pg-'));
  const data = join(dir, 'data');
  if (owner) {
    chmodSync(dir, 0o755);
    chownSync(dir, owner.uid, owner.gid);
  }
  const run = (command: string, args: string[]) =>
    execFileSync(
      asRoot ? 'runuser' : command,
      asRoot ? ['-u', 'postgres', '--', command, ...args] : args,
      {
        stdio: ['ignore', 'ignore', 'pipe'],
        cwd: dir,
      },
    );
  const port = await freePort();
  try {
    run(join(bin, 'initdb'), [
      '-D',
      data,
      '-A',
      'trust',
      '-U',
      'postgres',
      '--no-sync',
      '-E',
      'UTF8',
    ]);
    run(join(bin, 'pg_ctl'), [
      '-D',
      data,
      '-l',
      join(dir, 'server.log'),
      '-w',
      '-o',
      `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c max_connections=200`,
      'start',
    ]);
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    rmSync(dir, { recursive: true, force: true });
    throw new Error(
      `could not start a throwaway PostgreSQL from ${bin}: ${stderr ?? String(error)}`,
      { cause: error },
    );
  }
  const admin = new pg.Client({
    connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`,
  });
  await admin.connect();
  await admin.query('CREATE DATABASE test');
  await admin.end();
  const stopArgs = ['-D', data, '-m', 'immediate', 'stop'];
  const stopCommand = asRoot
    ? ['runuser', '-u', 'postgres', '--', join(bin, 'pg_ctl'), ...stopArgs]
    : [join(bin, 'pg_ctl'), ...stopArgs];
  // If the test runner dies without teardown, the watcher stops the server and removes the folder.
  const quoted = stopCommand.map((part) => `'${part}'`).join(' ');
  const watcher = spawn(
    'sh',
    [
      '-c',
      `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; ${quoted} >/dev/null 2>&1; rm -rf '${dir}'`,
    ],
    { detached: true, stdio: 'ignore' },
  );
  watcher.unref();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/test`,
    description: `a throwaway PostgreSQL (${bin}) at 127.0.0.1:${port} in ${dir}`,
    stop() {
      try {
        execFileSync(stopCommand[0]!, stopCommand.slice(1), { stdio: 'ignore' });
      } finally {
        watcher.kill();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
