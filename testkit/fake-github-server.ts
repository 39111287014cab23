import { randomBytes, verify, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeGitObjects } from './fake-github-git.js';
import type {
  FakeCheckRun,
  FakeInstallation,
  FakeRepository,
  FakeWorkflow,
  FakeWorkflowRun,
} from './fake-github-state.js';

/** One request the fake received, for assertions. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: unknown;
}

export interface FakeComment {
  id: number;
  body: string;
  user: { login: string; type: string };
  html_url: string;
  created_at: string;
  updated_at: string;
}

/** Who is calling: the app (a JWT), an installation (a token the fake issued), or any token. */
export type Caller =
  | { readonly kind: 'app' }
  | { readonly kind: 'installation'; readonly installationId: number }
  | { readonly kind: 'token'; readonly token: string };

export interface RouteCall {
  readonly fake: FakeGithubServer;
  readonly match: RegExpExecArray;
  readonly url: URL;
  readonly body: unknown;
  readonly caller: Caller;
  readonly res: ServerResponse;
}

export type Route = readonly [method: string, path: RegExp, handle: (call: RouteCall) => void];

export const DOCS = 'https://docs.github.com/rest';

export interface PushResult {
  readonly before: string;
  readonly after: string;
  readonly added: string[];
  readonly modified: string[];
  readonly removed: string[];
}

/**
 * The state and HTTP server of `FakeGithub`, serving the routes it is given.
 *
 * A stateful GitHub REST fake on 127.0.0.1 for the endpoints the Action and the bot use:
 * GitHub App authentication (JWT, installation tokens, installations and their repositories),
 * repositories with branches and commits you can push to, git trees (recursive, truncated on
 * demand), blobs and contents, check runs, issue comments, workflow dispatches (with and
 * without `return_run_details`, or refusing it like an older GitHub Enterprise Server) and
 * workflow runs. Paths are served with and without the `/api/v3` prefix of GHES. It answers the
 * way GitHub does: status codes, `{ message, documentation_url }` error bodies.
 */
export class FakeGithubServer {
  /** The endpoints it serves, tried in order (`FakeGithub` passes them all). */
  constructor(private readonly routes: readonly Route[]) {}

  readonly requests: RecordedRequest[] = [];
  readonly comments = new Map<number, FakeComment[]>();
  readonly dispatches: { owner: string; repo: string; workflow: string; body: unknown }[] = [];
  readonly git = new FakeGitObjects();
  readonly repositories = new Map<string, FakeRepository>();
  readonly installations = new Map<number, FakeInstallation>();
  readonly checkRuns: FakeCheckRun[] = [];
  /** `owner/repo/workflow-file` → the workflow; unknown workflows accept any input. */
  readonly workflows = new Map<string, FakeWorkflow>();
  readonly workflowRuns: FakeWorkflowRun[] = [];
  /**
   * Personal tokens → the user they act as (`GET /user` answers it, their comments carry it).
   * Any other token acts like a workflow's `GITHUB_TOKEN`: `GET /user` is 403 and its
   * comments are written by `github-actions[bot]`.
   */
  readonly users = new Map<string, { login: string; type: string }>();
  /** Issued installation tokens → installation id. */
  readonly tokens = new Map<string, number>();
  /** Recursive listings with more entries than this come back `truncated: true`. */
  maxRecursiveEntries = 100_000;
  /** 403 on creating/updating comments, as for a fork's read-only token. */
  readOnly = false;
  /** Answer 400 to `return_run_details`, like GitHub Enterprise Server 3.20 and older. */
  ghes = false;
  /** A dispatched run is listed only this long after the dispatch. */
  runListingDelayMs = 0;
  /** When set, app JWTs must be signed (RS256) with the matching private key. */
  appPublicKey: KeyObject | undefined;
  private nextId = 1000;
  private server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** `127.0.0.1:<port>`, for Probot's `GHE_HOST` (with `GHE_PROTOCOL=http`). */
  get host(): string {
    return new URL(this.url).host;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** Stores a commit with these files (path → content), on no branch; returns its sha. */
  commit(files: Readonly<Record<string, string>>): string {
    return this.git.commit(files);
  }

  id(): number {
    return this.nextId++;
  }

  /** Creates a repository with one commit of these files on its default branch. */
  addRepository(
    fullName: string,
    options: { files?: Record<string, string>; defaultBranch?: string; ownerId?: number } = {},
  ): FakeRepository {
    const [login, name] = fullName.split('/') as [string, string];
    const defaultBranch = options.defaultBranch ?? 'main';
    const repository: FakeRepository = {
      id: this.id(),
      owner: { login, id: options.ownerId ?? this.ownerId(login) },
      name,
      fullName,
      defaultBranch,
      branches: new Map([[defaultBranch, this.git.commit(options.files ?? {}, null, 'initial')]]),
    };
    this.repositories.set(fullName, repository);
    return repository;
  }

  /** Installs the app on these repositories (created when unknown). */
  install(id: number, repositories: readonly string[]): FakeInstallation {
    for (const name of repositories) if (!this.repositories.has(name)) this.addRepository(name);
    const login = repositories[0]?.split('/')[0] ?? 'acme';
    const installation = this.installations.get(id) ?? {
      id,
      account: { login, id: this.ownerId(login) },
      repositories: new Set<string>(),
    };
    for (const name of repositories) installation.repositories.add(name);
    this.installations.set(id, installation);
    return installation;
  }

  /** The installation a repository belongs to. */
  installationOf(fullName: string): FakeInstallation | undefined {
    return [...this.installations.values()].find((i) => i.repositories.has(fullName));
  }

  /** The files at a branch head. */
  filesAt(fullName: string, branch?: string): Record<string, string> {
    const repository = this.repository(fullName);
    const sha = repository.branches.get(branch ?? repository.defaultBranch)!;
    return { ...this.git.commits.get(sha)!.files };
  }

  /** Commits changes (path → content, or null to delete) on a branch; returns what a push says. */
  push(fullName: string, changes: Record<string, string | null>, branch?: string): PushResult {
    const repository = this.repository(fullName);
    const name = branch ?? repository.defaultBranch;
    const before = repository.branches.get(name) ?? '0'.repeat(40);
    const files = repository.branches.has(name) ? this.filesAt(fullName, name) : {};
    const added: string[] = [];
    const modified: string[] = [];
    const removed: string[] = [];
    for (const [path, content] of Object.entries(changes)) {
      if (content === null) {
        if (path in files) removed.push(path);
        delete files[path];
      } else {
        (path in files ? modified : added).push(path);
        files[path] = content;
      }
    }
    const after = this.git.commit(files, before, `change ${Object.keys(changes).join(', ')}`);
    repository.branches.set(name, after);
    return { before, after, added, modified, removed };
  }

  repository(fullName: string): FakeRepository {
    const repository = this.repositories.get(fullName);
    if (!repository) throw new Error(`the fake has no repository ${fullName}`);
    return repository;
  }

  /** The JSON GitHub puts in `repository` of webhooks and `GET /repos/{owner}/{repo}`. */
  repositoryJson(repository: FakeRepository): Record<string, unknown> {
    return {
      id: repository.id,
      node_id: `R_${repository.id}`,
      name: repository.name,
      full_name: repository.fullName,
      private: true,
      owner: { login: repository.owner.login, id: repository.owner.id, type: 'Organization' },
      html_url: `https://github.com/${repository.fullName}`,
      default_branch: repository.defaultBranch,
      master_branch: repository.defaultBranch,
    };
  }

  requestsTo(method: string, pattern: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && pattern.test(r.path));
  }

