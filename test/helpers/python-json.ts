/**
 * `json.dumps(value)` as Python writes it with its defaults (what `requests.post(json=…)`
 * sends): `", "` and `": "` separators, non-ASCII escaped as `\uXXXX`. With `compact`,
 * `separators=(",", ":")`.
 */
export function pythonJson(value: unknown, compact = false): string {
  const [item, key] = compact ? [',', ':'] : [', ', ': '];
  const encode = (v: unknown): string => {
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'string') return asciiString(v);
    if (typeof v === 'number' || typeof v === 'boolean') return JSON.stringify(v);
    if (Array.isArray(v)) return `[${v.map(encode).join(item)}]`;
    const entries = Object.entries(v as Record<string, unknown>).map(
      ([k, inner]) => `${asciiString(k)}${key}${encode(inner)}`,
    );
    return `{${entries.join(item)}}`;
  };
  return encode(value);
}

function asciiString(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
