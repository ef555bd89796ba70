/**
 * NOW-BE-ALL's status-change messages (item 7). Each change is one broadcast of the core's
 * broadcast center: its per-person ledger makes it durable on return, resumed after a crash
 * without sending anyone a message twice, paced by each channel's outbox and held by quiet
 * hours in the person's own zone (their document's `tz`, else the bot's). The text is written
 * when it goes out, in the person's language at that moment; someone who turned these messages
 * off (`NowbeallData.quiet`) meanwhile is skipped then.
 */
import { randomBytes } from 'node:crypto';
import { broadcastCenter, every, quietHours, type BroadcastCenter, type BroadcastKind, type Letter, type BroadcastSpec, type QuietHours, type Services } from '../../src/engine/index.ts';
import { nowbeallRecords } from './records.ts';
import type { Call, Follower, NowbeallData, Proposal } from './types.ts';

type Recipient = BroadcastSpec['recipients'][number];

export type NoticeKind = 'approved' | 'rejected' | 'merged' | 'grouped' | 'elaborated' | 'answered' | 'phase' | 'invited' | 'withdrawn';

/** The broadcast kind of every NOW-BE-ALL notice. */
export const NOTICE_KIND = 'nowbeall.notice';
/** Job kind that resumes notices held by quiet hours (jobs scheduled before the core's own `broadcast.wake`). */
export const NOTICE_WAKE_JOB = 'nowbeall.wake';
/** The flow that owns the buttons under a notice (see moderation/index.ts). */
export const NOTICE_FLOW = 'proposals';
/**
 * Where the person's off switch lives: `user.flows.proposals.quiet` (this flow's data, set by
 * `/proposals notices off`), or `user.flows.nowbeall.quiet` should flow A set it there.
 */
const DATA_FLOWS = [NOTICE_FLOW, 'nowbeall'];

/** The bot's quiet hours in the person's zone, the bot's own when theirs is unknown. */
export const noticeQuietHours = (services: Services): QuietHours => quietHours(services.config.tz);

/**
 * Params whose value is an id of a localized word, translated in the recipient's language:
 * `reason` (a rejection template), `phase` (a call phase), `answer` (an official answer kind).
 */
const WORDS: Record<string, string> = { reason: 'nowbeall-mod:reason.', phase: 'nowbeall-mod:phase.', answer: 'nowbeall-mod:answer.' };

/** A button of the proposals flow's action (the value the engine's `#flow.action:arg` token carries). */
const button = (label: string, name: string, arg: string) => ({ label, value: `#${NOTICE_FLOW}.${name}:${arg}` });

/** True when the person turned NOW-BE-ALL messages off. */
export function noticesOff(flows: Record<string, unknown>): boolean {
  return DATA_FLOWS.some((id) => (flows[id] as NowbeallData | undefined)?.quiet === true);
}

const label = (labels: Record<string, string> | undefined, lang: string) => (labels ? (labels[lang] ?? labels.en ?? Object.values(labels)[0] ?? '') : '');

async function render(letter: Letter, payload: Record<string, unknown>): Promise<boolean> {
  if (noticesOff(letter.user.flows)) return false;
  const r = nowbeallRecords(letter.services.store);
  const kind = String(payload.kind);
  const raw = (payload.params ?? {}) as Record<string, string | number>;
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(raw)) params[name] = WORDS[name] ? letter.t(`${WORDS[name]}${value}`) : value;
  const proposalId = typeof payload.proposal === 'string' ? payload.proposal : undefined;
  const proposal = proposalId ? await r.proposals.get(proposalId) : undefined;
  const callId = proposal?.call ?? (typeof payload.call === 'string' ? payload.call : undefined);
  const call = callId ? await r.calls.get(callId) : undefined;
  if (proposalId && !proposal) return false;
  // The target of a merge hears of it in other words than the duplicate's people.
  const key = kind === 'merged' && raw.from !== undefined ? 'mergedHere' : kind;
  const text = letter.t(`nowbeall-mod:notice.${key}`, {
    ...params,
    ...(proposal ? { id: proposal.id, title: proposal.title } : {}),
    ...(call ? { call: label(call.title, letter.lang) } : {}),
  });
  const choices = [
    ...(proposal ? [button(letter.t('nowbeall-mod:notice.show'), 'show', proposal.id)] : []),
    button(letter.t('nowbeall-mod:notice.off'), 'notices', 'off'),
  ];
  letter.say(text, choices);
  return true;
}

/** NOW-BE-ALL's notice kind, declared by the proposals flow (`broadcasts`) so the core registers it before any flow starts. */
export const noticeKinds: Record<string, BroadcastKind> = { [NOTICE_KIND]: { render } };

/** The core's broadcast center with NOW-BE-ALL's notice kind registered. */
export function noticeCenter(services: Services): BroadcastCenter {
  return broadcastCenter(services, { kinds: noticeKinds, wakeJob: NOTICE_WAKE_JOB });
}

