import type { Probot } from 'probot';
import type { GithubRequest } from '../../core/backends/send/send-github.js';
import type { GithubAppClient } from './github-app-client.js';

/** The app's GitHub clients through Probot (its Octokit: auth, throttling, retries). */
export function probotAppClient(probot: Probot): GithubAppClient {
  let appOctokit: ReturnType<Probot['auth']> | undefined;
  const app: GithubRequest = async (route, parameters) => {
    appOctokit ??= probot.auth();
    try {
      return await (await appOctokit).request(route, parameters);
    } catch (error) {
      throw explainAppError(error);
    }
  };
  return {
    app,
    async installation(installationId) {
      const octokit = await probot.auth(installationId);
      return (route, parameters) => octokit.request(route, parameters);
    },
  };
}

/** Known failures of app authentication, with the one-line fix. */
function explainAppError(error: unknown): unknown {
  const status = (error as { status?: number }).status;
  const message = (error as Error).message ?? String(error);
  if (status === 401)
    return Object.assign(
      new Error(
        `GitHub refused the app's token (${message}): check that APP_ID and PRIVATE_KEY belong to the same GitHub App and that the server clock is right`,
      ),
      { status },
    );
  if (status === undefined && /key|PEM|sign/i.test(message))
    return new Error(
      `could not sign the app's token with PRIVATE_KEY (${message}): use the .pem the GitHub App's settings page generated`,
    );
  return error;
}
