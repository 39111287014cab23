import type { GithubClient } from './github-client.js';
import { tokenIdentity } from './token-identity.js';

export interface StickyComment {
  readonly owner: string;
  readonly repo: string;
  readonly issueNumber: number;
  /** A hidden HTML comment the body contains, e.g. `<!-- switchyard:report -->`. */
  readonly marker: string;
  readonly body: string;
}

/**
 * One comment per pull request, found by its hidden marker across every page of
 * comments and updated in place; created only when none exists. Only a comment written by
 * the token's own identity is ours: anyone can paste the marker into a comment, and that
 * comment must not be overwritten. Returns what it did.
 */
export async function upsertStickyComment(
  client: GithubClient,
  comment: StickyComment,
): Promise<{ action: 'created' | 'updated'; id: number; url: string }> {
  const { owner, repo, issueNumber: issue_number } = comment;
  const existing = await client.paginate(client.rest.issues.listComments, {
    owner,
    repo,
    issue_number,
    per_page: 100,
  });
  const author = await tokenIdentity(client);
  const mine = existing.find(
    (c) => c.user?.login === author && c.body?.includes(comment.marker) === true,
  );
  if (mine) {
    const { data } = await client.rest.issues.updateComment({
      owner,
      repo,
      comment_id: mine.id,
      body: comment.body,
    });
    return { action: 'updated', id: data.id, url: data.html_url };
  }
  const { data } = await client.rest.issues.createComment({
    owner,
    repo,
    issue_number,
    body: comment.body,
  });
  return { action: 'created', id: data.id, url: data.html_url };
}
