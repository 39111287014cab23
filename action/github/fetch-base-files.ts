import type { GithubRequest } from '../../core/backends/send/send-github.js';
import type { DefinitionFile } from '../../core/definitions/validate-definitions.js';
import {
  fetchGithubDefinitionFiles,
  type GithubDefinitionFiles,
} from '../../core/github/fetch-github-definition-files.js';
import type { GithubClient } from './github-client.js';

export interface BaseFilesRequest {
  readonly owner: string;
  readonly repo: string;
  /** The base commit (`pull_request.base.sha`). */
  readonly sha: string;
  /** Definitions folder or file, relative to the repository root (`.` for all of it). */
  readonly path: string;
  readonly eventsFolder: string;
  /** Head files: a base blob with the same content (git blob id) is not fetched again. */
  readonly head: readonly DefinitionFile[];
  readonly concurrency?: number;
}

/** Set `absent` when the path does not exist at the base commit: everything is added. */
export type BaseFiles = GithubDefinitionFiles;

/**
 * The definition files at the base commit, through the GitHub API (see
 * `fetchGithubDefinitionFiles`), fetching only the blobs whose content differs from head.
 */
export function fetchBaseFiles(
  client: GithubClient,
  request: BaseFilesRequest,
): Promise<BaseFiles> {
  const githubRequest: GithubRequest = (route, parameters) => client.request(route, parameters);
  const { head, ...rest } = request;
  return fetchGithubDefinitionFiles(githubRequest, { ...rest, known: head });
}
