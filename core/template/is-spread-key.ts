const SPREAD_KEY = /^\{\{\s*spreadValue\(\s*\)\s*\}\}$/;

/**
 * Whether an object key is Port's `{{ spreadValue() }}`: its value, rendered, is merged into
 * the parent object instead of becoming a property. The key itself is never evaluated as jq.
 */
export function isSpreadKey(key: string): boolean {
  return SPREAD_KEY.test(key.trim());
}
