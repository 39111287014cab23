import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

/** JSON logs in production (as Probot does), pretty ones locally. Secrets never reach a log call. */
export function createLogger(options: { level: string; format: 'json' | 'pretty' }): Logger {
  const base = { level: options.level, base: { name: 'switchyard' } };
  if (options.format === 'json') return pino(base);
  return pino(
    base,
    pretty({ sync: true, ignore: 'pid,hostname,name', translateTime: 'HH:MM:ss.l' }),
  );
}
