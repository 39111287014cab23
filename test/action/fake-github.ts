import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

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

interface TreeEntry {
  path: string;
  mode: string;
  type: 'blob' | 'tree';
  sha: string;
  size?: number;
}

const DOCS = 'https://docs.github.com/rest';

/**
 * A stateful GitHub REST fake on 127.0.0.1 for the endpoints the Action uses: git trees
 * (recursive, truncated on demand) and blobs, issue comments (paginated with Link
 * headers, 422 past 65,536 characters), repositories and workflow dispatches. It answers
 * the way GitHub does: status codes, `{ message, documentation_url }` error bodies.
 */
export class FakeGithub {
  readonly requests: RecordedRequest[] = [];
  readonly comments = new Map<number, FakeComment[]>();
  readonly dispatches: { owner: string; repo: string; workflow: string; body: unknown }[] = [];
  /** Recursive listings with more entries than this come back `truncated: true`. */
  maxRecursiveEntries = 100_000;
  /** 403 on creating/updating comments, as for a fork's read-only token. */
  readOnly = false;
  private readonly blobs = new Map<string, string>();
  private readonly trees = new Map<string, TreeEntry[]>();
  private readonly commits = new Map<string, string>();
  private nextCommentId = 1000;
  private server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** Stores a commit with these files (path → content); returns its sha. */
  commit(files: Readonly<Record<string, string>>): string {
    const root = this.storeTree(files);
    const sha = createHash('sha1').update(`commit ${root}`).digest('hex');
    this.commits.set(sha, root);
    return sha;
  }

