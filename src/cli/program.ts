import { Command, Option } from 'commander';
import type { Channel } from '../channels/channel.ts';
import type { Flow } from '../engine/flow.ts';
import { createCore, type Core } from '../app.ts';
import { I18n } from '../i18n/i18n.ts';
import { createLogger, type Logger } from '../log/logger.ts';
import { openStore } from '../store/open-store.ts';
import { readSettings, type Settings } from '../config.ts';
import type { ReadServices } from '../engine/services.ts';
import { exportData, type ExportFormat } from './export.ts';
import { collectStats } from './stats.ts';
import { registerCheck } from './check.ts';
import { registerStatus } from './status.ts';
import { clusterTimings } from '../cluster/timings.ts';
import { registerMigrate } from './migrate.ts';
import { inspectDataFolder } from './data-folder.ts';
import { loadEnvFile } from './env-file.ts';
import { findProject } from './project.ts';
import { sessionFileDir } from './session-files.ts';
import { exitQuietlyOnClosedStdout, StartFailedError, stopWithin } from './process.ts';

/** A console channel the composition root builds (adapters are not imported by the core). */
export interface ConsoleLike extends Channel {
  readonly finished: Promise<void>;
}

export interface CliDeps {
  flows: Flow[];
  /** The platform channels whose credentials are in the settings. */
  platformChannels(settings: Settings, log: Logger): Channel[] | Promise<Channel[]>;
  console(options: { user: string; interactive: boolean; fileDir: string; locale?: string }): ConsoleLike;
}

function consoleLocale(): string | undefined {
  const lang = process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG;
  return lang && !/^(C|POSIX)(\.|$)/.test(lang) ? lang.split('.')[0] : undefined;
}

async function readServices(settings: Settings): Promise<ReadServices> {
  if (!settings.core.databaseUrl) inspectDataFolder(settings.core.dataDir, 'read');
  const store = await openStore({ dataDir: settings.core.dataDir, databaseUrl: settings.core.databaseUrl, readOnly: true, log: createLogger(settings.logLevel) });
  return { store, i18n: await I18n.create(settings.core.lang), config: settings.core };
}

/** A line on stderr for the person at the terminal (logs are JSON lines; these are not). */
const say = (line: string): void => void process.stderr.write(`together: ${line}\n`);

/** How long a start already under way may still finish after a stop signal. */
const START_GRACE_MS = 5_000;

/**
 * Starts the core; returns why it failed, or null once it runs. A signal during start-up lets a
 * start that is about to finish finish (the stop that follows is the graceful one), but one
 * that hangs (an API root that never answers) is given up, so the signal is never ignored.
 */
async function startOrFail(core: Core, stopRequested: Promise<string>): Promise<unknown> {
  type Outcome = { kind: 'started' } | { kind: 'failed'; error: unknown } | { kind: 'signal'; signal: string };
  const started: Promise<Outcome> = core.start().then(
    () => ({ kind: 'started' }),
    (error: unknown) => ({ kind: 'failed', error }),
  );
  let outcome = await Promise.race([started, stopRequested.then((signal): Outcome => ({ kind: 'signal', signal }))]);
  if (outcome.kind === 'signal') {
    const signal = outcome.signal;
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<Outcome>((resolve) => (timer = setTimeout(() => resolve({ kind: 'failed', error: new Error(`stopped by ${signal} before the start finished`) }), START_GRACE_MS)));
    outcome = await Promise.race([started, gaveUp]);
    clearTimeout(timer);
  }
  return outcome.kind === 'failed' ? (outcome.error ?? new Error('unknown error')) : null;
}