  checkRunsOn(fullName: string, sha?: string): FakeCheckRun[] {
    return this.checkRuns.filter(
      (c) => c.repository === fullName && (sha === undefined || c.head_sha === sha),
    );
  }

  private ownerId(login: string): number {
    const known = [...this.repositories.values()].find((r) => r.owner.login === login);
    return known?.owner.id ?? 500 + [...login].reduce((sum, c) => sum + c.charCodeAt(0), 0);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const path = url.pathname.replace(/^\/api\/v3(?=\/)/, '');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      return send(res, 400, { message: 'Problems parsing JSON', documentation_url: DOCS });
    }
    const method = req.method ?? 'GET';
    this.requests.push({ method, path, query: url.searchParams, headers: req.headers, body });
    const caller = this.authenticate(req.headers.authorization ?? '');
    if (!caller) {
      return send(res, 401, { message: 'Bad credentials', documentation_url: DOCS });
    }
    for (const [routeMethod, pattern, handle] of this.routes) {
      const match = routeMethod === method ? pattern.exec(path) : null;
      if (!match) continue;
      if (!this.allowed(caller, path)) break;
      return handle({ fake: this, match, url, body, caller, res });
    }
    return send(res, 404, { message: 'Not Found', documentation_url: DOCS });
  }

  /** An installation token reaches only its installation's repositories (else 404, as GitHub). */
  private allowed(caller: Caller, path: string): boolean {
    const repo = /^\/repos\/([^/]+)\/([^/]+)/.exec(path);
    if (!repo || caller.kind !== 'installation') return true;
    if (path.endsWith('/installation')) return true;
    return (
      this.installations.get(caller.installationId)?.repositories.has(`${repo[1]}/${repo[2]}`) ??
      false
    );
  }

  private authenticate(header: string): Caller | undefined {
    const bearer = /^bearer (\S+)$/i.exec(header)?.[1];
    if (bearer && bearer.split('.').length === 3) {
      return this.verifyJwt(bearer) ? { kind: 'app' } : undefined;
    }
    const token = /^(?:token|bearer) (\S+)$/i.exec(header)?.[1];
    if (!token) return undefined;
    const installationId = this.tokens.get(token);
    if (installationId !== undefined) return { kind: 'installation', installationId };
    return { kind: 'token', token };
  }

  /** Who a caller's comments are written by. */
  authorOf(caller: Caller): { login: string; type: string } {
    if (caller.kind === 'token') {
      return this.users.get(caller.token) ?? { login: 'github-actions[bot]', type: 'Bot' };
    }
    return { login: 'switchyard[bot]', type: 'Bot' };
  }

  private verifyJwt(jwt: string): boolean {
    const [header, payload, signature] = jwt.split('.') as [string, string, string];
    if (!this.appPublicKey) return true;
    const ok = verify(
      'RSA-SHA256',
      Buffer.from(`${header}.${payload}`),
      this.appPublicKey,
      Buffer.from(signature, 'base64url'),
    );
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      exp?: number;
    };
    return ok && (claims.exp ?? 0) * 1000 > Date.now();
  }

  issueToken(installationId: number): string {
    const token = `ghs_${randomBytes(18).toString('base64url')}`;
    this.tokens.set(token, installationId);
    return token;
  }
}

export function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
    'x-github-api-version-selected': '2022-11-28',
    ...headers,
  });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

export function notFound(res: ServerResponse): void {
  send(res, 404, { message: 'Not Found', documentation_url: DOCS });
}
