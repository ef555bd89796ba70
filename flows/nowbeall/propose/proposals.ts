/**
 * A person's own proposals: send (stored as pending before anything is confirmed), edit while
 * pending, withdraw, and support a similar one instead. Each refuses with a UserError.
 */
import { cleanName, cleanText, isBlank } from '../../../src/core/clean-text.ts';
import { UserError, type Services } from '../../../src/engine/index.ts';
import { support } from '../moderation/ops.ts';
import { follow, notifyProposal } from '../notify.ts';
import { nextNumber, nowbeallRecords } from '../records.ts';
import { isVisible, indexProposal, removeProposal } from '../similar.ts';
import { BODY_MAX, TITLE_MAX, type Actor, type Call, type Proposal } from '../types.ts';

/** Who acts: the person's pseudonym (stored) and key (to write to them). */
export interface Author {
  pseudonym: string;
  key: string;
}

export interface ProposalFields {
  theme: string;
  title: string;
  body: string;
  actor: Actor;
  territory?: string;
  spiral?: { family: string; criterion?: string };
}

/**
 * A title is one line, stored as typed (markup and @mentions included): every channel's
 * adapter escapes text when it shows it, so nothing here can format or mention.
 */
export function checkTitle(text: string): string {
  const title = cleanName(text);
  if (!title) throw new UserError('nowbeall:invalid.titleEmpty', { max: TITLE_MAX });
  if (title.length > TITLE_MAX) throw new UserError('nowbeall:invalid.titleLong', { max: TITLE_MAX, length: title.length });
  return title;
}

/** The proposal keeps its lines; only surrounding blank space goes. */
export function checkBody(text: string): string {
  const body = cleanText(text).trim();
  if (!body || isBlank(body)) throw new UserError('nowbeall:invalid.bodyEmpty', { max: BODY_MAX });
  if (body.length > BODY_MAX) throw new UserError('nowbeall:invalid.bodyLong', { max: BODY_MAX, length: body.length });
  return body;
}

/** The call takes proposals now, in this language; else a localized refusal naming what it takes. */
export function checkCallTakes(call: Pick<Call, 'id' | 'phase' | 'languages' | 'title'>, lang: string, names: (langs: string[]) => string): void {
  if (call.phase !== 'collecting') throw new UserError('nowbeall:call.notCollecting', { call: call.id });
  if (call.languages.length > 0 && !call.languages.includes(lang)) throw new UserError('nowbeall:call.language', { call: call.id, languages: names(call.languages) });
}

/** Stores a new proposal (pending), makes its author a follower, and only then resolves. */
export async function sendProposal(services: Services, callId: string, fields: ProposalFields, lang: string, author: Author, names: (langs: string[]) => string): Promise<Proposal> {
  const r = nowbeallRecords(services.store);
  const call = await r.calls.get(callId);
  if (!call) throw new UserError('nowbeall:call.unknown', { id: callId });
  checkCallTakes(call, lang, names);
  if (!call.themes.some((t) => t.id === fields.theme)) throw new UserError('nowbeall:invalid.theme');
  const at = services.now().toISOString();
  const id = String(await nextNumber(r, 'proposal'));
  const proposal: Proposal = {
    id,
    call: call.id,
    theme: fields.theme,
    title: checkTitle(fields.title),
    body: checkBody(fields.body),
    actor: fields.actor,
    ...(fields.territory ? { territory: fields.territory } : {}),
    ...(fields.spiral ? { spiral: fields.spiral } : {}),
    lang,
    status: 'pending',
    author: author.pseudonym,
    createdAt: at,
    updatedAt: at,
    supports: 0,
    reports: 0,
  };
  await r.proposals.put(proposal);
  await follow(services, id, author, 'author');
  await indexProposal(proposal);
  return proposal;
}

/** The author's proposal, or a refusal (someone else's, or none). */
export async function ownProposal(services: Services, id: string, pseudonym: string): Promise<Proposal> {
  const p = await nowbeallRecords(services.store).proposals.get(id);
  if (!p || !pseudonym || p.author !== pseudonym) throw new UserError('nowbeall:mine.notYours', { id: cleanName(id).slice(0, 20) });
  return p;
}

/** An edit while the proposal waits for moderation; decided inside the record's update, so a moderator's approval in between wins. */
export async function editPending(services: Services, id: string, pseudonym: string, fields: ProposalFields): Promise<Proposal> {
  await ownProposal(services, id, pseudonym);
  const title = checkTitle(fields.title);
  const body = checkBody(fields.body);
  const at = services.now().toISOString();
  const updated = await nowbeallRecords(services.store).proposals.update(id, (cur) => {
    if (!cur || cur.author !== pseudonym) throw new UserError('nowbeall:mine.notYours', { id });
    if (cur.status !== 'pending') throw new UserError('nowbeall:mine.notPending', { id, status: cur.status });
    const next: Proposal = { ...cur, theme: fields.theme, title, body, actor: fields.actor, updatedAt: at };
    if (fields.territory) next.territory = fields.territory;
    else delete next.territory;
    if (fields.spiral) next.spiral = fields.spiral;
    else delete next.spiral;
    return next;
  });
  return updated!;
}

const FINAL = ['withdrawn', 'rejected', 'merged'];

/** Withdraws the author's proposal (any time before it is closed): out of the similar proposals, its other followers told. */
export async function withdraw(services: Services, id: string, pseudonym: string): Promise<{ proposal: Proposal; notified: number }> {
  await ownProposal(services, id, pseudonym);
  const at = services.now().toISOString();
  const proposal = await nowbeallRecords(services.store).proposals.update(id, (cur) => {
    if (!cur || cur.author !== pseudonym) throw new UserError('nowbeall:mine.notYours', { id });
    if (FINAL.includes(cur.status)) throw new UserError('nowbeall:mine.closed', { id, status: cur.status });
    return { ...cur, status: 'withdrawn', updatedAt: at };
  });
  await removeProposal(id);
  // The author did it: only the others following it need to hear.
  await nowbeallRecords(services.store).followers.delete(`${id}:${pseudonym}`);
  const notified = await notifyProposal(services, id, 'withdrawn');
  return { proposal: proposal!, notified };
}

/**
 * Supports a similar proposal instead of sending one, through the moderation flow's `support`
 * (one support per person and proposal, never one's own, the supporter then follows it).
 */
export async function supportInstead(services: Services, id: string, who: Author): Promise<'added' | 'already'> {
  const p = await nowbeallRecords(services.store).proposals.get(id);
  if (!p || !isVisible(p)) throw new UserError('nowbeall:similar.gone', { id: cleanName(id).slice(0, 20) });
  if (p.author === who.pseudonym) throw new UserError('nowbeall:similar.own', { id });
  try {
    await support(services, who, id);
    return 'added';
  } catch (e) {
    if (e instanceof UserError && e.key === 'nowbeall-mod:support.already') return 'already';
    throw e;
  }
}
