/** The one logger call used here (the core's logger has it). */
interface Warns {
  warn(fields: object, message: string): void;
}

/**
 * Person files that could not be read while gathering a group's work. One damaged file must not
 * take a whole group's results or export down: it is left out, named in a warning (the log, or
 * stderr for the command line, which has no logger), and the facilitator is told how many.
 */
export class DamagedFiles {
  readonly files: string[] = [];
  constructor(private readonly services: object) {}

  /** The `eachUser` hook and the catch of `loadUser`: never rethrows. */
  readonly add = (file: string): void => {
    if (this.files.includes(file)) return;
    this.files.push(file);
    const log = (this.services as { log?: Warns }).log;
    const message = `SPIRAL: left out the damaged data file ${file}; run "together check" to see what to restore`;
    if (log) log.warn({ file }, message);
    else process.stderr.write(`warning: ${message}\n`);
  };
}
