import type { DestinationStream } from 'pino';
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';
import { maskSecrets } from '../../core/template/mask-secrets.js';

export type { Logger };

/**
 * JSON logs in production (as Probot does), pretty ones locally. Secrets never reach a log
 * call; should one anyway (an error quoting a rendered request), every line is masked on its
 * way out: each of `secrets` in any of its forms becomes `***`.
 */
export function createLogger(
  options: { level: string; format: 'json' | 'pretty'; secrets?: readonly string[] },
  destination?: DestinationStream,
): Logger {
  const secrets = (options.secrets ?? []).filter((secret) => secret !== '');
  const base = {
    level: options.level,
    base: { name: 'switchyard' },
    ...(secrets.length
      ? { hooks: { streamWrite: (line: string) => maskSecrets(line, secrets) } }
      : {}),
  };
  if (options.format === 'json') return destination ? pino(base, destination) : pino(base);
  return pino(
    base,
    destination ?? pretty({ sync: true, ignore: 'pid,hostname,name', translateTime: 'HH:MM:ss.l' }),
  );
}
