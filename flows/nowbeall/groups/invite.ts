/**
 * The invitation to a new theme group, once per person (an author or supporter of several of
 * its proposals gets one), with a Join button: the status notices of notify.ts carry no button
 * of this flow. Sent through the same broadcast center as those notices, so it is durable,
 * held by the same quiet hours and skipped for people who turned NOW-BE-ALL messages off.
 */
import { randomBytes } from 'node:crypto';
import { broadcastCenter, every, type BroadcastCenter, type BroadcastKind, type Letter, type Services } from '../../../src/engine/index.ts';
import { NOTICE_WAKE_JOB, noticeQuietHours, noticesOff } from '../notify.ts';
import { nowbeallRecords } from '../records.ts';
import type { ThemeGroup } from '../types.ts';

export const INVITE_KIND = 'nbgroups.invite';

async function render(letter: Letter, payload: Record<string, unknown>): Promise<boolean> {
  if (noticesOff(letter.user.flows)) return false;
  const r = nowbeallRecords(letter.services.store);
  const group = await r.groups.get(String(payload.group ?? ''));
  // Joined meanwhile (from a status notice or /nbgroup): nothing to invite to.
  if (!group || (await r.members.get(`${group.id}:${letter.user.pseudonym}`))) return false;
  // The engine's action value (`#flow.action:arg`), as a letter has no flow context to make it.
  const join = { label: letter.t('nowbeall-groups:join.button'), value: `#nbgroups.join:${group.id}` };
  letter.say(letter.t('nowbeall-groups:invite.text', { group: group.id, title: group.title, count: group.proposals.length }), [join]);
  return true;
}

/** The invitation kind, declared by the nbgroups flow (`broadcasts`): the core registers it before any flow starts. */
export const inviteKinds: Record<string, BroadcastKind> = { [INVITE_KIND]: { render } };

/** The core's broadcast center with the invitation kind registered. */
export function inviteCenter(services: Services): BroadcastCenter {
  return broadcastCenter(services, { kinds: inviteKinds, wakeJob: NOTICE_WAKE_JOB });
}

/** Invites the authors and supporters of the group's proposals who are not members; returns how many were queued. */
export async function inviteFollowers(services: Services, group: ThemeGroup): Promise<number> {
  const r = nowbeallRecords(services.store);
  const followers = await every(r.followers, { where: { proposal: group.proposals } });
  const seen = new Set<string>();
  const recipients = [];
  for (const f of followers) {
    if (!f.key || f.role === 'member' || seen.has(f.key)) continue;
    seen.add(f.key);
    const user = await services.store.loadUser(f.key).catch(() => null);
    if (!user || user.unreachable || noticesOff(user.flows)) continue;
    recipients.push({ key: f.key, channel: user.contact.channel, ...(user.tz ? { tz: user.tz } : {}) });
  }
  if (recipients.length === 0) return 0;
  const id = `nbg-invite-${group.id}-${randomBytes(3).toString('hex')}`;
  const center = inviteCenter(services);
  const created = await center.create({ id, kind: INVITE_KIND, subject: `nowbeall-${group.id}`, payload: { group: group.id }, recipients, quiet: noticeQuietHours(services) });
  // A fresh random id: nobody else can be making it.
  if (created.outcome === 'busy') return 0;
  center.run(id).catch((e) => services.log.error({ err: e, broadcast: id }, 'a theme group invitation stopped; it resumes at the next start'));
  return created.added;
}
