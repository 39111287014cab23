import { afterAll, describe, expect, it } from 'vitest';
import { createJqEngine } from '../../../core/jq/create-jq-engine.js';
import { validateDefinitions } from '../../../core/definitions/validate-definitions.js';
import { baseAutomation, definitionJson, positionOf } from '../../helpers/definition-text.js';

const jq = createJqEngine();
afterAll(() => jq.close());

async function problemsOf(files: Record<string, string>) {
  const report = await validateDefinitions(
    Object.entries(files).map(([file, text]) => ({ file, text })),
    jq,
  );
  return report.problems.map(({ file, line, column, severity, rule }) => ({
    file,
    line,
    column,
    severity,
    rule,
  }));
}

const at = (
  file: string,
  text: string,
  needle: string,
  severity: 'error' | 'warning',
  rule: string,
  occurrence = 1,
) => ({
  file,
  ...positionOf(text, needle, occurrence),
  severity,
  rule,
});

const webhook = (extra: Record<string, unknown>) => ({
  type: 'WEBHOOK',
  url: 'https://hooks.example.com/x',
  ...extra,
});

describe('validate: the base example', () => {
  it('accepts a complete automation with no problem at all', async () => {
    expect(await problemsOf({ 'a.json': definitionJson() })).toEqual([]);
  });
});

describe('rule duplicate-identifier', () => {
  it('reports the same identifier in two files at both identifiers', async () => {
    const a = definitionJson();
    const b = definitionJson({ title: 'Copy' });
    expect(await problemsOf({ 'a.json': a, 'sub/b.json': b })).toEqual([
      at('a.json', a, '"notify_service_created"', 'error', 'duplicate-identifier'),
      at('sub/b.json', b, '"notify_service_created"', 'error', 'duplicate-identifier'),
    ]);
  });
  it('accepts distinct identifiers', async () => {
    const b = definitionJson({ identifier: 'other' });
    expect(await problemsOf({ 'a.json': definitionJson(), 'b.json': b })).toEqual([]);
  });
  it('names the other file in the message', async () => {
    const report = await validateDefinitions(
      [
        { file: 'a.json', text: definitionJson() },
        { file: 'b.json', text: definitionJson() },
      ],
      jq,
    );
    expect(report.problems[0]!.message).toContain('b.json:2');
  });
});

describe('rule event-selector', () => {
  it('requires propertyIdentifier for TIMER_PROPERTY_EXPIRED', async () => {
    const text = definitionJson({
      trigger: {
        type: 'automation',
        event: { type: 'TIMER_PROPERTY_EXPIRED', blueprintIdentifier: 'env' },
      },
    });
    expect(await problemsOf({ 't.json': text })).toEqual([
      at('t.json', text, '{\n      "type": "TIMER', 'error', 'event-selector'),
    ]);
  });
  it('requires actionIdentifier for RUN_UPDATED and refuses blueprintIdentifier there', async () => {
    const text = definitionJson({
      trigger: {
        type: 'automation',
        event: { type: 'RUN_UPDATED', blueprintIdentifier: 'service' },
      },
    });
    expect(await problemsOf({ 'r.json': text })).toEqual([
      at('r.json', text, '{\n      "type": "RUN_UPDATED', 'error', 'event-selector'),
      at('r.json', text, '"blueprintIdentifier"', 'error', 'event-selector'),
    ]);
  });
  it('requires blueprintIdentifier for entity events', async () => {
    const text = definitionJson({
      trigger: { type: 'automation', event: { type: 'ENTITY_DELETED' } },
    });
    const problems = await problemsOf({ 'e.json': text });
    expect(problems).toEqual([
      at('e.json', text, '{\n      "type": "ENTITY_DELETED', 'error', 'event-selector'),
    ]);
  });
  it('accepts a timer event with both selectors', async () => {
    const text = definitionJson({
      trigger: {
        type: 'automation',
        event: {
          type: 'TIMER_PROPERTY_EXPIRED',
          blueprintIdentifier: 'env',
          propertyIdentifier: 'ttl',
        },
      },
    });
    expect(await problemsOf({ 't.json': text })).toEqual([]);
  });
});

