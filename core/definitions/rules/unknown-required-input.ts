import { isRecord, read, type DefinitionRule } from '../rule-context.js';
import { closestMatch } from '../closest-match.js';

/**
 * `userInputs.required` may only name inputs that exist; `order` may name inputs and the
 * section titles of `userInputs.titles` (Port's form places a title where `order` puts it).
 */
export const unknownRequiredInput: DefinitionRule = ({ definition, report }) => {
  if (read(definition, 'trigger', 'type') !== 'self-service') return;
  const userInputs = read(definition, 'trigger', 'userInputs');
  const properties = read(userInputs, 'properties');
  if (!isRecord(properties)) return;
  const inputs = Object.keys(properties);
  const titlesValue = read(userInputs, 'titles');
  const titles = isRecord(titlesValue) ? Object.keys(titlesValue) : [];
  for (const list of ['required', 'order'] as const) {
    const entries = read(userInputs, list);
    if (!Array.isArray(entries)) continue;
    const names = list === 'order' ? [...inputs, ...titles] : inputs;
    entries.forEach((name, i) => {
      if (typeof name !== 'string' || names.includes(name)) return;
      const guess = closestMatch(name, names);
      const known = [
        inputs.length ? `the inputs are ${inputs.join(', ')}` : 'there are no inputs',
        ...(list === 'order' && titles.length ? [`the titles are ${titles.join(', ')}`] : []),
      ].join('; ');
      const what =
        list === 'order'
          ? 'neither an input in userInputs.properties nor a title in userInputs.titles'
          : 'not an input in userInputs.properties';
      report(
        list === 'required' ? 'unknown-required-input' : 'unknown-order-input',
        list === 'required' ? 'error' : 'warning',
        ['trigger', 'userInputs', list, i],
        `userInputs.${list} names "${name}", which is ${what} (${known})${guess ? `: did you mean "${guess}"?` : ''}`,
      );
    });
  }
};
