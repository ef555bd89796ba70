import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured logs on stderr, so stdout stays for data and the console conversation. */
export function createLogger(level: string = 'info'): Logger {
  return pino({ level, base: undefined }, pino.destination({ dest: 2, sync: true }));
}

/** A logger that drops everything, for tests and benchmarks. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