describe('rule jq-compile', () => {
  it('reports a condition that does not compile at its string, with jq message', async () => {
    const text = definitionJson({
      trigger: {
        type: 'automation',
        event: { type: 'ENTITY_CREATED', blueprintIdentifier: 'service' },
        condition: {
          type: 'JQ',
          expressions: ['.diff.after != null', '.diff.after.properties.tier =='],
          combinator: 'and',
        },
      },
    });
    const report = await validateDefinitions([{ file: 'c.json', text }], jq);
    expect(report.problems.map((p) => [p.rule, p.line, p.column])).toEqual([
      [
        'jq-compile',
        positionOf(text, '".diff.after.properties.tier').line,
        positionOf(text, '".diff.after.properties.tier').column,
      ],
    ]);
    expect(report.problems[0]!.message).toMatch(
      /condition expression is not valid jq: .*syntax error/,
    );
  });
  it('reports a template block that does not compile in headers, body, url and keys', async () => {
    const text = definitionJson({
      invocationMethod: webhook({
        url: 'https://x.example.com/{{ .a | }}',
        headers: { 'X-Run': '{{ .run.id ) }}' },
        body: { '{{ if . then "k" }}': 1, ok: "{{ 'single-' + .run.id }}", arr: ['{{ .[ }}'] },
      }),
    });
    expect(await problemsOf({ 'b.json': text })).toEqual([
      at('b.json', text, '"https://x.example.com/', 'error', 'jq-compile'),
      at('b.json', text, '"{{ .run.id )', 'error', 'jq-compile'),
      at('b.json', text, '"{{ if . then', 'error', 'jq-compile'),
      at('b.json', text, '"{{ .[ }}"', 'error', 'jq-compile'),
    ]);
  });
  it('accepts valid jq everywhere, including single-quoted strings', async () => {
    const text = definitionJson({
      invocationMethod: webhook({
        body: { a: "{{ 'x-' + .run.id }}", b: '{{ if .inputs then 1 else 2 end }}' },
      }),
    });
    expect(await problemsOf({ 'ok.json': text })).toEqual([]);
  });
});

describe('rule template-braces', () => {
  it('reports an unclosed, a nested and a stray pair of braces', async () => {
    const text = definitionJson({
      invocationMethod: webhook({
        body: { a: '{{ .run.id ', b: '{{ .a {{ .b }} }}', c: 'x }} y' },
      }),
    });
    expect(await problemsOf({ 'br.json': text })).toEqual([
      at('br.json', text, '"{{ .run.id "', 'error', 'template-braces'),
      at('br.json', text, '"{{ .a {{', 'error', 'template-braces'),
      at('br.json', text, '"x }} y"', 'error', 'template-braces'),
    ]);
  });
  it('ignores braces inside quoted jq strings', async () => {
    const text = definitionJson({
      invocationMethod: webhook({ body: { a: '{{ "}}" + .run.id }}' } }),
    });
    expect(await problemsOf({ 'q.json': text })).toEqual([]);
  });
});

describe('rule condition-event-prefix', () => {
  it('warns on a condition written with .event.', async () => {
    const text = definitionJson({
      trigger: {
        type: 'automation',
        event: { type: 'ENTITY_CREATED', blueprintIdentifier: 'service' },
        condition: {
          type: 'JQ',
          expressions: ['.event.diff.after.properties.tier == "1"'],
          combinator: 'and',
        },
      },
    });
    expect(await problemsOf({ 'p.json': text })).toEqual([
      at('p.json', text, '".event.diff', 'warning', 'condition-event-prefix'),
    ]);
  });
  it('does not warn on .diff, a nested .event key, or ".event" inside a string', async () => {
    const text = definitionJson({
      trigger: {
        type: 'automation',
        event: { type: 'ENTITY_CREATED', blueprintIdentifier: 'service' },
        condition: {
          type: 'JQ',
          expressions: ['.diff.after.event == ".event.x"'],
          combinator: 'or',
        },
      },
    });
    expect(await problemsOf({ 'p.json': text })).toEqual([]);
  });
});

