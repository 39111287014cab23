import { runCli } from '../../bin/run-cli.js';

/** Runs one CLI invocation in-process and captures what it printed. */
export async function runCliCaptured(
  ...argv: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}
