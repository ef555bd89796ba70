/**
 * NOW-BE-ALL on the person's home screen (Slack's App Home): their proposals, newest first, each
 * with its status, and buttons to write a new one or open the list where they can change or
 * withdraw them; nothing for someone without proposals while no call collects. Read-only.
 */
import { every, type HomeSection } from '../../../src/engine/index.ts';
import { nowbeallRecords } from '../records.ts';
import type { NowbeallContext as Ctx } from './actions.ts';
import { collectingCalls } from './calls.ts';
import { mineLine } from './format.ts';

/** Proposals listed at most; "My proposals" has them all. */
const SHOWN = 5;

export async function proposeHome(ctx: Ctx): Promise<HomeSection[]> {
  const t = ctx.t;
  const buttons = [ctx.button(t('nowbeall:menu.new'), 'new')];
  const mine = ctx.person.pseudonym ? await every(nowbeallRecords(ctx.services.store).proposals, { where: { author: ctx.person.pseudonym } }) : [];
  if (mine.length === 0) {
    // Nothing of NOW-BE-ALL on the home screen of someone with no proposal while no call collects.
    if ((await collectingCalls(ctx.services.store)).length === 0) return [];
    return [{ text: [t('nowbeall:title'), t('nowbeall:mine.none')].join('\n'), buttons }];
  }
  mine.sort((a, b) => Number(b.id) - Number(a.id));
  const lines = [t('nowbeall:title'), t('nowbeall:mine.title'), ...mine.slice(0, SHOWN).map((p) => mineLine(t, p))];
  if (mine.length > SHOWN) lines.push(t('nowbeall:mine.more', { count: mine.length - SHOWN }));
  return [{ text: lines.join('\n'), buttons: [...buttons, ctx.button(t('nowbeall:menu.mine'), 'mine')] }];
}
