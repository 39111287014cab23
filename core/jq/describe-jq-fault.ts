/**
 * A clear message for a jq-wasm trap. jq-wasm reports an abort as "Aborted(). Build with
 * -sASSERTIONS for more info.", which is what a program that outgrows jq's memory (its wasm
 * heap is capped) or stack produces, e.g. `"x" * 1e9` or 10,000 nested arrays.
 */
export function describeJqFault(message: string): string {
  if (/^Aborted\(/.test(message) || /out of memory|memory access out of bounds/i.test(message)) {
    return 'jq ran out of memory: the expression builds a value too large or nested too deeply for jq (build smaller strings or arrays)';
  }
  return message;
}
