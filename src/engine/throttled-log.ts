import type { Logger } from '../log/logger.ts';

/**
 * Logs an error at most once per window per kind, with the number of repeats it held back:
 * a full disk fails every save, and one line per event would flood the log (and the disk).
 */
export class ThrottledLog {
  readonly #last = new Map<string, { at: number; held: number }>();

  constructor(
    private readonly log: Logger,
    private readonly now: () => Date,
    private readonly windowMs = 60_000,
  ) {}

  error(kind: string, fields: Record<string, unknown>, message: string): void {
    const t = this.now().getTime();
    const last = this.#last.get(kind);
    if (last && t - last.at < this.windowMs && t >= last.at) {
      last.held += 1;
      return;
    }
    this.#last.set(kind, { at: t, held: 0 });
    this.log.error({ ...fields, ...(last?.held ? { repeatedSinceLastLog: last.held } : {}) }, message);
  }
}
