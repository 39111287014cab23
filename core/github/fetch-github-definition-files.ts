import { posix } from 'node:path';
import type { GithubRequest } from '../backends/send/send-github.js';
import { hasDefinitionExtension } from '../definitions/has-definition-extension.js';
import type { DefinitionFile } from '../definitions/validate-definitions.js';
import { gitBlobSha } from './git-blob-sha.js';

export interface GithubDefinitionFilesRequest {
  readonly owner: string;
  readonly repo: string;
  /** A commit (or tree) sha. */
  readonly sha: string;
  /** Definitions folder or file, relative to the repository root (`.` for all of it). */
  readonly path: string;
  /** Sample-events folder inside `path`, never read as definitions. */
  readonly eventsFolder: string;
  /** Files already at hand: a blob with the same content (git blob id) is not fetched again. */
  readonly known?: readonly DefinitionFile[];
  readonly concurrency?: number;
}

export interface GithubDefinitionFiles {
  /** Named by their path in the repository, sorted. */
  readonly files: DefinitionFile[];
  /** How many blobs were fetched (the rest were already known). */
  readonly fetched: number;
  /** Set when the path does not exist at the commit. */
  readonly absent: boolean;
}

interface TreeEntry {
  readonly path: string;
  readonly type: string;
  readonly sha: string;
}

type ListTree = (
  sha: string,
  recursive: boolean,
) => Promise<{ tree: TreeEntry[]; truncated: boolean }>;

/**
 * The definition files at a commit, through the GitHub API: one recursive tree listing
 * (per-directory listings when GitHub truncates it), then the blobs. The same files
 * `loadDefinitionFiles` reads from disk: definition extensions, no hidden entries,
 * node_modules or sample-events folder. The Action (base of a pull request) and the bot
 * (repository sync) both read definitions this way.
 */
export async function fetchGithubDefinitionFiles(
  request: GithubRequest,
  options: GithubDefinitionFilesRequest,
): Promise<GithubDefinitionFiles> {
  const { owner, repo } = options;
  const prefix =
    options.path === '.' || options.path === '' ? '' : options.path.replace(/\/+$/, '');
  const listTree: ListTree = async (sha, recursive) => {
    const response = await request('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', {
      owner,
      repo,
      tree_sha: sha,
      ...(recursive ? { recursive: '1' } : {}),
    });
    return response.data as { tree: TreeEntry[]; truncated: boolean };
  };

  let blobs: TreeEntry[];
  let absent = false;
  const whole = await listTree(options.sha, true);
  if (!whole.truncated) {
    const self = whole.tree.find((e) => e.path === prefix);
    if (self?.type === 'blob') blobs = [self];
    else {
      blobs = whole.tree.filter(
        (e) => e.type === 'blob' && (!prefix || e.path.startsWith(`${prefix}/`)),
      );
      absent = prefix !== '' && !self;
    }
  } else {
    const found = await resolvePath(listTree, options.sha, prefix);
    if (!found) {
      blobs = [];
      absent = true;
    } else if (found.type === 'blob') blobs = [{ ...found, path: prefix }];
    else blobs = await walk(listTree, found.sha, prefix);
  }

  const eventsPrefix = `${posix.join(prefix || '.', options.eventsFolder)}/`.replace(/^\.\//, '');
  const wanted = blobs.filter((entry) => {
    if (entry.path === prefix) return true;
    const relative = prefix ? entry.path.slice(prefix.length + 1) : entry.path;
    if (relative.split('/').some((part) => part.startsWith('.') || part === 'node_modules')) {
      return false;
    }
    if (entry.path.startsWith(eventsPrefix)) return false;
    return hasDefinitionExtension(entry.path);
  });

  const knownBySha = new Map((options.known ?? []).map((f) => [gitBlobSha(f.text), f.text]));
  let fetched = 0;
  const files = await mapLimited(wanted, options.concurrency ?? 8, async (entry) => {
    const same = knownBySha.get(entry.sha);
    if (same !== undefined) return { file: entry.path, text: same };
    fetched++;
    const blob = await request('GET /repos/{owner}/{repo}/git/blobs/{file_sha}', {
      owner,
      repo,
      file_sha: entry.sha,
    });
    const data = blob.data as { content: string; encoding: string };
    const text =
      data.encoding === 'base64'
        ? Buffer.from(data.content, 'base64').toString('utf8')
        : data.content;
    return { file: entry.path, text };
  });
  files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { files, fetched, absent };
}

/** Follows `path` one directory listing at a time; undefined when it does not exist. */
async function resolvePath(
  listTree: ListTree,
  sha: string,
  path: string,
): Promise<TreeEntry | undefined> {
  let current: TreeEntry = { path: '', type: 'tree', sha };
  for (const part of path ? path.split('/') : []) {
    if (current.type !== 'tree') return undefined;
    const listing = await listTreeOrEmpty(listTree, current.sha, false);
    const next = listing.tree.find((e) => e.path === part);
    if (!next) return undefined;
    current = next;
  }
  return current;
}

/** Every blob under a tree: recursively in one call, or directory by directory if truncated. */
async function walk(listTree: ListTree, sha: string, prefix: string): Promise<TreeEntry[]> {
  const recursive = await listTreeOrEmpty(listTree, sha, true);
  const join = (path: string) => (prefix ? `${prefix}/${path}` : path);
  if (!recursive.truncated) {
    return recursive.tree
      .filter((e) => e.type === 'blob')
      .map((e) => ({ ...e, path: join(e.path) }));
  }
  const listing = await listTreeOrEmpty(listTree, sha, false);
  const nested = await Promise.all(
    listing.tree.map((e) =>
      e.type === 'tree'
        ? walk(listTree, e.sha, join(e.path))
        : Promise.resolve(e.type === 'blob' ? [{ ...e, path: join(e.path) }] : []),
    ),
  );
  return nested.flat();
}

async function listTreeOrEmpty(listTree: ListTree, sha: string, recursive: boolean) {
  try {
    return await listTree(sha, recursive);
  } catch (error) {
    if ((error as { status?: unknown } | null)?.status === 404)
      return { tree: [], truncated: false };
    throw error;
  }
}

async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
