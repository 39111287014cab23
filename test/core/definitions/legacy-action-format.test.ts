import { afterAll, describe, expect, it } from 'vitest';
import { createJqEngine } from '../../../core/jq/create-jq-engine.js';
import { validateDefinitions } from '../../../core/definitions/validate-definitions.js';
import { positionOf } from '../../helpers/definition-text.js';

const jq = createJqEngine();
afterAll(() => jq.close());

/** An action as Port's legacy format wrote it (a blueprint's action list entry). */
function legacyAction(method: Record<string, unknown>, trigger = 'CREATE') {
  return {
    identifier: 'create_bucket',
    title: 'Create bucket',
    userInputs: {
      properties: { bucket: { type: 'string', title: 'Bucket' } },
      required: ['bucket'],
    },
    invocationMethod: method,
    trigger,
    requiredApproval: false,
  };
}

const github = {
  type: 'GITHUB',
  org: 'acme',
  repo: 'infra',
  workflow: 'bucket.yml',
  omitUserInputs: false,
  omitPayload: false,
};

async function validate(value: unknown) {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  return { text, report: await validateDefinitions([{ file: 'l.json', text }], jq) };
}

/** The definitions printed after the message's explanation. */
function printed(message: string): unknown[] {
  const json = message.slice(message.indexOf('\n') + 1);
  return JSON.parse(`[${json.trim().replace(/\n\}\n\{/g, '\n},\n{')}]`) as unknown[];
}

describe('rule legacy-action-format', () => {
  it('reports one problem at "trigger" naming the format, instead of schema errors', async () => {
    const { text, report } = await validate(legacyAction(github));
    const { line, column } = positionOf(text, '"trigger": "CREATE"');
    expect(report.problems.map((p) => [p.rule, p.severity, p.line, p.column])).toEqual([
      ['legacy-action-format', 'error', line, column],
    ]);
    const message = report.problems[0]!.message;
    expect(message).toMatch(
      /^this is an action in Port's legacy action format \(trigger "CREATE", userInputs at the top level, omitUserInputs, omitPayload\)/,
    );
    expect(message).toContain('"trigger": {"type": "self-service"');
  });

  it('prints the converted definition, which validates in the current format', async () => {
    const { report } = await validate(legacyAction(github, 'DAY-2'));
    const [converted] = printed(report.problems[0]!.message);
    expect(converted).toEqual({
      identifier: 'create_bucket',
      title: 'Create bucket',
      trigger: {
        type: 'self-service',
        operation: 'DAY-2',
        userInputs: legacyAction(github).userInputs,
        blueprintIdentifier: '<BLUEPRINT_IDENTIFIER>',
      },
      invocationMethod: {
        type: 'GITHUB',
        org: 'acme',
        repo: 'infra',
        workflow: 'bucket.yml',
        workflowInputs: {
          '{{ spreadValue() }}': '{{ .inputs }}',
          port_context: {
            runId: '{{ .run.id }}',
            entity: '{{ .entity.identifier }}',
            blueprint: '{{ .action.blueprint }}',
          },
        },
      },
      requiredApproval: false,
    });
    const again = await validate({ ...(converted as object), publish: true });
    expect(again.report.problems).toEqual([]);
  });

  it('keeps omitUserInputs / omitPayload meaning: nothing of what was omitted is sent', async () => {
    const { report } = await validate(
      legacyAction({ ...github, omitUserInputs: true, omitPayload: true }),
    );
    const [converted] = printed(report.problems[0]!.message) as {
      invocationMethod: Record<string, unknown>;
    }[];
    expect(converted!.invocationMethod.workflowInputs).toEqual({});
  });

  it('converts a legacy GITLAB agent action and drops "agent"', async () => {
    const { report } = await validate(
      legacyAction({ type: 'GITLAB', projectName: 'p', groupName: 'g', agent: true }),
    );
    const [converted] = printed(report.problems[0]!.message) as {
      invocationMethod: Record<string, unknown>;
    }[];
    expect(converted!.invocationMethod).toEqual({
      type: 'GITLAB',
      projectName: 'p',
      groupName: 'g',
      pipelineVariables: { '{{ spreadValue() }}': '{{ .inputs }}' },
    });
    const again = await validate({ ...(converted as object), publish: true });
    expect(again.report.problems).toEqual([]);
  });

  it('reports a legacy action list at 1:1 and prints each action', async () => {
    const webhook = { type: 'WEBHOOK', url: 'https://hooks.example.com/a', agent: true };
    const { report } = await validate([
      legacyAction(webhook),
      { ...legacyAction(webhook, 'DELETE'), identifier: 'delete_bucket' },
    ]);
    expect(report.problems.map((p) => [p.rule, p.line, p.column])).toEqual([
      ['legacy-action-format', 1, 1],
    ]);
    expect(report.problems[0]!.message).toMatch(
      /^this file holds 2 actions in Port's legacy action format/,
    );
    const converted = printed(report.problems[0]!.message) as {
      trigger: { operation: string };
      invocationMethod: { body: Record<string, unknown> };
    }[];
    expect(converted.map((c) => c.trigger.operation)).toEqual(['CREATE', 'DELETE']);
    expect(converted[0]!.invocationMethod.body).toMatchObject({
      action: '{{ .action.identifier }}',
      resourceType: 'run',
      context: { runId: '{{ .run.id }}' },
    });
    for (const definition of converted) {
      const again = await validate({ ...(definition as object), publish: true });
      expect(again.report.problems).toEqual([]);
    }
  });

  it('leaves a current-format action alone', async () => {
    const { report } = await validate({
      identifier: 'create_bucket',
      trigger: {
        type: 'self-service',
        operation: 'CREATE',
        userInputs: { properties: {}, required: [] },
        blueprintIdentifier: 'bucket',
      },
      invocationMethod: { type: 'GITHUB', org: 'acme', repo: 'infra', workflow: 'b.yml' },
      publish: true,
    });
    expect(report.problems).toEqual([]);
  });

  it('says how to write an action without inputs when userInputs is missing', async () => {
    const { text, report } = await validate({
      identifier: 'ask',
      trigger: { type: 'self-service', operation: 'DAY-2', blueprintIdentifier: 'service' },
      invocationMethod: { type: 'WEBHOOK', url: 'https://hooks.example.com/a' },
      publish: true,
    });
    const { line, column } = positionOf(text, '{\n    "type": "self-service"');
    expect(report.problems.map((p) => [p.rule, p.line, p.column, p.message])).toEqual([
      [
        'schema',
        line,
        column,
        'trigger is missing the required property "userInputs": write "userInputs": {"properties": {}, "required": []} for an action without inputs',
      ],
    ]);
  });
});
