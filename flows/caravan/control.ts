/** Commands the CLI sends to the running bot (or runs in-process when none runs). */
import type { ControlHandler, Services } from '../../src/engine/index.ts';
import { rsvpCounts } from './audience.ts';
import { center } from './broadcasts.ts';
import { stopIcs } from './calendar.ts';
import { UserError } from '../../src/engine/index.ts';
import { checkBotName } from './fields.ts';
import { linksFor, requireTarget } from './links.ts';
import { announce, cancelStopNow, createStop, findStop, updateStop } from './ops.ts';
import { allStops, isPast } from './stops.ts';
import { allPlaces, removePlace } from './places.ts';
import type { Stop } from './types.ts';

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

const idOf = (args: Record<string, unknown>) => String(args.id ?? '').trim();

async function withCounts(services: Services, stops: Stop[]) {
  const out = [];
  for (const s of stops) out.push({ ...s, past: isPast(s, services.now()), counts: await rsvpCounts(services.store, s.id) });
  return out;
}

const handlers: Record<string, ControlHandler> = {
  'caravan.add': async (services, args) => createStop(services, args),
  'caravan.edit': async (services, args) => updateStop(services, idOf(args), args),
  'caravan.cancel': async (services, args) => cancelStopNow(services, idOf(args)),
  async 'caravan.list'(services, args) {
    const stops = await allStops(services.store);
    const shown = args.all ? stops : stops.filter((s) => s.status === 'scheduled' && !isPast(s, services.now()));
    return withCounts(services, shown);
  },
  async 'caravan.report'(services, args) {
    const stop = await findStop(services, idOf(args));
    const c = center(services);
    const broadcasts = [];
    for (const meta of await c.about(stop.id)) {
      const report = await c.report(meta.id);
      broadcasts.push({ id: meta.id, kind: meta.kind, status: report?.status ?? meta.status, counts: report?.counts ?? meta.counts, wakeAt: report?.wakeAt });
    }
    const [withC] = await withCounts(services, [stop]);
    return { stop: withC, broadcasts };
  },
  async 'caravan.announce'(services, args, progress) {
    const a = await announce(services, idOf(args), { onProgress: (counts) => progress(counts) });
    progress(await center(services).report(a.id).then((r) => r?.counts));
    const report = await a.done;
    return { stop: a.stop.id, town: a.stop.town, added: a.added, ...report };
  },
  'caravan.channels': async (services) => allPlaces(services.store),
  async 'caravan.channels.remove'(services, args) {
    const id = idOf(args);
    if (!(await removePlace(services.store, id))) throw new UserError('caravan:places.unknown', { id: id.slice(0, 80) });
    services.log.info({ place: id }, 'caravan: announcement place removed from the command line');
    return { removed: id };
  },
  async 'caravan.link'(services, args) {
    const bot = typeof args.bot === 'string' ? checkBotName(args.bot) : undefined;
    return linksFor(services, await requireTarget(services, String(args.target ?? '')), bot);
  },
  async 'caravan.ics'(services, args) {
    const stop = await findStop(services, idOf(args));
    const t = services.i18n.translator(services.config.lang);
    return { filename: `caravan-${stop.id}.ics`, content: stopIcs(stop, services.config.lang, t('caravan:calendar.title', { town: stop.town })) };
  },
};

export const control: Record<string, ControlHandler> = Object.fromEntries(Object.entries(handlers).map(([k, h]) => [k, translated(h)]));

