import type { GithubRequest } from '../../core/backends/send/send-github.js';
import type { Definition } from '../../core/definitions/definition.js';
import type { Problem } from '../../core/definitions/problem.js';
import { validateDefinitions } from '../../core/definitions/validate-definitions.js';
import { fetchGithubDefinitionFiles } from '../../core/github/fetch-github-definition-files.js';
import type { JqEngine } from '../../core/jq/jq-engine.js';
import type { ActiveDefinition } from '../definitions/definition-registry.js';
import { CONFIG_FILE, readRepositoryConfig } from './read-repository-config.js';

/** A repository's definitions at one commit, validated. */
export interface RepositoryDefinitions {
  /** The configuration file's problem, or the definitions' problems. */
  readonly problems: Problem[];
  /** The definitions that parsed, with their origin. */
  readonly definitions: ActiveDefinition[];
  /** The definitions path the configuration names (the configuration file on its error). */
  readonly path: string;
  /** The path does not exist at the commit. */
  readonly absent: boolean;
  /** Every definition file as parsed, to diff with the active set; none on a configuration error. */
  readonly snapshots?: { file: string; value?: unknown }[];
}

/**
 * Reads `.github/switchyard.yml` and the definitions folder it names through the API at the
 * commit, and validates them with `core/`. A failure to read GitHub is thrown.
 */
export async function readRepositoryDefinitions(
  request: GithubRequest,
  target: { readonly owner: string; readonly repo: string; readonly sha: string },
  jq: JqEngine,
): Promise<RepositoryDefinitions> {
  const read = await readRepositoryConfig(request, target);
  if (read.problem)
    return { problems: [read.problem], definitions: [], path: CONFIG_FILE, absent: false };
  const fetched = await fetchGithubDefinitionFiles(request, {
    owner: target.owner,
    repo: target.repo,
    sha: target.sha,
    path: read.config.path,
    eventsFolder: read.config.eventsFolder,
  });
  const report = await validateDefinitions(fetched.files, jq);
  const repository = `${target.owner}/${target.repo}`;
  return {
    problems: report.problems,
    definitions: report.definitions
      .filter((d) => d.value !== undefined)
      .map((d) => ({
        definition: d.value as Definition,
        origin: { repository, file: d.file, commit: target.sha },
      })),
    path: read.config.path,
    absent: fetched.absent,
    snapshots: report.definitions.map((d) => ({ file: d.file, value: d.value })),
  };
}
