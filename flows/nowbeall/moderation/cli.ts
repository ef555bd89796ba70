/**
 * `together nowbeall moderate queue|approve|reject|merge|restore|log|moderators`. Every command
 * goes through the running bot's control socket (or runs in-process when no bot runs), so only
 * one process writes the data folder and the notices go out from the bot.
 *
 * @example
 * together nowbeall moderate reject 12 --reason duplicate --text "see #8"
 * together nowbeall moderate moderators add p-3f2a9c1e-77b0
 */
import type { Command } from 'commander';
import { readSettings, runControl, type Flow } from '../../../src/engine/index.ts';
import { nowbeallCommand } from '../cli-root.ts';
import type { ModerationEntry, Moderator, Proposal } from '../types.ts';
import { REASONS } from './ops.ts';

const out = (text: string): void => void process.stdout.write(`${text}\n`);
const describe = (p: Proposal) => `#${p.id} [${p.status}] ${p.call}/${p.theme} · ${p.supports} supports · ${p.reports} reports — ${p.title}`;

export function moderationCli(program: Command, flows: Flow[]): void {
  const call = (command: string, args: Record<string, unknown> = {}) => runControl(flows, readSettings(), command, args);
  const moderate = nowbeallCommand(program).command('moderate').description('the moderation queue: approve, reject, merge, restore, the log, moderators');
  const json = (cmd: Command) => cmd.option('--json', 'print the result as JSON');

  json(moderate.command('queue').description('pending proposals, then those hidden by reports').option('--limit <n>', 'at most this many of each', '20')).action(async (opts: { json?: boolean; limit: string }) => {
    const q = (await call('nowbeall.moderate.queue', { limit: Number(opts.limit) })) as { pending: Proposal[]; hidden: Proposal[]; counts: { pending: number; hidden: number } };
    if (opts.json) return out(JSON.stringify(q, null, 2));
    out([`pending ${q.counts.pending} · hidden ${q.counts.hidden}`, ...q.pending.map(describe), ...q.hidden.map(describe)].join('\n'));
  });
  json(moderate.command('approve').description('publish a pending proposal; its author is told').argument('<n>', 'proposal number')).action(async (id: string, opts: { json?: boolean }) => {
    const p = (await call('nowbeall.moderate.approve', { id })) as Proposal;
    out(opts.json ? JSON.stringify(p) : `approved ${describe(p)}`);
  });
  json(
    moderate
      .command('reject')
      .description('reject a proposal with a reason; its author and supporters are told')
      .argument('<n>', 'proposal number')
      .requiredOption('--reason <reason>', `one of ${REASONS.join(', ')}`)
      .option('--text <text>', 'a note for the author (at most 500 characters)'),
  ).action(async (id: string, opts: { reason: string; text?: string; json?: boolean }) => {
    const p = (await call('nowbeall.moderate.reject', { id, reason: opts.reason, text: opts.text })) as Proposal;
    out(opts.json ? JSON.stringify(p) : `rejected ${describe(p)}`);
  });
  json(moderate.command('merge').description('merge a duplicate into another proposal (supports move over, both authors told)').argument('<n>', 'the duplicate').argument('<into>', 'the proposal it goes into')).action(
    async (id: string, into: string, opts: { json?: boolean }) => {
      const r = (await call('nowbeall.moderate.merge', { id, into })) as { from: Proposal; into: Proposal };
      out(opts.json ? JSON.stringify(r) : `merged #${r.from.id} into ${describe(r.into)}`);
    },
  );
  json(moderate.command('restore').description('show again a proposal hidden by reports (the reports are dismissed)').argument('<n>', 'proposal number')).action(async (id: string, opts: { json?: boolean }) => {
    const p = (await call('nowbeall.moderate.restore', { id })) as Proposal;
    out(opts.json ? JSON.stringify(p) : `restored ${describe(p)}`);
  });
  json(moderate.command('log').description('every moderation act on a proposal: who, when, what').argument('<n>', 'proposal number')).action(async (id: string, opts: { json?: boolean }) => {
    const entries = (await call('nowbeall.moderate.log', { id })) as ModerationEntry[];
    if (opts.json) return out(JSON.stringify(entries, null, 2));
    out(entries.length ? entries.map((e) => `${e.at} ${e.act} by ${e.by || '(forgotten)'}${e.detail ? ` — ${e.detail}` : ''}`).join('\n') : 'no moderation act');
  });
  json(moderate.command('moderators').description('list, add or remove the people a manager named moderators').argument('[verb]', 'list, add or remove', 'list').argument('[pseudonym]', 'the person, by pseudonym (p-…)')).action(
    async (verb: string, pseudonym: string | undefined, opts: { json?: boolean }) => {
      if (verb === 'add' || verb === 'remove') {
        if (!pseudonym) throw new Error(`Which person? together nowbeall moderate moderators ${verb} <pseudonym>`);
        const r = (await call(`nowbeall.moderators.${verb}`, { pseudonym })) as { added?: boolean; removed?: boolean };
        return out(opts.json ? JSON.stringify(r) : verb === 'add' ? (r.added ? `${pseudonym} is a moderator` : `${pseudonym} already was a moderator`) : r.removed ? `${pseudonym} is no longer a moderator` : `${pseudonym} was not a moderator`);
      }
      if (verb !== 'list') throw new Error(`Unknown verb ${verb}: list, add or remove`);
      const list = (await call('nowbeall.moderators.list')) as Moderator[];
      out(opts.json ? JSON.stringify(list, null, 2) : list.length ? list.map((m) => `${m.id} (named by ${m.by} on ${m.at.slice(0, 10)})`).join('\n') : 'no moderator named (managers moderate anyway)');
    },
  );
}
