import { isRecord, read, type DefinitionRule } from '../rule-context.js';
import { closestMatch } from '../closest-match.js';

/** `userInputs.required` and `order` may only name inputs that exist. */
export const unknownRequiredInput: DefinitionRule = ({ definition, report }) => {
  if (read(definition, 'trigger', 'type') !== 'self-service') return;
  const userInputs = read(definition, 'trigger', 'userInputs');
  const properties = read(userInputs, 'properties');
  if (!isRecord(properties)) return;
  const names = Object.keys(properties);
  for (const list of ['required', 'order'] as const) {
    const entries = read(userInputs, list);
    if (!Array.isArray(entries)) continue;
    entries.forEach((name, i) => {
      if (typeof name !== 'string' || names.includes(name)) return;
      const guess = closestMatch(name, names);
      const known = names.length ? `the inputs are ${names.join(', ')}` : 'there are no inputs';
      report(
        list === 'required' ? 'unknown-required-input' : 'unknown-order-input',
        list === 'required' ? 'error' : 'warning',
        ['trigger', 'userInputs', list, i],
        `userInputs.${list} names "${name}", which is not an input in userInputs.properties: ${guess ? `did you mean "${guess}"? ` : ''}(${known})`,
      );
    });
  }
};
