/** The wizard's last steps: save the stop, then announce now, plan the announcement, or finish. */
import type { Context, Decision, StepContext } from '../../src/engine/index.ts';
import { end, goto, UserError } from '../../src/engine/index.ts';
import type { CaravanAction } from './act.ts';
import { when } from './format.ts';
import { linksFor } from './links.ts';
import { announce, createStop, findStop, planAnnouncement, updateStop } from './ops.ts';
import type { CaravanData } from './types.ts';
import type { WizardInput, WizardState, WizardStepId } from './wizard.ts';

type Ctx = StepContext<WizardState, CaravanData, CaravanAction, WizardInput>;
type D = Decision<WizardStepId, void>;

/** The manager as a requester of a later report: their key (touching `data` keeps their document, so the report finds their private chat). */
export function requester(ctx: Context<CaravanData, CaravanAction, WizardInput>): string {
  void ctx.data;
  return ctx.person.key;
}

/** Starts the announcement and tells the manager; the final report follows when it is done. */
export async function announceFromChat(ctx: Context<CaravanData, CaravanAction, WizardInput>, stopId: string): Promise<void> {
  const a = await announce(ctx.services, stopId, { reportTo: requester(ctx) });
  const places = a.places > 0 ? ctx.t('caravan:announce.placesStarted', { count: a.places }) : '';
  if (a.added === 0 && places) return ctx.say(places);
  const key = a.added > 0 ? 'caravan:announce.started' : a.total > 0 ? 'caravan:announce.nobodyNew' : 'caravan:announce.nobody';
  ctx.say([ctx.t(key, { town: a.stop.town, count: a.added, total: a.total }), places].filter(Boolean).join('\n'));
}

/** A refused save; the same stop twice is usually a slip, so the review then offers to save it anyway. */
function markDuplicate(ctx: Ctx, e: unknown): never {
  if (e instanceof UserError && e.key === 'caravan:invalid.duplicate') ctx.state.duplicate = true;
  throw e;
}

/** The review's "save" buttons. A refusal (UserError) is the engine's localized re-ask of the review. */
export async function afterSave(ctx: Ctx, action: 'save' | 'announce' | 'later', force = false): Promise<D> {
  const v = ctx.state;
  const t = ctx.t;
  if (v.mode === 'edit' && v.stopId) {
    const { stop, changed, notified } = await updateStop(ctx.services, v.stopId, { ...v.draft, force }).catch((e: unknown) => markDuplicate(ctx, e));
    const fields = changed.map((f) => t(`caravan:field.${f}`)).join(', ');
    ctx.say(changed.length ? t('caravan:wizard.updated', { town: stop.town, fields, notified }) : t('caravan:wizard.unchanged'));
    return end();
  }
  const stop = await createStop(ctx.services, { ...v.draft, force }).catch((e: unknown) => markDuplicate(ctx, e));
  v.stopId = stop.id;
  const links = linksFor(ctx.services, { kind: 'stop', stop, region: stop.country.toLowerCase() });
  ctx.say(t('caravan:wizard.saved', { town: stop.town, id: stop.id, link: links.telegram ?? links.command }));
  if (action === 'announce') {
    await announceFromChat(ctx, stop.id);
    return end();
  }
  return action === 'later' ? goto('announceAt') : end();
}

/** The wizard's "announce at a time" step. */
export async function scheduleAnnouncement(ctx: Ctx, text: string): Promise<D> {
  const stop = await findStop(ctx.services, ctx.state.stopId ?? '');
  const at = await planAnnouncement(ctx.services, stop, text, requester(ctx));
  ctx.say(ctx.t('caravan:announce.scheduled', { town: stop.town, when: when({ date: at.toISODate()!, time: at.toFormat('HH:mm'), tz: stop.tz }, ctx.lang) }));
  return end();
}
