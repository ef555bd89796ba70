/** The plan's part of the home screen (Slack's App Home): status and the next followed events. Read-only. */
import type { HomeSection } from '../../../src/engine/index.ts';
import { titleOf, whenText } from '../reminders/format.ts';
import { act, type PlanContext } from './act.ts';
import { followsText, statusText } from './menu.ts';
import { getMember } from './store.ts';
import { followedEvents } from './upcoming.ts';

const ON_HOME = 3;

export async function planHome(ctx: PlanContext): Promise<HomeSection[]> {
  const t = ctx.t;
  const member = await getMember(ctx.services, ctx.person.key);
  // The plan is for the network's members: citizens who never joined see nothing of it.
  if (!member) return [];
  const lines = [t('plan:home.title'), t('plan:menu.follows', { what: await followsText(ctx, member) }), statusText(ctx, member)];
  const events = await followedEvents(ctx, member, ON_HOME);
  for (const e of events) lines.push(`• ${titleOf(e, ctx.lang)} — ${whenText(e, ctx.lang, member.tz)}`);
  if (events.length === 0) lines.push(t('plan:upcoming.none'));
  return [{ text: lines.join('\n'), buttons: [act(t('plan:button.menu'), 'm', 'menu'), act(t('plan:button.upcoming'), 'm', 'upcoming')] }];
}
