/**
 * `together plan import|add|edit|cancel|remove|list|ics|group`. Every command goes through the
 * running bot's control socket (or runs in-process when no bot runs), so one process only writes
 * the data folder; a file to import is read here, on the manager's machine, and sent as text.
 *
 * @example
 * together plan import examples/action-plan.yaml --dry-run
 * together plan add event --title "Coordination call" --date 2027-02-03 --time 10:00 --tz Europe/Brussels --kind meeting --link https://meet.example.org/together
 * together plan group add dynamisors telegram:12345
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { readSettings, runControl, type Flow } from '../../../src/engine/index.ts';
import { planCommand } from '../cli-root.ts';
import type { Kind } from './changes.ts';
import { attributeOf, KIND_OPTIONS } from './cli-options.ts';
import type { Answer } from './control.ts';
import { MAX_FILE_CHARS } from './read-file.ts';

const out = (text: string): void => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
const collect = (value: string, previous: string[] = []) => [...previous, value];
const KINDS = Object.keys(KIND_OPTIONS) as Kind[];

function show(answer: Answer, json: boolean | undefined): void {
  for (const w of answer.warnings ?? []) process.stderr.write(`warning: ${w}\n`);
  out(json ? JSON.stringify(answer.data, null, 2) : answer.text);
}

/** The file's text, or why it is not sent (the bot says it, in its language). */
function fileText(file: string): { text: string } | { unreadable: string } | { tooLong: number } {
  try {
    const text = readFileSync(file, 'utf8');
    return text.length > MAX_FILE_CHARS ? { tooLong: text.length } : { text };
  } catch (e) {
    return { unreadable: (e as NodeJS.ErrnoException).code ?? (e as Error).message };
  }
}

/** A subcommand per kind, with that kind's options (edit: no --id, plus --clear). */
function entryCommands(parent: Command, verb: 'add' | 'edit', run: (kind: Kind, id: string | undefined, opts: Record<string, unknown>) => Promise<void>): void {
  for (const kind of KINDS) {
    const cmd = parent.command(kind).description(`${verb === 'add' ? 'add' : 'change'} a ${kind}`);
    if (verb === 'edit') cmd.argument('<id>', `${kind} id`).option('--clear <fields>', 'optional fields to empty, comma-separated (e.g. place,link)');
    for (const spec of KIND_OPTIONS[kind]) {
      if (verb === 'edit' && spec.field === 'id') continue;
      if (spec.repeat) cmd.option(spec.flags, spec.description, collect);
      else cmd.option(spec.flags, spec.description);
    }
    cmd.option('--json', 'print the result as JSON');
    cmd.action(async (...a: unknown[]) => {
      const opts = (verb === 'edit' ? a[1] : a[0]) as Record<string, unknown>;
      await run(kind, verb === 'edit' ? String(a[0]) : undefined, opts);
    });
  }
}

function fieldsOf(kind: Kind, opts: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(KIND_OPTIONS[kind].filter((s) => s.field !== 'id' && opts[attributeOf(s)] !== undefined).map((s) => [s.field, opts[attributeOf(s)]]));
}

