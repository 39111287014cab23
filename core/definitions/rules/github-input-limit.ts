import { isRecord, read, type DefinitionRule } from '../rule-context.js';

/** GitHub's workflow_dispatch accepts at most 25 inputs. */
export const GITHUB_MAX_INPUTS = 25;

export const githubInputLimit: DefinitionRule = ({ definition, report }) => {
  if (read(definition, 'invocationMethod', 'type') !== 'GITHUB') return;
  const inputs = read(definition, 'invocationMethod', 'workflowInputs');
  if (!isRecord(inputs)) return;
  // `ref` is taken out of the inputs and used as the git ref, so it does not count.
  const count = Object.keys(inputs).filter((key) => key !== 'ref').length;
  if (count <= GITHUB_MAX_INPUTS) return;
  report(
    'github-input-limit',
    'error',
    ['invocationMethod', 'workflowInputs'],
    `workflowInputs has ${count} inputs but GitHub accepts at most ${GITHUB_MAX_INPUTS} per workflow_dispatch: pack related values into one JSON input (the workflow reads it with fromJson)`,
    'key',
  );
};
