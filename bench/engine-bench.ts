import { loadJq } from 'jq-wasm';
import { planRequest } from '../core/backends/plan-request.js';
import type { Automation } from '../core/definitions/definition.js';
import type { CatalogEvent } from '../core/events/catalog-event.js';
import { createJqEngine } from '../core/jq/create-jq-engine.js';
import type { ActiveAutomation } from '../core/matching/active-automation.js';
import { AutomationIndex } from '../core/matching/automation-index.js';
import { matchEvent } from '../core/matching/match-event.js';
import { automationTriggerData } from '../core/trigger-data/automation-trigger-data.js';
import { opsPerSecond, type BenchRow } from './bench-row.js';
import { loadPortRenderer } from './port-renderer.js';

const BLUEPRINTS = 100;
const PER_BLUEPRINT = 10;

/** 1,000 automations: 10 per blueprint on ENTITY_UPDATED, 2 conditions and a 10-field payload each. */
export function generateAutomations(): ActiveAutomation[] {
  const automations: ActiveAutomation[] = [];
  for (let b = 0; b < BLUEPRINTS; b++) {
    for (let i = 0; i < PER_BLUEPRINT; i++) {
      const body: Record<string, string> = {};
      for (let f = 0; f < 8; f++) body[`field_${f}`] = `{{ .event.diff.after.properties.p${f} }}`;
      body.entity = '{{ .event.context.entityIdentifier }}';
      body.summary = `Service {{ .event.diff.after.title }} changed (automation ${i})`;
      const definition: Automation = {
        identifier: `auto_${b}_${i}`,
        trigger: {
          type: 'automation',
          event: { type: 'ENTITY_UPDATED', blueprintIdentifier: `bp_${b}` },
          condition: {
            type: 'JQ',
            expressions: [
              `.diff.after.properties.tier <= ${i + 5}`,
              '.diff.before.properties.p0 != .diff.after.properties.p0',
            ],
            combinator: 'and',
          },
        },
        invocationMethod: {
          type: 'WEBHOOK',
          url: 'https://hooks.example.com/{{ .action.identifier }}',
          body,
        },
        publish: true,
      };
      automations.push({ definition, origin: { file: `bp_${b}/${i}.json` } });
    }
  }
  return automations;
}

export function typicalEvent(): CatalogEvent {
  const properties = (v: number) =>
    Object.fromEntries([
      ...Array.from({ length: 8 }, (_, f) => [`p${f}`, `value-${f}-${v}`]),
      ['tier', 3],
    ]);
  const entity = (v: number) => ({
    identifier: 'svc-a',
    title: 'Service A',
    blueprint: 'bp_42',
    team: ['platform'],
    properties: properties(v),
    relations: {},
  });
  return {
    action: 'UPDATE',
    resourceType: 'entity',
    trigger: { by: { orgId: 'org', userId: 'u' }, origin: 'UI', at: '2026-01-01T00:00:00Z' },
    context: { blueprintIdentifier: 'bp_42', entityIdentifier: 'svc-a', propertyIdentifier: null },
    diff: { before: entity(1), after: entity(2) },
  };
}

/**
 * Events/s for one typical entity event against 1,000 automations (10 match), done three
 * ways: our engine (index + fast path + one combined jq program for the rest), naive
 * jq-wasm (one call per expression, compile per call), and Port's native renderer.
 */
export async function runEngineBench(): Promise<BenchRow[]> {
  const automations = generateAutomations();
  const event = typicalEvent();
  const index = new AutomationIndex(automations);
  const jq = createJqEngine();
  let runs = 0;

  const ours = async () => {
    const decisions = await matchEvent(index, event, jq);
    for (const decision of decisions) {
      if (!decision.matched) continue;
      const data = automationTriggerData({
        event,
        automation: decision.automation.definition.identifier,
        runId: 'r_0000000000000000',
      });
      const planned = await planRequest(decision.automation.definition, data, jq);
      if (planned.errors.length) throw new Error(planned.errors[0]!.message);
      runs++;
    }
  };
  await ours();
  if (runs !== PER_BLUEPRINT) throw new Error(`expected ${PER_BLUEPRINT} matches, got ${runs}`);
  const oursRate = await opsPerSecond(ours, 2000);
  await jq.close();

  // Naive: filter by event type and blueprint in JS, then one jq-wasm call per condition and template.
  const wasm = await loadJq();
  const naiveEval = (input: object, expression: string) => wasm.json(input, expression, ['--'])[0];
  const candidates = automations.filter(
    (a) => a.definition.trigger.event.blueprintIdentifier === 'bp_42',
  );
  const naive = () => {
    for (const { definition } of candidates) {
      const condition = { ...event, event };
      if (!definition.trigger.condition!.expressions.every((e) => naiveEval(condition, e) === true))
        continue;
      const data = automationTriggerData({
        event,
        automation: definition.identifier,
        runId: 'r_0000000000000000',
      });
      const body = (definition.invocationMethod as { body: Record<string, string> }).body;
      for (const template of Object.values(body))
        naiveEval(data, template.replace(/^.*\{\{\s*|\s*\}\}.*$/g, ''));
      naiveEval(data, '.action.identifier');
    }
  };
  const naiveRate = await opsPerSecond(naive, 2000);

  // Port's native renderer (jq 1.6 addon with a 100-entry compiled-filter cache), installed on demand.
  const loaded = loadPortRenderer();
  if ('reason' in loaded) console.log(`skipped Port's native renderer baseline: ${loaded.reason}`);
  const port = 'reason' in loaded ? undefined : loaded.renderer;
  const native = () => {
    if (!port) return;
    for (const { definition } of candidates) {
      const condition = { ...event, event };
      if (!definition.trigger.condition!.expressions.every((e) => port.exec(condition, e) === true))
        continue;
      const data = automationTriggerData({
        event,
        automation: definition.identifier,
        runId: 'r_0000000000000000',
      });
      port.renderRecursively(data, definition.invocationMethod);
    }
  };
  const nativeRate = port ? await opsPerSecond(native, 2000) : undefined;

  return [
    {
      name: 'switchyard engine (match + render, 10 of 1,000 match)',
      value: oursRate,
      unit: 'events/s',
      note:
        nativeRate === undefined
          ? 'Port native baseline skipped'
          : `${(oursRate / nativeRate).toFixed(1)}× Port native (target ≥ 3×)`,
    },
    {
      name: 'naive jq-wasm (one call per expression)',
      value: naiveRate,
      unit: 'events/s',
      note: `${(oursRate / naiveRate).toFixed(0)}× slower than ours`,
    },
    ...(nativeRate === undefined
      ? []
      : [
          {
            name: "Port's native renderer (@port-labs/jq-node-bindings)",
            value: nativeRate,
            unit: 'events/s',
            note: 'baseline',
          },
        ]),
  ];
}
