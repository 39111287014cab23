import type { GitlabMethod } from '../../definitions/definition.js';
import { DEFAULT_GITLAB_URL, type PlanConfig } from './plan-config.js';
import type { GitlabPlan, PlanError } from './request-plan.js';
import { toInputString } from './to-flag.js';

/**
 * Name of the variable holding a project's trigger token, port-agent's convention:
 * the group path with `/` replaced by `_`, then `_`, then the project.
 */
export function gitlabTokenVariable(groupName: string, projectName: string): string {
  return `${groupName.replaceAll('/', '_')}_${projectName}`;
}

/** The pipeline trigger for a rendered GITLAB invocation method (spec §5.3). */
export function planGitlab(
  method: GitlabMethod,
  runId: string,
  inputs: Readonly<Record<string, unknown>> | null,
  config: PlanConfig,
  errors: PlanError[],
): GitlabPlan {
  const rendered: unknown = method.pipelineVariables;
  const isObject = rendered !== null && typeof rendered === 'object' && !Array.isArray(rendered);
  if (rendered !== undefined && !isObject) {
    errors.push({
      path: 'invocationMethod.pipelineVariables',
      message: 'pipelineVariables must render to an object',
    });
  }
  const variablesIn: Record<string, unknown> = isObject ? { ...(rendered as object) } : {};
  const fromVariables = variablesIn.ref;
  delete variablesIn.ref;
  const fromInputs = inputs?.ref;
  let ref: string;
  let refSource: GitlabPlan['refSource'];
  if (fromVariables !== undefined && fromVariables !== null && fromVariables !== '') {
    ref = toInputString(fromVariables);
    refSource = 'pipelineVariables.ref';
  } else if (typeof fromInputs === 'string' && fromInputs !== '') {
    ref = fromInputs;
    refSource = 'inputs.ref';
  } else if (method.defaultRef) {
    ref = method.defaultRef;
    refSource = 'defaultRef';
  } else if (config.gitlabDefaultBranch) {
    ref = config.gitlabDefaultBranch;
    refSource = 'project-default-branch';
  } else {
    ref = 'main';
    refSource = 'fallback-main';
  }
  const variables: Record<string, string> = {};
  for (const [name, value] of Object.entries(variablesIn)) {
    if (value !== undefined) variables[name] = toInputString(value);
  }
  const project = `${method.groupName}/${method.projectName}`;
  const base = (config.gitlabUrl ?? DEFAULT_GITLAB_URL).replace(/\/+$/, '');
  return {
    type: 'GITLAB',
    runId,
    project,
    url: `${base}/api/v4/projects/${encodeURIComponent(project)}/trigger/pipeline`,
    ref,
    refSource,
    variables,
    tokenVariable: gitlabTokenVariable(method.groupName, method.projectName),
  };
}
