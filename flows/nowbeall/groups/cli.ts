/**
 * `together nowbeall group create|list|facilitator|elaborate`, `together nowbeall answer` and
 * `together nowbeall report`: each goes through the running bot's control socket (or runs
 * in-process when no bot runs), so one process writes the data folder.
 *
 * @example
 * together nowbeall group create --call nba-2026 --theme health --proposals 3,7,12 --deadline 2026-06-30
 * together nowbeall answer 12 --kind accepted --text "The council adopts it in June." --authority "City of Namur"
 * together nowbeall report --call nba-2026 --format md --out dossier.md
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { Option } from 'commander';
import { readSettings, runControl, type Flow } from '../../../src/engine/index.ts';
import { nowbeallCommand } from '../cli-root.ts';
import type { ThemeGroup } from '../types.ts';

const out = (line: string): void => void process.stdout.write(`${line}\n`);

const describe = (g: ThemeGroup & { members?: number; elaborated?: number }) =>
  `${g.id}: ${g.title} [${g.call}/${g.theme}] proposals ${g.proposals.join(', ')}${g.deadline ? `, until ${g.deadline.slice(0, 10)}` : ''}${g.facilitators.length ? `, facilitators ${g.facilitators.join(', ')}` : ''}${g.members === undefined ? '' : `, ${g.members} members, ${g.elaborated ?? 0} elaborated`}`;

export function groupsCli(program: Command, flows: Flow[]): void {
  const call = (command: string, args: Record<string, unknown>) => runControl(flows, readSettings(), command, args);
  const root = nowbeallCommand(program);
  const group = root.command('group').description('theme groups of the seminar: create, list, facilitator, elaborate');

  group
    .command('create')
    .description('form a theme group from approved proposals; their authors and supporters are invited')
    .requiredOption('--call <call>', 'the call (e.g. nba-2026)')
    .requiredOption('--theme <theme>', 'the theme id')
    .requiredOption('--proposals <ids>', 'proposal numbers, e.g. 3,7,12')
    .option('--title <title>', 'the group title (default: the theme)')
    .option('--facilitator <pseudonyms>', 'facilitator pseudonym(s), comma-separated')
    .option('--deadline <date>', 'last day to support or object to elaborated versions, YYYY-MM-DD')
    .option('--json', 'print the result as JSON')
    .action(async (opts: Record<string, string | boolean | undefined>) => {
      const r = (await call('nbgroups.create', { call: opts.call, theme: opts.theme, proposals: opts.proposals, title: opts.title, facilitator: opts.facilitator, deadline: opts.deadline })) as { group: ThemeGroup; notified: number; invited: number };
      out(opts.json ? JSON.stringify(r) : `created ${describe(r.group)}; ${r.notified} notices and ${r.invited} invitations queued`);
    });

  group
    .command('list')
    .description('theme groups with their members and elaborated versions')
    .option('--call <call>', 'only this call')
    .option('--json', 'as JSON')
    .action(async (opts: { call?: string; json?: boolean }) => {
      const groups = (await call('nbgroups.list', { call: opts.call })) as (ThemeGroup & { members: number; elaborated: number })[];
      if (opts.json) return out(JSON.stringify(groups, null, 2));
      out(groups.length ? groups.map(describe).join('\n') : 'no group');
    });

  group
    .command('facilitator')
    .description('name facilitators of a group (by pseudonym)')
    .argument('<group>', 'group id, e.g. g3')
    .argument('<pseudonyms...>', 'pseudonyms')
    .action(async (id: string, names: string[]) => {
      out(describe((await call('nbgroups.facilitator', { group: id, pseudonyms: names })) as ThemeGroup));
    });

  group
    .command('elaborate')
    .description("publish a group's elaborated version of a proposal; its followers are told")
    .argument('<proposal>', 'proposal number')
    .requiredOption('--text <text>', 'the elaborated text')
    .action(async (proposal: string, opts: { text: string }) => {
      const r = (await call('nbgroups.elaborate', { proposal, text: opts.text })) as { proposal: string; group: string; notified: number };
      out(`published the elaborated version of ${r.proposal} (${r.group}); ${r.notified} notices queued`);
    });

  root
    .command('answer')
    .description("record the public authorities' official answer to a proposal (dialogue phase)")
    .argument('<proposal>', 'proposal number')
    .addOption(new Option('--kind <kind>', 'the answer').choices(['accepted', 'study', 'not-retained']).makeOptionMandatory())
    .requiredOption('--text <text>', 'the answer text')
    .option('--authority <name>', 'which authority answered')
    .option('--json', 'print the result as JSON')
    .action(async (proposal: string, opts: { kind: string; text: string; authority?: string; json?: boolean }) => {
      const r = (await call('nbgroups.answer', { proposal, kind: opts.kind, text: opts.text, authority: opts.authority })) as { proposal: string; notified: number };
      out(opts.json ? JSON.stringify(r) : `answered ${r.proposal} (${opts.kind}); ${r.notified} notices queued`);
    });

  root
    .command('report')
    .description("the seminar's dossier of a call: proposals by theme with supports, merged duplicates, groups, answers")
    .requiredOption('--call <call>', 'the call')
    .addOption(new Option('--format <format>', 'output format').choices(['md']).default('md'))
    .option('--lang <code>', 'language of the dossier (default: the bot language)')
    .option('-o, --out <file>', 'file to write (default: stdout)')
    .action(async (opts: { call: string; lang?: string; out?: string }) => {
      const { markdown } = (await call('nbgroups.report', { call: opts.call, lang: opts.lang })) as { markdown: string };
      if (opts.out) {
        writeFileSync(opts.out, markdown);
        out(opts.out);
      } else process.stdout.write(markdown);
    });
}
