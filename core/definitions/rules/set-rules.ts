import type { ParsedSource } from '../parsed-source.js';
import type { Problem } from '../problem.js';
import { read } from '../rule-context.js';
import { closestMatch } from '../closest-match.js';

/** Rules that need the whole set of definitions: identifiers are unique, run triggers name real actions. */
export function checkDefinitionSet(sources: readonly ParsedSource[]): Problem[] {
  const problems: Problem[] = [];
  const byIdentifier = new Map<string, ParsedSource[]>();
  for (const source of sources) {
    const identifier = read(source.value, 'identifier');
    if (typeof identifier !== 'string') continue;
    byIdentifier.set(identifier, [...(byIdentifier.get(identifier) ?? []), source]);
  }
  for (const [identifier, holders] of byIdentifier) {
    if (holders.length < 2) continue;
    const places = holders.map((s) => `${s.file}:${s.locator.locate(['identifier']).line}`);
    for (const source of holders) {
      const others = places.filter((p) => !p.startsWith(`${source.file}:`));
      problems.push({
        file: source.file,
        ...source.locator.locate(['identifier']),
        severity: 'error',
        rule: 'duplicate-identifier',
        message: `identifier "${identifier}" is also defined in ${others.join(', ')}: identifiers must be unique, rename one`,
        path: 'identifier',
      });
    }
  }

  const identifiers = [...byIdentifier.keys()];
  for (const source of sources) {
    const type = read(source.value, 'trigger', 'event', 'type');
    const action = read(source.value, 'trigger', 'event', 'actionIdentifier');
    if (typeof type !== 'string' || !type.includes('RUN_') || typeof action !== 'string') continue;
    if (byIdentifier.has(action)) continue;
    const guess = closestMatch(action, identifiers);
    problems.push({
      file: source.file,
      ...source.locator.locate(['trigger', 'event', 'actionIdentifier']),
      severity: 'warning',
      rule: 'unknown-action',
      message: `no definition in this set has the identifier "${action}", so this automation only fires for runs of an action defined elsewhere${guess ? `: did you mean "${guess}"?` : ''}`,
      path: 'trigger.event.actionIdentifier',
    });
  }
  return problems;
}
