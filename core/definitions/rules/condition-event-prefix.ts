import { read, type DefinitionRule } from '../rule-context.js';
import { stripJqStrings } from '../strip-jq-strings.js';

// `.event` as a path start: not preceded by a name character, `]`, `)` or another `.`.
const EVENT_PREFIX = /(?<![\w$\])?.])\.event(?![\w$])/;

/** Conditions see the event object itself; `.event.` works through an alias but reads as a mistake. */
export const conditionEventPrefix: DefinitionRule = ({ definition, report }) => {
  if (read(definition, 'trigger', 'type') !== 'automation') return;
  const expressions = read(definition, 'trigger', 'condition', 'expressions');
  if (!Array.isArray(expressions)) return;
  expressions.forEach((expression, i) => {
    if (typeof expression !== 'string' || !EVENT_PREFIX.test(stripJqStrings(expression))) return;
    report(
      'condition-event-prefix',
      'warning',
      ['trigger', 'condition', 'expressions', i],
      'conditions are evaluated against the event object, so write ".diff…" / ".context…" rather than ".event.diff…"; both spellings work',
    );
  });
};
