import { statusOf, type GithubClient } from './github-client.js';

/** The login `GITHUB_TOKEN`'s comments carry. */
export const ACTIONS_BOT_LOGIN = 'github-actions[bot]';

/**
 * The login of the account the client's token acts as: `GET /user` for a user's token; an
 * installation token (the workflow's `GITHUB_TOKEN`) is refused there (403 "Resource not
 * accessible by integration") and acts as `github-actions[bot]`.
 */
export async function tokenIdentity(client: GithubClient): Promise<string> {
  try {
    const { data } = await client.rest.users.getAuthenticated();
    return data.login;
  } catch (error) {
    const status = statusOf(error);
    if (status === 403 || status === 401 || status === 404) return ACTIONS_BOT_LOGIN;
    throw error;
  }
}
