import { UsageError } from './cli-io.js';

/** Runs `node:util` parseArgs and turns its complaints (unknown flag, missing value) into usage errors. */
export function parseCommandArgs<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('ERR_PARSE_ARGS')) throw new UsageError((error as Error).message);
    throw error;
  }
}
