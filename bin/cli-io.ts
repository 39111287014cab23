/** Where a command writes; injectable so tests can run commands in-process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** A wrong invocation: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}