async function run(deps: CliDeps, settings: Settings, channels: Channel[], consoleChannel: ConsoleLike | null): Promise<void> {
  const log = createLogger(consoleChannel && !settings.logLevelGiven ? 'warn' : settings.logLevel);
  const folder = inspectDataFolder(settings.core.dataDir, 'write');
  // Signals are heard from the very start: one that arrives while the core is still starting
  // is acted on as soon as it has started, so the stop is the graceful one (see startOrFail).
  let signalled: (signal: string) => void = () => {};
  const stopRequested = new Promise<string>((resolve) => (signalled = resolve));
  process.once('SIGTERM', () => signalled('SIGTERM'));
  process.once('SIGINT', () => signalled('SIGINT'));
  const sharedLimits = settings.redis && { redisUrl: settings.redis.url, keys: settings.redis.keys, instances: settings.redis.instances };
  const core = await createCore({ config: settings.core, flows: deps.flows, channels, log, clusterTimings: clusterTimings(), ...(sharedLimits ? { sharedLimits } : {}) });
  if (folder.isNew) say(`created a new data folder at ${settings.core.dataDir}`);
  const failure = await startOrFail(core, stopRequested);
  if (failure !== null) {
    // A supervisor restarts a process that exits, not one that hangs: stop what did start
    // (channels, scheduler, control socket, the data folder's lock), bounded in time.
    await stopWithin(5_000, async () => {
      for (const channel of channels) await channel.stop().catch(() => {});
      await core.stop();
    });
    throw new StartFailedError(failure);
  }
  if (consoleChannel) {
    // Ctrl-C or SIGTERM ends the input like Ctrl-D: what was typed is finished, then a clean stop.
    void stopRequested.then(() => consoleChannel.stop());
    await consoleChannel.finished;
    await core.stop();
    return;
  }
  log.info({ channels: channels.map((c) => c.name) }, 'together-bot is running');
  const signal = await stopRequested;
  log.info({ signal }, 'stopping: finishing what is in flight');
  await core.stop();
}

function chatConsole(deps: CliDeps, _settings: Settings, user: string): ConsoleLike {
  return deps.console({ user, interactive: Boolean(process.stdin.isTTY), fileDir: sessionFileDir(), locale: consoleLocale() });
}

/** The `together` command line. Data goes to stdout; errors to stderr with a non-zero exit code. */
export function buildProgram(deps: CliDeps): Command {
  const program = new Command('together')
    .description('together-bot: SPIRAL questionnaires, the Caravan of co-responsibility and NOW-BE-ALL proposals, on every chat channel')
    .showHelpAfterError()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command('start')
    .description('run the bot on every channel whose credentials are set; the console when none is')
    .action(async () => {
      const settings = readSettings();
      const log = createLogger(settings.logLevel);
      inspectDataFolder(settings.core.dataDir, 'write');
      const channels = await deps.platformChannels(settings, log);
      if (channels.length > 0) return run(deps, settings, channels, null);
      const consoleChannel = chatConsole(deps, settings, process.env.USER || 'console');
      await run(deps, settings, [consoleChannel], consoleChannel);
    });

  program
    .command('chat')
    .description('talk to the bot in this terminal (or through a pipe: one message per line)')
    .option('-u, --user <name>', 'chat as this user', process.env.USER || 'console')
    .action(async (opts: { user: string }) => {
      const settings = readSettings();
      const consoleChannel = chatConsole(deps, settings, opts.user);
      await run(deps, settings, [consoleChannel], consoleChannel);
    });

  program
    .command('export')
    .description('export data with pseudonyms (never platform ids or names)')
    .argument('<kind>', 'spiral | proposals | caravan')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['csv', 'json']).default('csv'))
    .option('-g, --group <code>', 'only this group')
    .option('-c, --call <call>', 'only this NOW-BE-ALL call (proposals)')
    .action(async (kind: string, opts: { format: ExportFormat; group?: string; call?: string }) => {
      const services = await readServices(readSettings());
      process.stdout.write(await exportData(deps.flows, services, kind, opts.format, { group: opts.group, call: opts.call }));
    });

  program
    .command('stats')
    .description('figures about users and every flow')
    .option('--json', 'as one JSON object')
    .action(async (opts: { json?: boolean }) => {
      const services = await readServices(readSettings());
      const stats = await collectStats(deps.flows, services, (file) => process.stderr.write(`warning: unreadable data file ${file}\n`));
      process.stdout.write(opts.json ? `${JSON.stringify(stats)}\n` : Object.entries(stats).map(([k, v]) => `${k}: ${v}`).join('\n') + '\n');
    });

  registerCheck(program);
  registerStatus(program);
  registerMigrate(program);
  return program;
}

/**
 * Runs the CLI: reads the trusted `.env` (see env-file.ts), then the command. Any error becomes
 * one line on stderr and exit code 1; a failed start exits at once, so a supervisor restarts it.
 */
export async function runCli(deps: CliDeps, argv: string[], extend?: (program: Command) => void): Promise<void> {
  exitQuietlyOnClosedStdout();
  try {
    const project = findProject();
    const envFile = loadEnvFile(project.dir, process.env);
    if (envFile && process.env.LOG_LEVEL !== 'silent') say(`read settings from ${envFile}`);
    const program = buildProgram(deps).version(project.version, '-V, --version', 'print the version of together-bot');
    extend?.(program);
    await program.parseAsync(argv);
  } catch (e) {
    say(e instanceof Error ? e.message : String(e));
    if (e instanceof StartFailedError) process.exit(1);
    process.exitCode = 1;
  }
}