export function planCli(flows: Flow[]): (program: Command) => void {
  const call = async (command: string, args: Record<string, unknown>) => (await runControl(flows, readSettings(), command, args)) as Answer;
  return (program) => {
    const plan = planCommand(program);

    plan
      .command('import')
      .description('load or update the plan from a YAML or JSON plan file (flows/network/plan/FORMAT.md) or an .ics calendar; everything is checked first, nothing is half-imported, the same file again changes nothing')
      .argument('<file>', 'plan.yaml, plan.json or calendar.ics')
      .option('--dry-run', 'check the file and say what would change, without writing')
      .option('--skip-past', 'leave out new events that are already past (a warning each) instead of refusing the file')
      .option('--tz <zone>', '.ics: the zone for UTC, floating and whole-day times (default: the calendar\'s X-WR-TIMEZONE, else TOGETHER_TZ)')
      .option('--year <year>', ".ics: repeating events are expanded up to the end of this year (default: the plan's year)")
      .option('--axis <axis>', '.ics: the axis of every event of the calendar')
      .option('--groups <ids>', '.ics: the working groups of every event, comma-separated')
      .option('--json', 'print the result as JSON')
      .action(async (file: string, opts: Record<string, unknown>) => {
        const args = { name: file, ...fileText(file), dryRun: Boolean(opts.dryRun), skipPast: Boolean(opts.skipPast), tz: opts.tz, year: opts.year, axis: opts.axis, groups: opts.groups };
        show(await call('plan.import', args), opts.json as boolean | undefined);
      });

    entryCommands(plan.command('add').description('add a phase, axis, group, activity or event'), 'add', async (kind, _id, opts) => {
      show(await call('plan.add', { kind, id: opts.id, fields: fieldsOf(kind, opts) }), opts.json as boolean | undefined);
    });
    entryCommands(plan.command('edit').description('change fields of a phase, axis, group, activity or event (an event: everyone reminded of it is told)'), 'edit', async (kind, id, opts) => {
      show(await call('plan.edit', { kind, id, fields: fieldsOf(kind, opts), clear: opts.clear }), opts.json as boolean | undefined);
    });

    plan.command('cancel').description('cancel an event: it stays in the calendar marked cancelled, everyone reminded of it is told').argument('<event>', 'event id').option('--json', 'print the result as JSON').action(async (id: string, opts: { json?: boolean }) => {
      show(await call('plan.cancel', { id }), opts.json);
    });

    plan.command('remove').description('remove a phase, axis, group, activity or event for good (one still named by others is refused; prefer cancel for an event)').argument('<kind>', KINDS.join(', ')).argument('<id>', 'its id').option('--json', 'print the removed entry as JSON').action(async (kind: string, id: string, opts: { json?: boolean }) => {
      show(await call('plan.remove', { kind, id }), opts.json);
    });

    plan.command('list').description('the plan: phases, axes, working groups, activities and upcoming events').option('--all', 'past and cancelled events too').option('--json', 'as JSON').action(async (opts: { all?: boolean; json?: boolean }) => {
      show(await call('plan.list', { all: Boolean(opts.all) }), opts.json);
    });

    plan.command('ics').description('the whole calendar as an iCalendar file, for calendar apps (UIDs stay, SEQUENCE is the version, cancelled events STATUS:CANCELLED)').option('-o, --out <file>', 'file to write (default: stdout)').option('--lang <code>', 'language of the titles (default TOGETHER_LANG)').action(async (opts: { out?: string; lang?: string }) => {
      const r = await call('plan.ics', { lang: opts.lang });
      const { content } = r.data as { content: string };
      if (opts.out) {
        writeFileSync(opts.out, content);
        out(opts.out);
      } else process.stdout.write(content);
    });

    const group = plan.command('group').description('people in working groups, by their platform id (channel:userId)');
    group.command('add').description('add a person to a working group (they must have written to the bot once)').argument('<group>', 'working group id').argument('<person>', 'channel:userId, e.g. telegram:12345').option('--json', 'as JSON').action(async (g: string, person: string, opts: { json?: boolean }) => {
      show(await call('plan.group.add', { group: g, person }), opts.json);
    });
    group.command('remove').description('take a person out of a working group').argument('<group>', 'working group id').argument('<person>', 'channel:userId').option('--json', 'as JSON').action(async (g: string, person: string, opts: { json?: boolean }) => {
      show(await call('plan.group.remove', { group: g, person }), opts.json);
    });
    group.command('list').description('the working groups with their member counts, or one group\'s members by name').argument('[group]', 'working group id').option('--json', 'as JSON').action(async (g: string | undefined, opts: { json?: boolean }) => {
      show(await call('plan.group.list', { group: g }), opts.json);
    });
  };
}