/** The people behind follower records, once each, as broadcast recipients (channel and zone from their document). */
async function recipients(services: Services, followers: Follower[]): Promise<Recipient[]> {
  const seen = new Set<string>();
  const out: Recipient[] = [];
  for (const f of followers) {
    if (!f.key || seen.has(f.key)) continue;
    seen.add(f.key);
    const user = await services.store.loadUser(f.key).catch(() => null);
    if (!user || user.unreachable || noticesOff(user.flows)) continue;
    out.push({ key: f.key, channel: user.contact.channel, ...(user.tz ? { tz: user.tz } : {}) });
  }
  return out;
}

/** Creates the broadcast durably, then sends it in the background (at once when the bot runs, else when it starts). */
async function send(services: Services, subject: string, kind: NoticeKind, payload: Record<string, unknown>, to: Recipient[]): Promise<number> {
  if (to.length === 0) return 0;
  const id = `nb-${kind}-${subject}-${services.now().getTime().toString(36)}${randomBytes(3).toString('hex')}`.slice(0, 80);
  const center = noticeCenter(services);
  const created = await center.create({ id, kind: NOTICE_KIND, subject: `nowbeall-${subject}`, payload: { ...payload, kind }, recipients: to, quiet: noticeQuietHours(services) });
  // A fresh random id: nobody else can be making it.
  if (created.outcome === 'busy') return 0;
  center.run(id).catch((e) => services.log.error({ err: e, broadcast: id }, 'a NOW-BE-ALL notice stopped; it resumes at the next start'));
  return created.added;
}

/**
 * Tells the followers of a proposal (author, supporters, group members — `followers` records) of a change, each in their
 * language on their own channel, within quiet hours, unless they turned these messages off. `params` feed the text;
 * texts are keys of namespace `nowbeall-mod` (`notice.<kind>`). Durable: queued through the core (broadcast center or
 * per-person jobs), never lost on a crash. Returns how many were queued.
 *
 * The text gets `id` and `title` of the proposal and `call` (its title) on its own; `reason`, `phase` and `answer`
 * params are ids translated in the recipient's language (see WORDS). What each kind's text uses:
 * approved, elaborated, withdrawn: nothing more · rejected: `reason`, `note` (text after the reason, may be '') ·
 * merged: `into`, `intoTitle` for the duplicate's people, `from`, `fromTitle` for the target's · grouped, invited:
 * `group` · answered: `answer`, `text` · phase (notifyCall): `phase`.
 */
export async function notifyProposal(services: Services, proposalId: string, kind: NoticeKind, params: Record<string, string | number> = {}): Promise<number> {
  return notifyFollowers(services, proposalId, kind, params, () => true);
}

/** `notifyProposal` for the followers `keep` accepts (those a related notice already reached are left out). */
export async function notifyFollowers(services: Services, proposalId: string, kind: NoticeKind, params: Record<string, string | number>, keep: (f: Follower) => boolean): Promise<number> {
  const r = nowbeallRecords(services.store);
  const followers = (await every(r.followers, { where: { proposal: proposalId } })).filter(keep);
  return send(services, `p${proposalId}`, kind, { proposal: proposalId, params }, await recipients(services, followers));
}

/** Same, for everyone with a follower record in any proposal of a call (phase changes), once per person. */
export async function notifyCall(services: Services, callId: string, kind: NoticeKind, params: Record<string, string | number> = {}): Promise<number> {
  const r = nowbeallRecords(services.store);
  const ids = (await every(r.proposals, { where: { call: callId } })).map((p: Proposal) => p.id);
  const followers: Follower[] = [];
  // A few hundred ids per query keep each lookup of the follower index small.
  for (let i = 0; i < ids.length; i += 500) followers.push(...(await every(r.followers, { where: { proposal: ids.slice(i, i + 500) } })));
  const call: Call | undefined = await r.calls.get(callId);
  return send(services, `c${callId}`, kind, { call: call?.id ?? callId, params }, await recipients(services, followers));
}

/** Records that `who` follows `proposal` in `role` (idempotent). */
export async function follow(services: Services, proposal: string, who: { pseudonym: string; key: string }, role: 'author' | 'supporter' | 'member'): Promise<void> {
  if (!who.pseudonym || !who.key) return;
  const id = `${proposal}:${who.pseudonym}`;
  // The first role stays: an author who is later a group member is still told as the author.
  await nowbeallRecords(services.store).followers.update(id, (cur) => cur ?? { id, proposal, by: who.pseudonym, key: who.key, role });
}

/** Stops following (a support taken back); an author or member keeps following. */
export async function unfollow(services: Services, proposal: string, pseudonym: string, role: 'supporter'): Promise<void> {
  await nowbeallRecords(services.store).followers.update(`${proposal}:${pseudonym}`, (cur) => (cur?.role === role ? undefined : cur));
}
