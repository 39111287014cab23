import { createHash } from 'node:crypto';

export interface TreeEntry {
  path: string;
  mode: string;
  type: 'blob' | 'tree';
  sha: string;
  size?: number;
}

export interface FakeCommit {
  readonly sha: string;
  readonly tree: string;
  readonly parent: string | null;
  readonly files: Readonly<Record<string, string>>;
  readonly message: string;
}

/** Git objects the way GitHub addresses them: blobs and trees by content sha, commits. */
export class FakeGitObjects {
  readonly blobs = new Map<string, string>();
  readonly trees = new Map<string, TreeEntry[]>();
  readonly commits = new Map<string, FakeCommit>();
  private counter = 0;

  /** Stores a commit with exactly these files (path → content); returns its sha. */
  commit(
    files: Readonly<Record<string, string>>,
    parent: string | null = null,
    message = '',
  ): string {
    const tree = this.storeTree(files);
    // A bare commit of some files keeps the same sha (golden files show it); others are unique.
    const identity =
      parent === null && message === ''
        ? `commit ${tree}`
        : `commit ${tree} ${parent} ${++this.counter}`;
    const sha = createHash('sha1').update(identity).digest('hex');
    this.commits.set(sha, { sha, tree, parent, files: { ...files }, message });
    return sha;
  }

  /** A tree's entries, recursively with full paths. */
  flatten(sha: string, prefix = ''): TreeEntry[] {
    return (this.trees.get(sha) ?? []).flatMap((entry) => {
      const path = prefix ? `${prefix}/${entry.path}` : entry.path;
      const self = { ...entry, path };
      return entry.type === 'tree' ? [self, ...this.flatten(entry.sha, path)] : [self];
    });
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
}
