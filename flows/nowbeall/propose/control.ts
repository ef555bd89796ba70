/** `together nowbeall call …` commands the CLI sends to the running bot (or runs in-process when none runs). */
import { UserError, type ControlHandler } from '../../../src/engine/index.ts';
import { callCounts, editCall, findCall, listCalls, openCall, setPhase, type CallInput } from './calls.ts';

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

/** The command line acts as the bot's operator: the call records that, not a person's pseudonym. */
const CLI = 'cli';

const handlers: Record<string, ControlHandler> = {
  'nowbeall.call.open': async (services, args) => openCall(services, args as CallInput, CLI),
  'nowbeall.call.edit': async (services, args) => editCall(services, String(args.id ?? ''), args as CallInput),
  'nowbeall.call.phase': async (services, args) => setPhase(services, String(args.id ?? ''), String(args.phase ?? ''), CLI, args.force === true),
  'nowbeall.call.list': async (services) => {
    const out = [];
    for (const call of await listCalls(services.store)) out.push({ ...call, counts: await callCounts(services.store, call.id) });
    return out;
  },
  'nowbeall.call.show': async (services, args) => {
    const call = await findCall(services.store, String(args.id ?? ''));
    return { ...call, counts: await callCounts(services.store, call.id) };
  },
};

export const callControl: Record<string, ControlHandler> = Object.fromEntries(Object.entries(handlers).map(([k, h]) => [k, translated(h)]));
