/** Shortest derived form (base64 run, encoded text) masked; shorter ones would mask noise. */
const MIN_DERIVED_LENGTH = 4;

/**
 * The forms in which a secret can appear in text it was rendered into: raw, JSON-escaped,
 * URL-encoded (`%20` and form-style `+`, upper- and lower-case hex), and base64 / base64url
 * at each of the three byte alignments, so the secret is found inside a longer encoded value
 * such as `Basic base64(user:secret)`. For an unaligned base64 form only the characters that
 * depend on the secret's bytes alone are kept.
 */
export function secretForms(secret: string): string[] {
  if (secret === '') return [];
  const forms = new Set<string>([secret]);
  const derived = (form: string): void => {
    if (form.length >= MIN_DERIVED_LENGTH || form === secret) forms.add(form);
  };
  derived(JSON.stringify(secret).slice(1, -1));
  const uri = encodeURIComponent(secret);
  derived(uri);
  derived(uri.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()));
  derived(uri.replace(/%20/g, '+'));
  derived(encodeURI(secret));
  const bytes = Buffer.from(secret, 'utf8');
  for (let shift = 0; shift < 3; shift++) {
    const padded = Buffer.concat([Buffer.alloc(shift), bytes]);
    const encoded = padded.toString('base64');
    const start = Math.ceil((shift * 8) / 6);
    const end = Math.floor(((shift + bytes.length) * 8) / 6);
    const core = encoded.slice(start, end);
    derived(core);
    derived(core.replace(/\+/g, '-').replace(/\//g, '_'));
    if (shift === 0) derived(encoded);
  }
  return [...forms];
}
