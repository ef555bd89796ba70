/** Commands the CLI sends to the running bot (or runs in-process when none runs): groups, answers, the dossier. */
import { every, UserError, type ControlHandler } from '../../../src/engine/index.ts';
import { nowbeallRecords } from '../records.ts';
import { addFacilitators, createGroup, publishElaborated, recordAnswer } from './ops.ts';
import { answerKind, deadline, groupId, proposalId, proposalList, pseudonyms } from './parse.ts';
import { seminarReport } from './report.ts';

/** Who the records name for an act done at the command line (a manager at the server, no chat pseudonym). */
export const CLI_ACTOR = 'cli';

/** Refusals reach the command line as one sentence in the bot's default language. */
function translated(handler: ControlHandler): ControlHandler {
  return async (services, args, progress) => {
    try {
      return await handler(services, args, progress);
    } catch (e) {
      if (e instanceof UserError) throw new Error(services.i18n.translator(services.config.lang)(e.key, e.params));
      throw e;
    }
  };
}

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

const handlers: Record<string, ControlHandler> = {
  async 'nbgroups.create'(services, args) {
    const facilitators = args.facilitator === undefined ? [] : pseudonyms(args.facilitator);
    const due = args.deadline === undefined ? undefined : deadline(args.deadline, services.config.tz, services.now());
    return createGroup(
      services,
      { call: String(args.call ?? ''), theme: String(args.theme ?? ''), proposals: proposalList(args.proposals), title: text(args.title), facilitators, ...(due ? { deadline: due } : {}) },
      CLI_ACTOR,
    );
  },
  async 'nbgroups.list'(services, args) {
    const r = nowbeallRecords(services.store);
    const call = text(args.call);
    const groups = await every(r.groups, call ? { where: { call } } : {});
    const out = [];
    for (const g of groups.sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)))) out.push({ ...g, members: await r.members.count({ group: g.id }), elaborated: await r.elaborated.count({ group: g.id }) });
    return out;
  },
  async 'nbgroups.facilitator'(services, args) {
    return addFacilitators(services, groupId(args.group), pseudonyms(args.pseudonyms));
  },
  async 'nbgroups.elaborate'(services, args) {
    const r = await publishElaborated(services, proposalId(args.proposal), String(args.text ?? ''), { pseudonym: CLI_ACTOR, isManager: true });
    return { proposal: r.elaborated.id, group: r.elaborated.group, notified: r.notified };
  },
  async 'nbgroups.answer'(services, args) {
    const r = await recordAnswer(services, { proposal: proposalId(args.proposal), kind: answerKind(args.kind), text: String(args.text ?? ''), authority: text(args.authority) }, CLI_ACTOR);
    return { proposal: r.proposal.id, status: r.proposal.status, answer: r.proposal.answer, notified: r.notified };
  },
  async 'nbgroups.report'(services, args) {
    return { markdown: await seminarReport(services, String(args.call ?? ''), text(args.lang), services.now()) };
  },
};

export const control: Record<string, ControlHandler> = Object.fromEntries(Object.entries(handlers).map(([k, h]) => [k, translated(h)]));