describe('rule unknown-action', () => {
  it('warns when a RUN_* trigger names no definition in the set', async () => {
    const text = definitionJson({
      trigger: {
        type: 'automation',
        event: { type: 'RUN_CREATED', actionIdentifier: 'deploy_servce' },
      },
    });
    const deploy = definitionJson({ identifier: 'deploy_service' });
    const report = await validateDefinitions(
      [
        { file: 'a.json', text },
        { file: 'd.json', text: deploy },
      ],
      jq,
    );
    expect(report.problems.map((p) => [p.file, p.line, p.column, p.rule, p.severity])).toEqual([
      [
        'a.json',
        positionOf(text, '"deploy_servce"').line,
        positionOf(text, '"deploy_servce"').column,
        'unknown-action',
        'warning',
      ],
    ]);
    expect(report.problems[0]!.message).toContain('did you mean "deploy_service"');
  });
  it('accepts a RUN_* trigger that names a definition in the set', async () => {
    const text = definitionJson({
      trigger: {
        type: 'automation',
        event: { type: 'ANY_RUN_CHANGE', actionIdentifier: 'deploy_service' },
      },
    });
    expect(
      await problemsOf({
        'a.json': text,
        'd.json': definitionJson({ identifier: 'deploy_service' }),
      }),
    ).toEqual([]);
  });
});

describe('rule github-input-limit', () => {
  const github = (count: number) => ({
    type: 'GITHUB',
    org: 'acme',
    repo: 'deploys',
    workflow: 'deploy.yml',
    workflowInputs: Object.fromEntries(
      Array.from({ length: count }, (_, i) => [`input_${i}`, `{{ .run.id }}`]),
    ),
  });
  it('refuses more than 25 workflow inputs at the workflowInputs key', async () => {
    const text = definitionJson({ invocationMethod: github(26) });
    expect(await problemsOf({ 'g.json': text })).toEqual([
      at('g.json', text, '"workflowInputs"', 'error', 'github-input-limit'),
    ]);
  });
  it('accepts 25 inputs plus ref, which becomes the git ref', async () => {
    const method = github(25);
    (method.workflowInputs as Record<string, string>).ref = 'main';
    expect(await problemsOf({ 'g.json': definitionJson({ invocationMethod: method }) })).toEqual(
      [],
    );
  });
});

