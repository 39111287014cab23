import type { GithubMethod } from '../../definitions/definition.js';
import { GITHUB_MAX_INPUTS } from '../../definitions/rules/github-input-limit.js';
import type { GithubPlan, PlanError } from './request-plan.js';
import { toFlag, toInputString } from './to-flag.js';

/** The workflow_dispatch for a rendered GITHUB invocation method (spec §5.2). */
export function planGithub(method: GithubMethod, runId: string, errors: PlanError[]): GithubPlan {
  const rendered = { ...(isObject(method.workflowInputs) ? method.workflowInputs : {}) };
  if (method.workflowInputs !== undefined && !isObject(method.workflowInputs)) {
    errors.push({
      path: 'invocationMethod.workflowInputs',
      message: 'workflowInputs must render to an object',
    });
  }
  let ref: string | null = null;
  if (rendered.ref !== undefined && rendered.ref !== null) ref = toInputString(rendered.ref);
  delete rendered.ref;
  const inputs: Record<string, string> = {};
  for (const [name, value] of Object.entries(rendered)) {
    if (value !== undefined) inputs[name] = toInputString(value);
  }
  const count = Object.keys(inputs).length;
  if (count > GITHUB_MAX_INPUTS) {
    errors.push({
      path: 'invocationMethod.workflowInputs',
      message: `${count} workflow inputs rendered; GitHub accepts at most ${GITHUB_MAX_INPUTS}`,
    });
  }
  return {
    type: 'GITHUB',
    runId,
    owner: String(method.org),
    repo: String(method.repo),
    workflow: String(method.workflow),
    ref,
    refSource: ref === null ? 'default-branch' : 'workflowInputs.ref',
    inputs,
    returnRunDetails: true,
    reportWorkflowStatus: toFlag(method.reportWorkflowStatus, true),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
