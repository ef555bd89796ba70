/** `together nowbeall moderate …` as the running bot runs it (or in-process when none runs). */
import { every, UserError, type ControlHandler, type Services } from '../../../src/engine/index.ts';
import { addModerator, approve, merge, parseNumber, queue, records, reject, removeModerator, requireProposal, restore, type Actor } from './ops.ts';

/** The command line is a manager's: the acts it takes are logged as `cli`. */
const CLI: Actor = { pseudonym: 'cli', isManager: true };

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

const num = (value: unknown): string => {
  const id = parseNumber(String(value ?? ''));
  if (!id) throw new UserError('nowbeall-mod:error.number', { text: String(value ?? '').slice(0, 20) });
  return id;
};

const handlers: Record<string, ControlHandler> = {
  'nowbeall.moderate.queue': async (services: Services, args) => queue(services, Math.min(Math.max(Number(args.limit) || 20, 1), 200)),
  'nowbeall.moderate.approve': async (services, args) => approve(services, CLI, num(args.id)),
  'nowbeall.moderate.reject': async (services, args) => reject(services, CLI, num(args.id), String(args.reason ?? ''), typeof args.text === 'string' ? args.text : undefined),
  'nowbeall.moderate.merge': async (services, args) => merge(services, CLI, num(args.id), num(args.into)),
  'nowbeall.moderate.restore': async (services, args) => restore(services, CLI, num(args.id)),
  async 'nowbeall.moderate.log'(services, args) {
    const id = num(args.id);
    await requireProposal(services, id);
    return (await every(records(services).log, { where: { proposal: id } })).sort((a, b) => a.id.localeCompare(b.id));
  },
  'nowbeall.moderators.list': async (services) => every(records(services).moderators),
  'nowbeall.moderators.add': async (services, args) => ({ added: await addModerator(services, CLI, String(args.pseudonym ?? '')) }),
  'nowbeall.moderators.remove': async (services, args) => ({ removed: await removeModerator(services, CLI, String(args.pseudonym ?? '')) }),
};

export const control: Record<string, ControlHandler> = Object.fromEntries(Object.entries(handlers).map(([k, h]) => [k, translated(h)]));