describe('rule literal-credential', () => {
  it.each([
    [
      'a Bearer literal in a header',
      { headers: { Authorization: 'Bearer abcdef0123456789' } },
      '"Bearer abcdef',
    ],
    [
      'a GitHub token in the body',
      { body: { token: 'ghp_0123456789abcdefghijABCDEFGHIJ012345' } },
      '"ghp_',
    ],
    [
      'a fine-grained GitHub token',
      { body: { t: 'x github_pat_11ABCDEFG0123456789_abcdefghijklmnop' } },
      '"x github_pat_',
    ],
    ['a GitLab token', { body: { t: 'glpat-abcdefghij0123456789' } }, '"glpat-'],
    ['a Slack token', { body: { slack: 'xoxb-1234567890-abcdefghij' } }, '"xoxb-'],
    [
      'a long literal in an API key header',
      { headers: { 'X-Api-Key': 'a1b2c3d4e5f6g7h8i9j0' } },
      '"a1b2c3d4',
    ],
    [
      'a literal token in the query string',
      { url: 'https://x.example.com/hook?token=s3cr3tvalue1' },
      '"https://x.example.com/hook?token',
    ],
  ])('reports %s', async (_name, extra, needle) => {
    const text = definitionJson({ invocationMethod: webhook(extra) });
    expect(await problemsOf({ 's.json': text })).toEqual([
      at('s.json', text, needle, 'error', 'literal-credential'),
    ]);
  });
  it.each([
    [
      'an <ANGLE> placeholder in the query string',
      {
        url: 'https://gitlab.com/api/v4/projects/1/trigger/pipeline?token=<PIPELINE_TRIGGER_TOKEN>',
      },
      '<PIPELINE_TRIGGER_TOKEN>',
    ],
    ['a short <token> placeholder', { url: 'https://x.example.com/h?token=<token>' }, '<token>'],
    [
      'an encoded placeholder',
      { url: 'https://x.example.com/h?api_key=%3CAPI_KEY%3E' },
      '<API_KEY>',
    ],
    ['YOUR_TOKEN after Bearer', { headers: { Authorization: 'Bearer YOUR_TOKEN' } }, 'YOUR_TOKEN'],
    ['${TOKEN} after Bearer', { headers: { Authorization: 'Bearer ${TOKEN}' } }, '${TOKEN}'],
    ['xxx under a credential name', { headers: { 'X-Api-Key': 'xxx' } }, 'xxx'],
    ['{TOKEN} in the query string', { url: 'https://x.example.com/h?token={TOKEN}' }, '{TOKEN}'],
  ])('reports %s as a placeholder, with a warning', async (_name, extra, value) => {
    const text = definitionJson({ invocationMethod: webhook(extra) });
    const report = await validateDefinitions([{ file: 's.json', text }], jq);
    const headers = (extra as { headers?: Record<string, string> }).headers;
    const needle = `${JSON.stringify(headers ? Object.keys(headers)[0] : 'url')}: "`;
    const { line, column } = positionOf(text, needle);
    expect(report.problems.map((p) => [p.rule, p.severity, p.line, p.column])).toEqual([
      ['literal-credential', 'warning', line, column + needle.length - 1],
    ]);
    expect(report.problems[0]!.message).toContain(`${JSON.stringify(value)} `);
    expect(report.problems[0]!.message).toContain(
      'looks like a placeholder — store the token as a secret and write {{ .secrets.NAME }}',
    );
  });
  it('does not take a Jira project "key" placeholder for a credential', async () => {
    const text = definitionJson({
      invocationMethod: webhook({ body: { fields: { project: { key: '<JIRA_PROJECT>' } } } }),
    });
    expect(await problemsOf({ 's.json': text })).toEqual([]);
  });
  it('accepts secrets referenced through templates', async () => {
    const text = definitionJson({
      invocationMethod: webhook({
        url: 'https://x.example.com/hook?token={{ .secrets.HOOK_TOKEN }}',
        headers: {
          Authorization: 'Bearer {{ .secrets.TOKEN }}',
          'X-Api-Key': '{{ .secrets["api-key"] }}',
        },
        body: { author: 'platform-team-2024-owners', token: '{{ .secrets.X }}' },
      }),
    });
    expect(await problemsOf({ 's.json': text })).toEqual([]);
  });
});

describe('rule publish-missing', () => {
  it('warns at the definition when publish is absent', async () => {
    const definition = baseAutomation();
    delete definition.publish;
    const text = `${JSON.stringify(definition, null, 2)}\n`;
    expect(await problemsOf({ 'p.json': text })).toEqual([
      { file: 'p.json', line: 1, column: 1, severity: 'warning', rule: 'publish-missing' },
    ]);
  });
  it('accepts publish: false', async () => {
    expect(await problemsOf({ 'p.json': definitionJson({ publish: false }) })).toEqual([]);
  });
});

describe('rule insecure-webhook-url', () => {
  it('warns on an http:// webhook URL', async () => {
    const text = definitionJson({
      invocationMethod: webhook({ url: 'http://hooks.example.com/x' }),
    });
    expect(await problemsOf({ 'h.json': text })).toEqual([
      at('h.json', text, '"http://', 'warning', 'insecure-webhook-url'),
    ]);
  });
  it('accepts https://', async () => {
    expect(
      await problemsOf({ 'h.json': definitionJson({ invocationMethod: webhook({}) }) }),
    ).toEqual([]);
  });
});

