import type { Choice } from '../../src/core/types.ts';
import type { Turn } from '../../src/engine/index.ts';
import { actionValue } from './actions.ts';
import { listCriteria, classifyCommand, reviewNext } from './criteria.ts';
import { enter, enterByCode } from './enter.ts';
import { exportCommand } from './export.ts';
import { askerOf, closeGroup, cycleCommand, facilitatorCommand, limitCommand, listGroups, redeemInvitation, toggleFuture } from './facilitator.ts';
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
async function overview(turn: Turn): Promise<void> {
  const t = turn.t;
  const r = await spiralRecords(turn.services.store);
  const data = spiralData(turn);
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
  if (await isFacilitator(r, askerOf(turn))) lines.push('', t('spiral:overview.facilitator'));
  choices.push({ label: t('spiral:overview.alone'), value: actionValue('salone') });
  // No re-prompt here: the buttons of this list are the way on, the current group included.
  turn.say(lines.join('\n'), choices, 1);
}

function help(turn: Turn, facilitator: boolean): void {
  const t = turn.t;
  turn.say([t('spiral:help.citizen'), ...(facilitator || turn.isManager ? ['', t('spiral:help.facilitator')] : []), ...(turn.isManager ? ['', t('spiral:help.manager')] : [])].join('\n'));
}

async function nudges(turn: Turn, arg: string | undefined): Promise<void> {
  const want = arg?.toLowerCase();
  if (want !== 'on' && want !== 'off') {
    turn.say(turn.t('spiral:nudge.usage'));
    return;
  }
  spiralData(turn).nudges = want === 'on';
  turn.say(turn.t(want === 'on' ? 'spiral:nudge.on' : 'spiral:nudge.off'));
  turn.reprompt();
}

/** `/spiral [sub-command | group code | invitation code] …` */
export async function spiralCommand(turn: Turn, args: string): Promise<void> {
  await notePerson(turn.services.store, turn.user);
  const [first = '', ...rest] = args.split(/\s+/).filter(Boolean);
  switch (first.toLowerCase()) {
    case '':
      return overview(turn);
    case 'new':
      return startCreate(turn);
    case 'alone':
      return startAlone(turn, rest.join(' '));
    case 'groups':
      return listGroups(turn);
    case 'criteria':
      return listCriteria(turn, rest[0]);
    case 'classify':
      return classifyCommand(turn, rest);
    case 'review':
      return reviewNext(turn, rest[0] ?? '');
    case 'results':
    case 'stats':
      return resultsCommand(turn, rest[0]);
    case 'export':
      return exportCommand(turn, rest);
    case 'close':
      return closeGroup(turn, rest[0]);
    case 'future':
      return toggleFuture(turn, rest);
    case 'limit':
      return limitCommand(turn, rest);
    case 'cycle':
      return cycleCommand(turn, rest);
    case 'facilitator':
      return facilitatorCommand(turn, rest);
    case 'nudges':
    case 'reminders':
      return nudges(turn, rest[0]);
    case 'help':
      return help(turn, await isFacilitator(await spiralRecords(turn.services.store), askerOf(turn)));
  }
  const invitation = parseInvitationCode(first);
  if (invitation) return redeemInvitation(turn, invitation);
  const code = parseGroupCode(args);
  if (code) return enterByCode(turn, code);
  if (looksLikeCode(first) && rest.length === 0) {
    turn.say(turn.t('spiral:join.unknown', { code: first.slice(0, 20) }));
    return;
  }
  turn.say(turn.t('spiral:unknownSubcommand', { text: first.slice(0, 30) }));
}

/** The `sgo` button (`#spiral.sgo:CODE`) of /spiral: back into one of the person's groups. */
export async function goToGroup(turn: Turn, code: string): Promise<void> {
  const group = await (await spiralRecords(turn.services.store)).groups.get(code);
  if (!group) {
    turn.say(turn.t('spiral:join.unknown', { code }));
    return;
  }
  if (!spiralData(turn).groups[code]) return enterByCode(turn, code);
  await enter(turn, group);
}

/** `/start g_CODE` and `/start f_CODE`. */
export async function joinLink(turn: Turn, rest: string): Promise<void> {
  await notePerson(turn.services.store, turn.user);
  await enterByCode(turn, parseGroupCode(rest) ?? rest.slice(0, 20));
}
export async function invitationLink(turn: Turn, rest: string): Promise<void> {
  await notePerson(turn.services.store, turn.user);
  await redeemInvitation(turn, parseInvitationCode(rest) ?? '');
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
