/** `/caravan [subcommand]`: the citizen's menu and, for managers, the stop management commands. */
import { qrPng } from './qr.ts';
import type { Turn } from '../../src/engine/index.ts';
import { rsvpCounts, subscriberCount } from './audience.ts';
import { center } from './broadcasts.ts';
import { UserError } from '../../src/engine/index.ts';
import { caravanOf, countsText, line, when } from './format.ts';
import { linksFor, requireTarget } from './links.ts';
import { announceId, cancelStopNow, findStop, planAnnouncement } from './ops.ts';
import { allStops, upcomingStops } from './stops.ts';
import { join, list, menu, unsubscribe } from './citizen.ts';
import { beginAdd, beginEdit } from './wizard.ts';
import { announceFromChat } from './wizard-save.ts';
import { requesterOf } from './requesters.ts';

type Handler = (turn: Turn, args: string) => void | Promise<void>;

const citizen: Record<string, Handler> = {
  list: (turn) => list(turn),
  join: (turn, args) => join(turn, args),
  stop: (turn) => unsubscribe(turn),
  leave: (turn) => unsubscribe(turn),
};

const manager: Record<string, Handler> = {
  add: (turn) => beginAdd(turn),
  async edit(turn, args) {
    const stop = await findStop(turn.services, args);
    if (stop.status === 'cancelled') throw new UserError('caravan:edit.cancelled', { town: stop.town });
    beginEdit(turn, stop);
  },
  async cancel(turn, args) {
    const stop = await findStop(turn.services, args);
    if (stop.status === 'cancelled') throw new UserError('caravan:cancel.already', { town: stop.town });
    // The confirmation must come from this prompt: keep the document (and its button counter) even for a first-time manager.
    caravanOf(turn.user);
    turn.say(turn.t('caravan:cancel.confirm', { town: stop.town, when: when(stop, turn.lang) }), [
      { label: turn.t('caravan:cancel.yes'), value: `#cvcxl:${stop.id}` },
      { label: turn.t('caravan:cancel.no'), value: '#cvkeep' },
    ], 1);
  },
  async announce(turn, args) {
    const [id = '', ...at] = args.split(/\s+/);
    if (at.length === 0) return announceFromChat(turn, id);
    const stop = await findStop(turn.services, id);
    const planned = await planAnnouncement(turn.services, stop, at.join(' '), requesterOf(turn));
    turn.say(turn.t('caravan:announce.scheduled', { town: stop.town, when: when({ date: planned.toISODate()!, time: planned.toFormat('HH:mm'), tz: stop.tz }, turn.lang) }));
  },
  async stats(turn, args) {
    const { store } = turn.services;
    if (!args) {
      const stops = await upcomingStops(store, turn.now);
      const lines = [turn.t('caravan:stats.title', { subscribers: await subscriberCount(store) })];
      for (const s of stops) lines.push(`${line(s, turn.lang)}\n   ${countsText(turn.t, await rsvpCounts(store, s.id))}`);
      if (stops.length === 0) lines.push(turn.t('caravan:list.none'));
      turn.say(lines.join('\n'));
      return;
    }
    const stop = await findStop(turn.services, args);
    const lines = [line(stop, turn.lang), countsText(turn.t, await rsvpCounts(store, stop.id))];
    const report = await center(turn.services).report(announceId(stop.id));
    if (report) lines.push(turn.t('caravan:stats.announce', { ...report.counts }));
    else lines.push(turn.t('caravan:stats.notAnnounced'));
    turn.say(lines.join('\n'));
  },
  async all(turn) {
    const stops = await allStops(turn.services.store);
    turn.say(stops.length ? stops.map((s) => `${line(s, turn.lang)}${s.status === 'cancelled' ? ` ✖` : ''}`).join('\n') : turn.t('caravan:list.none'));
  },
  async link(turn, args) {
    const links = linksFor(turn.services, await requireTarget(turn.services, args));
    turn.say([links.telegram, links.spiral, links.command].filter(Boolean).join('\n'));
  },
  async qr(turn, args) {
    const links = linksFor(turn.services, await requireTarget(turn.services, args));
    if (!links.telegram) throw new UserError('caravan:qr.noBotName');
    turn.image(await qrPng(links.telegram, 512), `caravan-${links.target}.png`, links.telegram);
  },
};

/** Refuses a manager command to anyone else, and logs the attempt under the person's pseudonym. */
function refuse(turn: Turn, sub: string): void {
  turn.services.log.warn({ pseudonym: turn.user.pseudonym, command: `caravan ${sub}` }, 'caravan: manager command refused to a non-manager');
  turn.say(turn.t('caravan:manager.refused'));
}

export async function caravanCommand(turn: Turn, args: string): Promise<void> {
  const [first = '', ...rest] = args.trim().split(/\s+/);
  const sub = first.toLowerCase();
  const restText = rest.join(' ');
  try {
    if (!sub) return await menu(turn);
    const own = citizen[sub];
    if (own) return await own(turn, restText);
    const managed = manager[sub];
    if (managed) {
      if (!turn.isManager) return refuse(turn, sub);
      if (['edit', 'cancel', 'announce', 'link', 'qr'].includes(sub) && !restText) {
        turn.say(turn.t('caravan:manager.needsStop', { command: `/caravan ${sub}` }));
        return;
      }
      return await managed(turn, restText);
    }
    // `/caravan Romania` or `/caravan iasi-260512`: a shortcut for join.
    return await join(turn, args);
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    turn.say(turn.t(e.key, e.params));
  }
}

/** The manager's "yes, cancel the stop" button; only the latest prompt's button counts. */
export async function confirmCancel(turn: Turn, stopId: string, fresh: boolean): Promise<void> {
  if (!turn.isManager) return refuse(turn, 'cancel');
  if (!fresh) {
    turn.say(turn.t('caravan:cancel.expired'));
    return;
  }
  try {
    const { stop, notified } = await cancelStopNow(turn.services, stopId);
    turn.say(turn.t('caravan:cancel.done', { town: stop.town, notified }));
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    turn.say(turn.t(e.key, e.params));
  }
}
