/** `/caravan [subcommand]`: the citizen's menu and, for managers, the stop management commands. */
import { qrPng } from './qr.ts';
import { rsvpCounts, subscriberCount } from './audience.ts';
import { center } from './broadcasts.ts';
import { UserError } from '../../src/engine/index.ts';
import { countsText, line, when } from './format.ts';
import { linksFor, requireTarget } from './links.ts';
import { announceId, cancelStopNow, findStop, planAnnouncement } from './ops.ts';
import { allStops, upcomingStops } from './stops.ts';
import { join, list, menu, unsubscribe } from './citizen.ts';
import { announceFromChat, requester } from './wizard-save.ts';
import { act, type CaravanContext as Ctx } from './act.ts';
import { allPlaces, placeLines, removePlace } from './places.ts';

type Handler = (ctx: Ctx, args: string) => void | Promise<void>;

const citizen: Record<string, Handler> = {
  list: (ctx) => list(ctx),
  join: (ctx, args) => join(ctx, args),
  stop: (ctx) => unsubscribe(ctx),
  leave: (ctx) => unsubscribe(ctx),
};

const manager: Record<string, Handler> = {
  add: (ctx) => ctx.open({ mode: 'add' }),
  async edit(ctx, args) {
    const stop = await findStop(ctx.services, args);
    if (stop.status === 'cancelled') throw new UserError('caravan:edit.cancelled', { town: stop.town });
    // Editing starts at "which field?", the stop's fields in the draft.
    ctx.openAt('field', { mode: 'edit', stop });
  },
  async cancel(ctx, args) {
    const stop = await findStop(ctx.services, args);
    if (stop.status === 'cancelled') throw new UserError('caravan:cancel.already', { town: stop.town });
    // The confirmation must come from this prompt: keep the document (and its button counter) even for a first-time manager.
    void ctx.data;
    ctx.say(ctx.t('caravan:cancel.confirm', { town: stop.town, when: when(stop, ctx.lang) }), [
      act(ctx.t('caravan:cancel.yes'), 'cvcxl', stop.id),
      act(ctx.t('caravan:cancel.no'), 'cvkeep'),
    ], 1);
  },
  async announce(ctx, args) {
    const [id = '', ...at] = args.split(/\s+/);
    if (at.length === 0) return announceFromChat(ctx, id);
    const stop = await findStop(ctx.services, id);
    const planned = await planAnnouncement(ctx.services, stop, at.join(' '), requester(ctx));
    ctx.say(ctx.t('caravan:announce.scheduled', { town: stop.town, when: when({ date: planned.toISODate()!, time: planned.toFormat('HH:mm'), tz: stop.tz }, ctx.lang) }));
  },
  async stats(ctx, args) {
    const { store } = ctx.services;
    if (!args) {
      const stops = await upcomingStops(store, ctx.now);
      const lines = [ctx.t('caravan:stats.title', { subscribers: await subscriberCount(store) })];
      for (const s of stops) lines.push(`${line(s, ctx.lang)}\n   ${countsText(ctx.t, await rsvpCounts(store, s.id))}`);
      if (stops.length === 0) lines.push(ctx.t('caravan:list.none'));
      ctx.say(lines.join('\n'));
      return;
    }
    const stop = await findStop(ctx.services, args);
    const lines = [line(stop, ctx.lang), countsText(ctx.t, await rsvpCounts(store, stop.id))];
    const report = await center(ctx.services).report(announceId(stop.id));
    if (report) lines.push(ctx.t('caravan:stats.announce', { ...report.counts }));
    else lines.push(ctx.t('caravan:stats.notAnnounced'));
    ctx.say(lines.join('\n'));
  },
  async all(ctx) {
    const stops = await allStops(ctx.services.store);
    ctx.say(stops.length ? stops.map((s) => `${line(s, ctx.lang)}${s.status === 'cancelled' ? ` ✖` : ''}`).join('\n') : ctx.t('caravan:list.none'));
  },
  async link(ctx, args) {
    const links = linksFor(ctx.services, await requireTarget(ctx.services, args));
    ctx.say([links.telegram, links.spiral, links.command].filter(Boolean).join('\n'));
  },
  /** In the private chat: the places, or one removed by its id; "here" only means something in the chat itself. */
  async channel(ctx, args) {
    const [sub = '', id = ''] = args.trim().split(/\s+/);
    const { store } = ctx.services;
    if (sub.toLowerCase() === 'off' && id) {
      const removed = await removePlace(store, id);
      ctx.say(ctx.t(removed ? 'caravan:places.removedId' : 'caravan:places.unknown', { id: id.slice(0, 80) }));
      return;
    }
    if (sub.toLowerCase() === 'here' || sub.toLowerCase() === 'off') {
      ctx.say(ctx.t('caravan:places.inTheChat'));
      return;
    }
    ctx.say(placeLines(ctx, await allPlaces(store)));
  },
  async qr(ctx, args) {
    const links = linksFor(ctx.services, await requireTarget(ctx.services, args));
    if (!links.telegram) throw new UserError('caravan:qr.noBotName');
    ctx.image(await qrPng(links.telegram, 512), `caravan-${links.target}.png`, links.telegram);
  },
};

/** Refuses a manager command to anyone else, and logs the attempt under the person's pseudonym. */
function refuse(ctx: Ctx, sub: string): void {
  ctx.services.log.warn({ pseudonym: ctx.person.pseudonym, command: `caravan ${sub}` }, 'caravan: manager command refused to a non-manager');
  ctx.say(ctx.t('caravan:manager.refused'));
}

/** `/caravan …`. A refusal (UserError: unknown stop, cancelled stop…) is said by the engine. */
export async function caravanCommand(ctx: Ctx, args: string): Promise<void> {
  const [first = '', ...rest] = args.trim().split(/\s+/);
  const sub = first.toLowerCase();
  const restText = rest.join(' ');
  if (!sub) return menu(ctx);
  const own = citizen[sub];
  if (own) return own(ctx, restText);
  const managed = manager[sub];
  if (managed) {
    if (!ctx.isManager) return refuse(ctx, sub);
    if (['edit', 'cancel', 'announce', 'link', 'qr'].includes(sub) && !restText) {
      ctx.say(ctx.t('caravan:manager.needsStop', { command: `/caravan ${sub}` }));
      return;
    }
    return managed(ctx, restText);
  }
  // `/caravan Romania` or `/caravan iasi-260512`: a shortcut for join.
  return join(ctx, args);
}

/** The manager's "yes, cancel the stop" button; only the latest prompt's button counts. */
export async function confirmCancel(ctx: Ctx, stopId: string, fresh: boolean): Promise<void> {
  if (!ctx.isManager) return refuse(ctx, 'cancel');
  if (!fresh) {
    ctx.say(ctx.t('caravan:cancel.expired'));
    return;
  }
  const { stop, notified } = await cancelStopNow(ctx.services, stopId);
  ctx.say(ctx.t('caravan:cancel.done', { town: stop.town, notified }));
}
