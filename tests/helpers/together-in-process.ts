/**
 * `together …` run in the test's own process: the same runCli, flows and adapters as
 * bin/together.ts, with the command's stdout, stderr and exit code captured. A spawned
 * `together` costs seconds of CPU (tsx loads and checks ~450 modules on every start); this costs
 * milliseconds once the test file has loaded them. For what a command prints and does; what only
 * a real process shows (its exit on a signal or a failed start, a closed pipe, the current
 * directory, the .env it reads at start) stays with the spawning helpers (together-cli.ts).
 *
 * Not captured: log lines (pino writes to fd 2 itself; the real process prints them on stderr).
 */
import { Readable } from 'node:stream';
import { CommanderError, type Command } from 'commander';
import { runCli } from '../../src/cli/program.ts';
import { allFlows } from '../../flows/index.ts';
import { platformChannels } from '../../adapters/index.ts';
import { ConsoleChannel } from '../../adapters/console/console-channel.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface InProcessOptions {
  /** Changes to the environment for this command; undefined removes the variable. */
  env?: Record<string, string | undefined>;
  /** What the command reads on stdin (a console session: one message per line). */
  input?: string;
}

/** Commands run one at a time: the environment, stdout, stderr and the exit code are the process's. */
let queue: Promise<unknown> = Promise.resolve();

export function togetherHere(argv: string[], options: InProcessOptions = {}): Promise<CliRun> {
  const run = queue.then(() => runOnce(argv, options));
  queue = run.catch(() => {});
  return run;
}

type Listener = (...args: unknown[]) => void;
const EVENTS: string[] = ['exit', 'SIGTERM', 'SIGINT'];
const hooked = (event: string) => process.listeners(event as 'exit') as Listener[];

async function runOnce(argv: string[], options: InProcessOptions): Promise<CliRun> {
  const savedEnv = { ...process.env };
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  const out: string[] = [];
  const err: string[] = [];
  const capture = (into: string[]) =>
    ((chunk: string | Uint8Array, encoding?: unknown, done?: unknown) => {
      into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
      const callback = typeof encoding === 'function' ? encoding : done;
      if (typeof callback === 'function') queueMicrotask(callback as () => void);
      return true;
    }) as typeof process.stdout.write;
  const writeOut = process.stdout.write;
  const writeErr = process.stderr.write;
  const savedExitCode = process.exitCode;
  // What the command hooks on the process (its stdout's error, its signals, the session folder's
  // removal at exit) is undone after it, as the end of its process would.
  const stdoutErrors = process.stdout.listeners('error');
  const hooks = new Map(EVENTS.map((e) => [e, hooked(e)]));
  let commanderExit: CommanderError | undefined;
  process.exitCode = undefined;
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  try {
    const deps = {
      flows: allFlows,
      platformChannels,
      console: (o: { user: string; interactive: boolean; fileDir: string; locale?: string }) =>
        new ConsoleChannel({ ...o, input: Readable.from(options.input ? [options.input] : []), output: process.stdout }),
    };
    await runCli(deps, ['node', 'together', ...argv], (program) => {
      for (const flow of allFlows) flow.cli?.(program, allFlows);
      // Help, --version and usage errors end the process in commander; here they end the command.
      const stopInstead = (command: Command) => {
        command.exitOverride((e) => {
          commanderExit = e;
          throw e;
        });
        command.commands.forEach(stopInstead);
      };
      stopInstead(program);
    });
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
    for (const l of process.stdout.listeners('error')) if (!stdoutErrors.includes(l)) process.stdout.off('error', l as Listener);
    for (const [event, before] of hooks) {
      for (const l of hooked(event)) {
        if (before.includes(l)) continue;
        process.off(event, l);
        if (event === 'exit') l(0);
      }
    }
    for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
    Object.assign(process.env, savedEnv);
  }
  let code = Number(process.exitCode ?? 0);
  process.exitCode = savedExitCode;
  let stderr = err.join('');
  if (commanderExit) {
    // runCli reports any error as one more line; commander has already said this one itself.
    const echo = `together: ${commanderExit.message}\n`;
    if (stderr.endsWith(echo)) stderr = stderr.slice(0, -echo.length);
    code = commanderExit.exitCode;
  }
  return { code, stdout: out.join(''), stderr };
}

/** `together …` on a data folder in this process: the in-process twin of together() in together-cli.ts. */
export function togetherHereOn(dir: string, ...args: string[]): Promise<CliRun> {
  return togetherHere(args, { env: { TOGETHER_DATA: dir, LOG_LEVEL: 'silent', TELEGRAM_BOT_TOKEN: undefined } });
}
