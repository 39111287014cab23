/**
 * Stand-in values for the secrets a definition references, so a preview renders
 * `Bearer ***` rather than `Bearer null` when the workflow passes no secrets. Real
 * values, when given, win; both are masked in every printed request.
 */
export function secretPlaceholders(
  definition: unknown,
  given: Readonly<Record<string, string>>,
): Record<string, string> {
  const secrets: Record<string, string> = {};
  const text = JSON.stringify(definition) ?? '';
  for (const match of text.matchAll(/\.secrets\.([A-Za-z_][A-Za-z0-9_]*)/g)) {
    const name = match[1] as string;
    secrets[name] = `<secret ${name}>`;
  }
  return { ...secrets, ...given };
}
