/** A rendered boolean field: `true` or `"true"` (templates render strings) is on. */
export function toFlag(value: unknown, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'string') return value.trim().toLowerCase() === 'true';
  return value === true;
}

/** A value as a string the way GitHub inputs and GitLab variables need it. */
export function toInputString(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
