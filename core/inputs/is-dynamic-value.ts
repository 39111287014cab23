/** Whether a definition value is Port's `{"jqQuery": "…"}`, computed when the form is filled. */
export function isDynamicValue(value: unknown): value is { readonly jqQuery: string } {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    typeof (value as { jqQuery?: unknown }).jqQuery === 'string'
  );
}
