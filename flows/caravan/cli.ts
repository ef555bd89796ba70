/**
 * `together caravan add|edit|cancel|list|announce|report|qr|ics|link`. Every command goes
 * through the running bot's control socket (or runs in-process when no bot runs), so only
 * one process ever writes the data folder. Registered by bin/together.ts through `extend`.
 *
 * @example
 * together caravan add --town Iași --country RO --venue "Casa de Cultură" --date 2026-05-12 --time 18:30 --tz Europe/Bucharest
 * together caravan announce iasi-260512
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Command } from 'commander';
import type { Counts } from '../../src/engine/index.ts';
import { runControl, type ControlOptions } from '../../src/engine/index.ts';
import { readSettings } from '../../src/engine/index.ts';
import type { Flow } from '../../src/engine/index.ts';
import { qrPng } from './qr.ts';
import type { RsvpCounts, Stop } from './types.ts';

type Listed = Stop & { past: boolean; counts: RsvpCounts };

const out = (text: string): void => void process.stdout.write(`${text}\n`);

function fieldOptions(cmd: Command, required: boolean): Command {
  const add = (flags: string, description: string) => (required ? cmd.requiredOption(flags, description) : cmd.option(flags, description));
  add('--town <town>', 'town or city');
  add('--country <country>', 'country code (RO) or name');
  add('--venue <venue>', 'venue and address (at most 200 characters)');
  add('--date <date>', 'local date, YYYY-MM-DD');
  add('--time <time>', 'local start time, HH:MM');
  add('--tz <zone>', 'IANA time zone of the stop, e.g. Europe/Bucharest');
  return cmd
    .option('--description <text>', 'a short description for the announcement')
    .option('--languages <codes>', 'languages spoken, e.g. ro,en')
    .option('--spiral-group <code>', 'SPIRAL group whose questionnaire the stop link opens')
    .option('--force', 'even when a scheduled stop has the same town, date and venue')
    .option('--json', 'print the result as JSON');
}

const FIELD_KEYS = ['town', 'country', 'venue', 'date', 'time', 'tz', 'description', 'languages', 'spiralGroup'] as const;
const fieldsOf = (opts: Record<string, unknown>) => ({
  ...Object.fromEntries(FIELD_KEYS.filter((k) => opts[k] !== undefined).map((k) => [k, opts[k]])),
  ...(opts.force ? { force: true } : {}),
});

const describe = (s: Stop) => `${s.id}: ${s.town} (${s.country}), ${s.date} ${s.time} ${s.tz} — ${s.venue}${s.status === 'cancelled' ? ' [cancelled]' : ''}`;
const countsLine = (c: RsvpCounts) => `going ${c.going} · maybe ${c.maybe} · not going ${c.notGoing} · confirmed ${c.confirmed}`;
const reportLine = (c: Counts) =>
  `sent ${c.sent}, failed ${c.failed}, unreachable (unsubscribed) ${c.blocked}, skipped ${c.skipped}, in doubt ${c.unknown}, pending ${c.pending} — of ${c.total}`;

/** A progress bar on stderr for a terminal; nothing when stderr is a pipe. */
function progressBar() {
  // Loaded here: only an announcement from a terminal draws a bar, and every start imports this file.
  const { Presets, SingleBar } = createRequire(import.meta.url)('cli-progress') as typeof import('cli-progress');
  const bar = new SingleBar({ format: 'announcing |{bar}| {value}/{total} · sent {sent} · failed {failed} · unreachable {blocked}', stream: process.stderr, hideCursor: true }, Presets.shades_classic);
  let started = false;
  return {
    update(data: unknown) {
      const c = data as Counts | undefined;
      if (!c || typeof c.total !== 'number') return;
      const done = c.total - c.pending - c.sending;
      if (!started) bar.start(c.total, done, c);
      else bar.update(done, c);
      started = true;
    },
    stop: () => started && bar.stop(),
  };
}

