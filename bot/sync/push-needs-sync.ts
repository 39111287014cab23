import { CONFIG_FILE } from './read-repository-config.js';

/** What of a `push` webhook decides whether the definitions must be synced. */
export interface PushSummary {
  readonly ref: string;
  readonly deleted?: boolean;
  readonly after: string;
  readonly repository: { readonly default_branch?: string; readonly master_branch?: string };
  readonly commits?: readonly {
    readonly added?: readonly string[];
    readonly modified?: readonly string[];
    readonly removed?: readonly string[];
  }[];
  readonly head_commit?: unknown;
}

/** GitHub lists at most 20 commits in a push payload; with more, files may be missing. */
const LISTED_COMMITS = 20;

/**
 * Whether a push needs a sync: on the default branch, and touching the definitions folder
 * (`path`, the one the last sync used; unknown → sync) or `.github/switchyard.yml`. Without a
 * head commit or with a truncated commit list, sync anyway.
 */
export function pushNeedsSync(push: PushSummary, path: string | undefined): boolean {
  if (push.deleted || /^0+$/.test(push.after)) return false;
  const branch = push.repository.default_branch ?? push.repository.master_branch;
  if (branch === undefined || push.ref !== `refs/heads/${branch}`) return false;
  if (!push.head_commit || !push.commits || push.commits.length >= LISTED_COMMITS) return true;
  if (path === undefined) return true;
  const files = push.commits.flatMap((c) => [
    ...(c.added ?? []),
    ...(c.modified ?? []),
    ...(c.removed ?? []),
  ]);
  return files.some(
    (file) => file === CONFIG_FILE || path === '.' || file === path || file.startsWith(`${path}/`),
  );
}
