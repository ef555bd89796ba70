import type { Choice } from '../../src/core/types.ts';
import type { SpiralContext } from './nav.ts';
import { actionValue } from './actions.ts';
import { listCriteria, classifyCommand, reviewNext } from './criteria.ts';
import { enter, enterByCode } from './enter.ts';
import { exportCommand } from './export.ts';
import { closeGroup, cycleCommand, facilitatorCommand, limitCommand, listGroups, redeemInvitation, toggleFuture } from './facilitator.ts';
import { looksLikeCode, parseGroupCode, parseInvitationCode } from './groups.ts';
import { notePerson } from './people.ts';
import { spiralRecords } from './records.ts';
import { groupTitle } from './labels.ts';
import { GROUP_LINK_PREFIX, INVITATION_LINK_PREFIX } from './links.ts';
import { spiralData } from './participant.ts';
import { resultsCommand } from './results.ts';
import { isFacilitator } from './roles.ts';
import { startAlone } from './steps/alone.ts';
import { startCreate } from './steps/create.ts';

/** `/spiral`: the person's groups with a button each, answering alone, and how to join. */
async function overview(ctx: SpiralContext): Promise<void> {
  const t = ctx.t;
  const r = await spiralRecords(ctx.services.store);
  const data = spiralData(ctx);
  const lines = [t('spiral:overview.title')];
  const choices: Choice[] = [];
  const groups = new Map((await r.groups.getMany(Object.keys(data.groups))).map((g) => [g.code, g]));
  for (const p of Object.values(data.groups)) {
    const g = groups.get(p.group);
    if (!g) continue;
    const title = groupTitle(t, g);
    lines.push(t(p.finishedAt ? 'spiral:overview.finished' : 'spiral:overview.open', { group: title, code: g.code, ideas: p.criteria.length }));
    choices.push({ label: `${[...title].length > 30 ? `${[...title].slice(0, 29).join('')}…` : title} (${g.code})`, value: actionValue('sgo', g.code) });
  }
  if (choices.length === 0) lines.push(t('spiral:overview.none'));
  lines.push('', t('spiral:overview.join'));
  if (await isFacilitator(r, ctx)) lines.push('', t('spiral:overview.facilitator'));
  choices.push({ label: t('spiral:overview.alone'), value: actionValue('salone') });
  // No re-prompt here: the buttons of this list are the way on, the current group included.
  ctx.say(lines.join('\n'), choices, 1);
}

function help(ctx: SpiralContext, facilitator: boolean): void {
  const t = ctx.t;
  ctx.say([t('spiral:help.citizen'), ...(facilitator || ctx.isManager ? ['', t('spiral:help.facilitator')] : []), ...(ctx.isManager ? ['', t('spiral:help.manager')] : [])].join('\n'));
}

async function nudges(ctx: SpiralContext, arg: string | undefined): Promise<void> {
  const want = arg?.toLowerCase();
  if (want !== 'on' && want !== 'off') {
    ctx.say(ctx.t('spiral:nudge.usage'));
    return;
  }
  spiralData(ctx).nudges = want === 'on';
  ctx.say(ctx.t(want === 'on' ? 'spiral:nudge.on' : 'spiral:nudge.off'));
  ctx.reprompt();
}

/** `/spiral [sub-command | group code | invitation code] …` */
export async function spiralCommand(ctx: SpiralContext, args: string): Promise<void> {
  await notePerson(ctx.services.store, ctx.person);
  const [first = '', ...rest] = args.split(/\s+/).filter(Boolean);
  switch (first.toLowerCase()) {
    case '':
      return overview(ctx);
    case 'new':
      return startCreate(ctx);
    case 'alone':
      return startAlone(ctx, rest.join(' '));
    case 'groups':
      return listGroups(ctx);
    case 'criteria':
      return listCriteria(ctx, rest[0]);
    case 'classify':
      return classifyCommand(ctx, rest);
    case 'review':
      return reviewNext(ctx, rest[0] ?? '');
    case 'results':
    case 'stats':
      return resultsCommand(ctx, rest[0]);
    case 'export':
      return exportCommand(ctx, rest);
    case 'close':
      return closeGroup(ctx, rest[0]);
    case 'future':
      return toggleFuture(ctx, rest);
    case 'limit':
      return limitCommand(ctx, rest);
    case 'cycle':
      return cycleCommand(ctx, rest);
    case 'facilitator':
      return facilitatorCommand(ctx, rest);
    case 'nudges':
    case 'reminders':
      return nudges(ctx, rest[0]);
    case 'help':
      return help(ctx, await isFacilitator(await spiralRecords(ctx.services.store), ctx));
  }
  const invitation = parseInvitationCode(first);
  if (invitation) return redeemInvitation(ctx, invitation);
  const code = parseGroupCode(args);
  if (code) return enterByCode(ctx, code);
  if (looksLikeCode(first) && rest.length === 0) {
    ctx.say(ctx.t('spiral:join.unknown', { code: first.slice(0, 20) }));
    return;
  }
  ctx.say(ctx.t('spiral:unknownSubcommand', { text: first.slice(0, 30) }));
}

/** The `sgo` button (`#spiral.sgo:CODE`) of /spiral: back into one of the person's groups. */
export async function goToGroup(ctx: SpiralContext, code: string): Promise<void> {
  const group = await (await spiralRecords(ctx.services.store)).groups.get(code);
  if (!group) {
    ctx.say(ctx.t('spiral:join.unknown', { code }));
    return;
  }
  if (!spiralData(ctx).groups[code]) return enterByCode(ctx, code);
  await enter(ctx, group);
}

/** `/start g_CODE` and `/start f_CODE`. */
export async function joinLink(ctx: SpiralContext, rest: string): Promise<void> {
  await notePerson(ctx.services.store, ctx.person);
  await enterByCode(ctx, parseGroupCode(rest) ?? rest.slice(0, 20));
}
export async function invitationLink(ctx: SpiralContext, rest: string): Promise<void> {
  await notePerson(ctx.services.store, ctx.person);
  await redeemInvitation(ctx, parseInvitationCode(rest) ?? '');
}

/**
 * `/spiral CODE` (or an invitation code) sent in a group chat: the payload of the link that opens
 * the same thing in the private chat, where the questionnaire runs.
 */
export function spiralGroupLink(command: string, args: string): string | undefined {
  if (command !== 'spiral') return undefined;
  const invitation = parseInvitationCode(args);
  if (invitation) return `${INVITATION_LINK_PREFIX}${invitation}`;
  const code = parseGroupCode(args);
  return code ? `${GROUP_LINK_PREFIX}${code}` : undefined;
}
