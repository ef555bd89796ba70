/**
 * `together nowbeall call open|edit|phase|list|show`. Every command goes through the running
 * bot's control socket (or runs in-process when no bot runs), so only one process writes the
 * data folder; a themes file is read here, on the manager's machine, and sent as data.
 *
 * @example
 * together nowbeall call open --id nba-2026 --title "NOW-BE-ALL 2026" --title "fr:NOW-BE-ALL 2026" \
 *   --question "What would make life better for all here?" --themes-spiral --territories "Iași, Brussels" --languages en,fr,ro
 * together nowbeall call phase nba-2026 analysis
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { load as loadYaml } from 'js-yaml';
import { readSettings, runControl, type Flow } from '../../../src/engine/index.ts';
import { nowbeallCommand } from '../cli-root.ts';
import { labelOf } from './calls.ts';
import type { Call } from '../types.ts';

type Listed = Call & { counts: Record<string, number> };

const out = (text: string): void => void process.stdout.write(`${text}\n`);
const collect = (value: string, previous: string[] = []) => [...previous, value];

/** A JSON or YAML file of themes: a list of labels or of `{ id, label }` (label: a text or one per language). */
function themesFile(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  try {
    return /\.ya?ml$/i.test(file) ? loadYaml(text) : JSON.parse(text);
  } catch (e) {
    throw new Error(`${file} is not valid ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'}: ${(e as Error).message.split('\n')[0]}`);
  }
}

function fieldOptions(cmd: Command): Command {
  return cmd
    .option('--title <text>', 'title; "fr:texte" for another language (repeat for each)', collect)
    .option('--question <text>', 'the question asked; "fr:texte" for another language (repeat)', collect)
    .option('--themes <list>', 'themes as a comma-separated list of labels')
    .option('--themes-spiral', 'the SPIRAL families A–H as themes, named in every language')
    .option('--themes-file <file>', 'themes from a JSON or YAML file: [{ id, label: { en, fr, … } }] or a list of labels')
    .option('--territories <list>', 'territories the call concerns, comma-separated')
    .option('--languages <codes>', 'languages proposals may be written in, e.g. en,fr,ro (default: any)')
    .option('--opens <date>', 'when collecting opens, YYYY-MM-DD')
    .option('--closes <date>', 'when collecting closes, YYYY-MM-DD')
    .option('--json', 'print the result as JSON');
}

function fieldsOf(opts: Record<string, unknown>): Record<string, unknown> {
  const themes = typeof opts.themesFile === 'string' ? themesFile(opts.themesFile) : opts.themes;
  const f: Record<string, unknown> = { title: opts.title, question: opts.question, themes, themesSpiral: opts.themesSpiral, territories: opts.territories, languages: opts.languages, opens: opts.opens, closes: opts.closes };
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined));
}

const describe = (c: Call, lang = 'en') => `${c.id} [${c.phase}]: ${labelOf(c.title, lang)}`;
const countsLine = (n: Record<string, number>) => `proposals ${n.total ?? 0} · pending ${n.pending ?? 0} · published ${n.published ?? 0} · rejected ${n.rejected ?? 0} · withdrawn ${n.withdrawn ?? 0}`;

function details(c: Listed): string {
  return [
    describe(c),
    `   question: ${labelOf(c.question, 'en')}`,
    `   themes: ${c.themes.map((t) => `${t.id} (${labelOf(t.label, 'en')})`).join(', ')}`,
    c.territories.length ? `   territories: ${c.territories.join(', ')}` : '',
    `   languages: ${c.languages.length ? c.languages.join(', ') : 'any'}`,
    c.opens || c.closes ? `   dates: ${c.opens ?? '…'} → ${c.closes ?? '…'}` : '',
    `   phases: ${c.phases.map((p) => `${p.phase} ${p.at.slice(0, 16).replace('T', ' ')}`).join(' → ')}`,
    `   ${countsLine(c.counts)}`,
  ].filter(Boolean).join('\n');
}

export function callCli(flows: Flow[]): (program: Command) => void {
  const run = (command: string, args: Record<string, unknown>) => runControl(flows, readSettings(), command, args);
  return (program) => {
    const call = nowbeallCommand(program).command('call').description('calls for proposals: open, edit, phase, list, show');

    fieldOptions(call.command('open').description('open a call (in its collecting phase)').requiredOption('--id <id>', 'short code, 2–24 of a-z 0-9 -, e.g. nba-2026')).action(async (opts: Record<string, unknown>) => {
      const c = (await run('nowbeall.call.open', { id: opts.id, ...fieldsOf(opts) })) as Call;
      out(opts.json ? JSON.stringify(c) : `opened ${describe(c)}`);
    });

    fieldOptions(call.command('edit').description('change fields of a call').argument('<call>', 'call id')).action(async (id: string, opts: Record<string, unknown>) => {
      const r = (await run('nowbeall.call.edit', { id, ...fieldsOf(opts) })) as { call: Call; changed: string[] };
      if (opts.json) return out(JSON.stringify(r));
      out(r.changed.length ? `updated ${describe(r.call)}; changed: ${r.changed.join(', ')}` : 'nothing changed');
    });

    call
      .command('phase')
      .description('move a call to a phase (collecting → analysis → groups → dialogue → closed); everyone following its proposals is told')
      .argument('<call>', 'call id')
      .argument('<phase>', 'collecting, analysis, groups, dialogue or closed')
      .option('--force', 'allow going back to an earlier phase')
      .option('--json', 'print the result as JSON')
      .action(async (id: string, phase: string, opts: { force?: boolean; json?: boolean }) => {
        const r = (await run('nowbeall.call.phase', { id, phase, force: Boolean(opts.force) })) as { call: Call; from: string; notified: number };
        out(opts.json ? JSON.stringify(r) : `${r.call.id}: ${r.from} → ${r.call.phase}; ${r.notified} people are told`);
      });

    call.command('list').description('every call with its phase and proposal counts').option('--json', 'as JSON').action(async (opts: { json?: boolean }) => {
      const calls = (await run('nowbeall.call.list', {})) as Listed[];
      if (opts.json) return out(JSON.stringify(calls, null, 2));
      out(calls.length ? calls.map((c) => `${describe(c)}\n   ${countsLine(c.counts)}`).join('\n') : 'no call');
    });

    call.command('show').description('one call in full').argument('<call>', 'call id').option('--json', 'as JSON').action(async (id: string, opts: { json?: boolean }) => {
      const c = (await run('nowbeall.call.show', { id })) as Listed;
      out(opts.json ? JSON.stringify(c, null, 2) : details(c));
    });
  };
}
