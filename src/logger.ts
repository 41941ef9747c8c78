// The process logger (pino, the logger Fastify is built on): JSON lines on stdout.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'switchboard' } });
}
