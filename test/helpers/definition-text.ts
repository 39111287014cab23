/**
 * Builds a JSON definition text from a base automation with overrides, pretty
 * printed with two spaces, so tests can compute line numbers by reading it.
 */
export function definitionJson(overrides: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ ...baseAutomation(), ...overrides }, null, 2)}\n`;
}

export function baseAutomation(): Record<string, unknown> {
  return {
    identifier: 'notify_service_created',
    title: 'Notify on service creation',
    trigger: {
      type: 'automation',
      event: { type: 'ENTITY_CREATED', blueprintIdentifier: 'service' },
    },
    invocationMethod: {
      type: 'WEBHOOK',
      url: 'https://hooks.example.com/services',
      body: { service: '{{ .event.diff.after.identifier }}' },
    },
    publish: true,
  };
}

/** 1-based line and column of the first occurrence of `needle` in `text`. */
export function positionOf(
  text: string,
  needle: string,
  occurrence = 1,
): { line: number; column: number } {
  let index = -1;
  for (let i = 0; i < occurrence; i++) {
    index = text.indexOf(needle, index + 1);
    if (index === -1) throw new Error(`"${needle}" not found in text`);
  }
  const before = text.slice(0, index).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}