  requestsTo(method: string, pattern: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && pattern.test(r.path));
  }

  private storeTree(files: Readonly<Record<string, string>>): string {
    const here = new Map<string, string>();
    const dirs = new Map<string, Record<string, string>>();
    for (const [path, content] of Object.entries(files)) {
      const slash = path.indexOf('/');
      if (slash === -1) here.set(path, content);
      else {
        const dir = path.slice(0, slash);
        const inner = dirs.get(dir) ?? {};
        inner[path.slice(slash + 1)] = content;
        dirs.set(dir, inner);
      }
    }
    const entries: TreeEntry[] = [];
    for (const [name, content] of here) {
      const bytes = Buffer.from(content, 'utf8');
      const sha = createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
      this.blobs.set(sha, content);
      entries.push({ path: name, mode: '100644', type: 'blob', sha, size: bytes.length });
    }
    for (const [name, inner] of dirs) {
      entries.push({ path: name, mode: '040000', type: 'tree', sha: this.storeTree(inner) });
    }
    entries.sort((a, b) => (a.path < b.path ? -1 : 1));
    const sha = createHash('sha1')
      .update(`tree ${JSON.stringify(entries)}`)
      .digest('hex');
    this.trees.set(sha, entries);
    return sha;
  }

  private flatten(sha: string, prefix = ''): TreeEntry[] {
    return (this.trees.get(sha) ?? []).flatMap((entry) => {
      const path = prefix ? `${prefix}/${entry.path}` : entry.path;
      const self = { ...entry, path };
      return entry.type === 'tree' ? [self, ...this.flatten(entry.sha, path)] : [self];
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
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
    this.requests.push({
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
    });
    if (!/^(token|bearer) \S+/i.test(req.headers.authorization ?? '')) {
      return send(res, 401, { message: 'Requires authentication', documentation_url: DOCS });
    }
    const route = `${method} ${url.pathname}`;
    let m: RegExpExecArray | null;
    if ((m = /^GET \/repos\/([^/]+)\/([^/]+)\/git\/trees\/([0-9a-f]{40})$/.exec(route))) {
      const root = this.commits.get(m[3]!) ?? (this.trees.has(m[3]!) ? m[3]! : undefined);
      if (!root) return send(res, 404, { message: 'Not Found', documentation_url: DOCS });
      const recursive = url.searchParams.has('recursive');
      let tree = recursive ? this.flatten(root) : (this.trees.get(root) ?? []);
      const truncated = recursive && tree.length > this.maxRecursiveEntries;
      if (truncated) tree = tree.slice(0, this.maxRecursiveEntries);
      return send(res, 200, { sha: root, url: `${this.url}${url.pathname}`, tree, truncated });
    }
    if ((m = /^GET \/repos\/([^/]+)\/([^/]+)\/git\/blobs\/([0-9a-f]{40})$/.exec(route))) {
      const content = this.blobs.get(m[3]!);
      if (content === undefined)
        return send(res, 404, { message: 'Not Found', documentation_url: DOCS });
      const base64 = Buffer.from(content, 'utf8')
        .toString('base64')
        .replace(/(.{60})/g, '$1\n');
      return send(res, 200, {
        sha: m[3],
        size: Buffer.byteLength(content),
        content: base64,
        encoding: 'base64',
      });
    }
    if ((m = /^GET \/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(route))) {
      const all = this.comments.get(Number(m[3])) ?? [];
      const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
      const page = Number(url.searchParams.get('page') ?? 1);
      const last = Math.max(1, Math.ceil(all.length / perPage));
      const link = (n: number) => {
        const next = new URL(url);
        next.searchParams.set('per_page', String(perPage));
        next.searchParams.set('page', String(n));
        return next.toString();
      };
      const links: string[] = [];
      if (page < last) links.push(`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`);
      if (page > 1) links.push(`<${link(1)}>; rel="first"`, `<${link(page - 1)}>; rel="prev"`);
      return send(
        res,
        200,
        all.slice((page - 1) * perPage, page * perPage),
        links.length ? { link: links.join(', ') } : {},
      );
    }
    if ((m = /^POST \/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(route))) {
      const invalid = this.checkComment(body);
      if (invalid) return send(res, invalid.status, invalid.body);
      const comment = this.newComment((body as { body: string }).body, m);
      const list = this.comments.get(Number(m[3])) ?? [];
      list.push(comment);
      this.comments.set(Number(m[3]), list);
      return send(res, 201, comment);
    }
    if ((m = /^PATCH \/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(route))) {
      const comment = [...this.comments.values()].flat().find((c) => c.id === Number(m![3]));
      if (!comment) return send(res, 404, { message: 'Not Found', documentation_url: DOCS });
      const invalid = this.checkComment(body);
      if (invalid) return send(res, invalid.status, invalid.body);
      comment.body = (body as { body: string }).body;
      comment.updated_at = new Date().toISOString();
      return send(res, 200, comment);
    }
    if ((m = /^GET \/repos\/([^/]+)\/([^/]+)$/.exec(route))) {
      return send(res, 200, {
        id: 4242,
        name: m[2],
        full_name: `${m[1]}/${m[2]}`,
        default_branch: 'main',
        owner: { login: m[1], id: 77 },
      });
    }
    if (
      (m = /^POST \/repos\/([^/]+)\/([^/]+)\/actions\/workflows\/([^/]+)\/dispatches$/.exec(route))
    ) {
      const dispatch = body as {
        ref?: unknown;
        inputs?: Record<string, unknown>;
        return_run_details?: boolean;
      };
      if (typeof dispatch?.ref !== 'string') {
        return send(res, 422, {
          message: 'Invalid request.\n\n"ref" wasn\'t supplied.',
          documentation_url: DOCS,
        });
      }
      const bad = Object.entries(dispatch.inputs ?? {}).find(([, v]) => typeof v !== 'string');
      if (bad)
        return send(res, 422, {
          message: `Invalid value for input '${bad[0]}'`,
          documentation_url: DOCS,
        });
      this.dispatches.push({
        owner: m[1]!,
        repo: m[2]!,
        workflow: decodeURIComponent(m[3]!),
        body,
      });
      if (!dispatch.return_run_details) return send(res, 204, undefined);
      const runId = 9_000_000 + this.dispatches.length;
      return send(res, 200, {
        workflow_run_id: runId,
        run_url: `${this.url}/repos/${m[1]}/${m[2]}/actions/runs/${runId}`,
        html_url: `https://github.com/${m[1]}/${m[2]}/actions/runs/${runId}`,
      });
    }
    return send(res, 404, { message: 'Not Found', documentation_url: DOCS });
  }

  private checkComment(body: unknown): { status: number; body: unknown } | undefined {
    if (this.readOnly) {
      return {
        status: 403,
        body: { message: 'Resource not accessible by integration', documentation_url: DOCS },
      };
    }
    const text = (body as { body?: unknown } | undefined)?.body;
    if (typeof text !== 'string') {
      return {
        status: 422,
        body: { message: 'Invalid request.\n\n"body" wasn\'t supplied.', documentation_url: DOCS },
      };
    }
    if (text.length > 65_536) {
      return {
        status: 422,
        body: {
          message: 'Validation Failed',
          errors: [
            {
              resource: 'IssueComment',
              code: 'custom',
              field: 'body',
              message: 'body is too long (maximum is 65536 characters)',
            },
          ],
          documentation_url: DOCS,
        },
      };
    }
    return undefined;
  }

  private newComment(body: string, m: RegExpExecArray): FakeComment {
    const id = this.nextCommentId++;
    const now = new Date().toISOString();
    return {
      id,
      body,
      user: { login: 'github-actions[bot]', type: 'Bot' },
      html_url: `https://github.com/${m[1]}/${m[2]}/pull/${m[3]}#issuecomment-${id}`,
      created_at: now,
      updated_at: now,
    };
  }
}

function send(
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
