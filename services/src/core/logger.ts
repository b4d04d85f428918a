import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(opts: { level: string; pretty: boolean }): Logger {
  return pino({
    level: opts.level,
    redact: ['req.headers.authorization', 'req.headers.cookie', '*.apiKey', '*.password'],
    ...(opts.pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss' } } } : {}),
  });
}
