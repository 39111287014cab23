/** What a definition file declares. */
export type DefinitionKind = 'automation' | 'self-service';

export function definitionKind(value: unknown): DefinitionKind | undefined {
  const type = (value as { trigger?: { type?: unknown } } | null)?.trigger?.type;
  return type === 'automation' || type === 'self-service' ? type : undefined;
}
