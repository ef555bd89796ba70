import type { Next, Turn } from '../../src/engine/index.ts';
import { end, goto, invalid } from '../../src/engine/index.ts';
import { UserError } from '../../src/engine/index.ts';
import { when } from './format.ts';
import { linksFor } from './links.ts';
import { announce, createStop, findStop, planAnnouncement, updateStop } from './ops.ts';
import type { WizardVars } from './wizard.ts';
import { requesterOf } from './requesters.ts';

const varsOf = (turn: Turn) => turn.user.session!.vars as unknown as WizardVars;

function refused(turn: Turn, e: unknown): Next {
  if (!(e instanceof UserError)) throw e;
  // The same stop twice is usually a slip; the review then offers to save it anyway.
  if (e.key === 'caravan:invalid.duplicate') varsOf(turn).duplicate = true;
  return invalid(turn.t(e.key, e.params));
}

/** Starts the announcement and tells the manager; the final report follows when it is done. */
export async function announceFromChat(turn: Turn, stopId: string): Promise<void> {
  const a = await announce(turn.services, stopId, { reportTo: requesterOf(turn) });
  const key = a.added > 0 ? 'caravan:announce.started' : a.total > 0 ? 'caravan:announce.nobodyNew' : 'caravan:announce.nobody';
  turn.say(turn.t(key, { town: a.stop.town, count: a.added, total: a.total }));
}

/** The review's "save" buttons: save the stop, then announce now, plan the announcement, or finish. */
export async function afterSave(turn: Turn, action: 'save' | 'announce' | 'later', force = false): Promise<Next> {
  const v = varsOf(turn);
  const t = turn.t;
  try {
    if (v.mode === 'edit') {
      const { stop, changed, notified } = await updateStop(turn.services, v.stopId!, { ...v.draft, force });
      const fields = changed.map((f) => t(`caravan:field.${f}`)).join(', ');
      turn.say(changed.length ? t('caravan:wizard.updated', { town: stop.town, fields, notified }) : t('caravan:wizard.unchanged'));
      return end();
    }
    const stop = await createStop(turn.services, { ...v.draft, force });
    v.stopId = stop.id;
    const links = linksFor(turn.services, { kind: 'stop', stop, region: stop.country.toLowerCase() });
    turn.say(t('caravan:wizard.saved', { town: stop.town, id: stop.id, link: links.telegram ?? links.command }));
    if (action === 'announce') {
      await announceFromChat(turn, stop.id);
      return end();
    }
    return action === 'later' ? goto('announceAt') : end();
  } catch (e) {
    return refused(turn, e);
  }
}

/** The wizard's "announce at a time" step. */
export async function scheduleAnnouncement(turn: Turn, text: string): Promise<Next> {
  try {
    const stop = await findStop(turn.services, varsOf(turn).stopId ?? '');
    const at = await planAnnouncement(turn.services, stop, text, requesterOf(turn));
    turn.say(turn.t('caravan:announce.scheduled', { town: stop.town, when: when({ date: at.toISODate()!, time: at.toFormat('HH:mm'), tz: stop.tz }, turn.lang) }));
    return end();
  } catch (e) {
    return refused(turn, e);
  }
}