describe('rule unknown-required-input', () => {
  const selfService = (required: string[]) => ({
    identifier: 'create_service',
    trigger: {
      type: 'self-service',
      operation: 'CREATE',
      blueprintIdentifier: 'service',
      userInputs: {
        properties: { name: { type: 'string' }, tier: { type: 'string', enum: ['1', '2'] } },
        required,
      },
    },
    publish: true,
  });
  it('reports a required entry naming no input', async () => {
    const text = definitionJson(selfService(['name', 'teir']));
    expect(await problemsOf({ 's.json': text })).toEqual([
      at('s.json', text, '"teir"', 'error', 'unknown-required-input'),
    ]);
  });
  it('accepts required entries that exist', async () => {
    expect(await problemsOf({ 's.json': definitionJson(selfService(['name', 'tier'])) })).toEqual(
      [],
    );
  });
});

describe('rule unsupported-backend', () => {
  it.each(['INTEGRATION_ACTION'])('reports %s once, naming the supported types', async (type) => {
    const text = definitionJson({
      invocationMethod: { type, blueprintIdentifier: 'x', mapping: {} },
    });
    const report = await validateDefinitions([{ file: 'u.json', text }], jq);
    expect(report.problems.map((p) => [p.rule, p.line, p.column])).toEqual([
      [
        'unsupported-backend',
        positionOf(text, `"${type}"`).line,
        positionOf(text, `"${type}"`).column,
      ],
    ]);
    expect(report.problems[0]!.message).toContain(
      'WEBHOOK, GITHUB, GITLAB, KAFKA, UPSERT_ENTITY, AZURE_DEVOPS',
    );
  });
});

describe('rule unknown-order-input', () => {
  const action = (order: string[]) => ({
    identifier: 'ordered',
    trigger: {
      type: 'self-service',
      operation: 'CREATE',
      userInputs: { properties: { name: { type: 'string' } }, order },
    },
    publish: true,
  });
  it('warns on an order entry naming no input', async () => {
    const text = definitionJson(action(['name', 'nmae']));
    expect(await problemsOf({ 'o.json': text })).toEqual([
      at('o.json', text, '"nmae"', 'warning', 'unknown-order-input'),
    ]);
  });
  it('accepts an order of existing inputs', async () => {
    expect(await problemsOf({ 'o.json': definitionJson(action(['name'])) })).toEqual([]);
  });
  const titled = (order: string[]) => {
    const definition = action(order);
    Object.assign(definition.trigger.userInputs, {
      titles: { general: { title: 'General' }, advanced: { title: 'Advanced' } },
    });
    return definition;
  };
  it('accepts an order naming keys of userInputs.titles (Port allows titles in order)', async () => {
    const text = definitionJson(titled(['general', 'name', 'advanced']));
    expect(await problemsOf({ 'o.json': text })).toEqual([]);
  });
  it('still warns on an order entry that is neither an input nor a title', async () => {
    const text = definitionJson(titled(['general', 'name', 'advnced']));
    expect(await problemsOf({ 'o.json': text })).toEqual([
      at('o.json', text, '"advnced"', 'warning', 'unknown-order-input'),
    ]);
    const report = await validateDefinitions([{ file: 'o.json', text }], jq);
    expect(report.problems[0]!.message).toBe(
      'userInputs.order names "advnced", which is neither an input in userInputs.properties nor a title in userInputs.titles (the inputs are name; the titles are general, advanced): did you mean "advanced"?',
    );
  });
  it('words a message with no close match without a stray ": ("', async () => {
    const text = definitionJson(action(['zzzzzz']));
    const report = await validateDefinitions([{ file: 'o.json', text }], jq);
    expect(report.problems[0]!.message).toBe(
      'userInputs.order names "zzzzzz", which is neither an input in userInputs.properties nor a title in userInputs.titles (the inputs are name)',
    );
  });
});
