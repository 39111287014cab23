import type { GitlabToken } from '../../core/backends/send/send-gitlab.js';

const SECRET_REFERENCE =
  /^\{\{\s*\.secrets(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[\s*"([^"]+)"\s*\])\s*\}\}$/;

/**
 * A GitLab project's pipeline trigger token, by its variable name (`<group with / → _>_<project>`),
 * looked up in this order:
 * 1. `SWITCHYARD_GITLAB_TOKEN_<variable>`,
 * 2. `<variable>` itself (port-agent's convention),
 * 3. the secret `<variable>` (`SWITCHYARD_SECRET_<variable>`).
 * A value of the form `{{ .secrets.NAME }}` (or `{{ .secrets["NAME"] }}`) reads that secret,
 * so several projects can share one token; a reference to a secret that is not set is an error
 * naming the variable to set. Never returns where a token came from in a loggable form.
 */
export function gitlabTokenOf(
  variable: string,
  env: NodeJS.ProcessEnv,
  secrets: Readonly<Record<string, string>>,
): GitlabToken {
  const value =
    nonEmpty(env[`SWITCHYARD_GITLAB_TOKEN_${variable}`]) ??
    nonEmpty(env[variable]) ??
    nonEmpty(secrets[variable]);
  if (value === undefined) return undefined;
  const reference = SECRET_REFERENCE.exec(value);
  if (!reference) return value;
  const name = (reference[1] ?? reference[2])!;
  const secret = nonEmpty(secrets[name]);
  if (secret === undefined) {
    return {
      error: `the token for ${variable} refers to the secret "${name}", which is not configured: set the environment variable SWITCHYARD_SECRET_${name}`,
    };
  }
  return secret;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}