export function caravanCli(flows: Flow[]): (program: Command) => void {
  const call = (command: string, args: Record<string, unknown>, options?: ControlOptions) => runControl(flows, readSettings(), command, args, options);
  return (program) => {
    const caravan = program.command('caravan').description('stops of the Caravan of co-responsibility: add, edit, cancel, list, announce, report, channels, link, qr, ics');

    fieldOptions(caravan.command('add').description('add a stop (its reminders are scheduled)'), true).action(async (opts: Record<string, unknown>) => {
      const stop = (await call('caravan.add', fieldsOf(opts))) as Stop;
      out(opts.json ? JSON.stringify(stop) : `added ${describe(stop)}`);
    });

    fieldOptions(caravan.command('edit').description('change fields of a stop; everyone who answered is told').argument('<stop>', 'stop id'), false).action(async (id: string, opts: Record<string, unknown>) => {
      const r = (await call('caravan.edit', { ...fieldsOf(opts), id })) as { stop: Stop; changed: string[]; notified: number };
      if (opts.json) return out(JSON.stringify(r));
      out(r.changed.length ? `updated ${describe(r.stop)}\nchanged: ${r.changed.join(', ')}; ${r.notified} people who answered are told` : 'nothing changed');
    });

    caravan.command('cancel').description('cancel a stop; everyone who answered is told').argument('<stop>', 'stop id').option('--json', 'print the result as JSON').action(async (id: string, opts: { json?: boolean }) => {
      const r = (await call('caravan.cancel', { id })) as { stop: Stop; notified: number };
      out(opts.json ? JSON.stringify(r) : `cancelled ${describe(r.stop)}; ${r.notified} people who answered are told`);
    });

    caravan.command('list').description('upcoming stops with live answer counts').option('--all', 'past and cancelled stops too').option('--json', 'as JSON').action(async (opts: { all?: boolean; json?: boolean }) => {
      const stops = (await call('caravan.list', { all: Boolean(opts.all) })) as Listed[];
      if (opts.json) return out(JSON.stringify(stops, null, 2));
      out(stops.length ? stops.map((s) => `${describe(s)}\n   ${countsLine(s.counts)}`).join('\n') : 'no stop');
    });

    caravan.command('announce').description('send the stop to every subscriber of its region, on every running channel').argument('<stop>', 'stop id').option('--json', 'print the report as JSON').action(async (id: string, opts: { json?: boolean }) => {
      const bar = progressBar();
      let r: { town: string; added: number; status: string; counts: Counts; places?: Counts; wakeAt?: string };
      try {
        r = (await call('caravan.announce', { id }, { needsRunningBot: true, onProgress: (d) => bar.update(d) })) as typeof r;
      } finally {
        bar.stop();
      }
      if (opts.json) return out(JSON.stringify(r));
      out(`announced ${id} (${r.town}) to ${r.added} new recipients: ${reportLine(r.counts)}`);
      if (r.places) out(`channels and groups: ${reportLine(r.places).replace('unreachable (unsubscribed)', 'gone (dropped)')}`);
      if (r.status === 'held') out(`held by the quiet hours (22:00–08:00 local); the rest goes out at ${r.wakeAt}`);
    });

    caravan.command('report').description('answers and broadcasts of a stop').argument('<stop>', 'stop id').option('--json', 'as JSON').action(async (id: string, opts: { json?: boolean }) => {
      const r = (await call('caravan.report', { id })) as { stop: Listed; broadcasts: { id: string; kind: string; status: string; counts?: Counts }[] };
      if (opts.json) return out(JSON.stringify(r, null, 2));
      out([describe(r.stop), `   ${countsLine(r.stop.counts)}`, ...r.broadcasts.map((b) => `${b.kind} ${b.id} [${b.status}]: ${b.counts ? reportLine(b.counts) : '—'}`)].join('\n'));
    });

    caravan
      .command('channels')
      .description('group chats and server channels that receive the announcements (a manager adds one with /caravan channel here typed in it)')
      .option('--remove <id>', 'stop announcing in this one (its id as listed)')
      .option('--json', 'as JSON')
      .action(async (opts: { remove?: string; json?: boolean }) => {
        if (opts.remove) {
          await call('caravan.channels.remove', { id: opts.remove });
          return out(`removed ${opts.remove}`);
        }
        const places = (await call('caravan.channels', {})) as { id: string; lang: string; at: string; by?: string }[];
        if (opts.json) return out(JSON.stringify(places, null, 2));
        out(places.length ? places.map((p) => `${p.id}  ${p.lang}  added ${p.at.slice(0, 10)}${p.by ? ` by ${p.by}` : ''}`).join('\n') : 'no channel');
      });

    caravan.command('link').description('links that follow a stop or a region in one step').argument('<target>', 'stop id or region (ro, europe, all…)').option('--bot <username>', 'the Telegram bot username, when the bot is not running').action(async (target: string, opts: { bot?: string }) => {
      const l = (await call('caravan.link', { target, bot: opts.bot })) as { telegram?: string; spiral?: string; command: string };
      out([l.telegram && `telegram: ${l.telegram}`, l.spiral && `SPIRAL:   ${l.spiral}`, `command:  ${l.command}`].filter(Boolean).join('\n'));
    });

    caravan.command('qr').description('a PNG QR code of the Telegram link of a stop or region, for posters').argument('<target>', 'stop id or region').option('-o, --out <file>', 'PNG file to write (default caravan-<target>.png)').option('--bot <username>', 'the Telegram bot username, when the bot is not running').action(async (target: string, opts: { out?: string; bot?: string }) => {
      const l = (await call('caravan.link', { target, bot: opts.bot })) as { target: string; telegram?: string };
      if (!l.telegram) throw new Error('The Telegram bot name is not known: run this while the bot runs on Telegram, or pass --bot <username>.');
      const file = opts.out ?? `caravan-${l.target}.png`;
      writeFileSync(file, await qrPng(l.telegram, 1024));
      out(`${file}: ${l.telegram}`);
    });

    caravan.command('ics').description('the stop as an iCalendar (.ics) file').argument('<stop>', 'stop id').option('-o, --out <file>', 'file to write (default: stdout)').action(async (id: string, opts: { out?: string }) => {
      const r = (await call('caravan.ics', { id })) as { filename: string; content: string };
      if (opts.out) {
        writeFileSync(opts.out, r.content);
        out(opts.out);
      } else process.stdout.write(r.content);
    });
  };
}
