// NOW-BE-ALL records stored directly, as the flows store them, for tests of one part at a time.
import type { CaravanBot } from './caravan-bot.ts';
import type { FakeUser } from './memory-channel.ts';
import { nextNumber, nowbeallRecords } from '../../flows/nowbeall/records.ts';
import { follow } from '../../flows/nowbeall/notify.ts';
import type { Call, Proposal } from '../../flows/nowbeall/types.ts';

export const records = (b: CaravanBot) => nowbeallRecords(b.services.store);

export async function seedCall(b: CaravanBot, id = 'nba-2026', phase: Call['phase'] = 'collecting', title: Call['title'] = { en: `Call ${id}` }): Promise<Call> {
  const call: Call = {
    id,
    title,
    question: { en: 'What should change?' },
    themes: [{ id: 'health', label: { en: 'Health', fr: 'Santé' } }, { id: 'food', label: { en: 'Food' } }],
    territories: [],
    languages: [],
    phase,
    createdAt: '2026-04-01T00:00:00.000Z',
    createdBy: 'p-boss',
    phases: [{ phase, at: '2026-04-01T00:00:00.000Z', by: 'p-boss' }],
  };
  await records(b).calls.put(call);
  return call;
}

/** A proposal with the next number (published unless `fields` says otherwise), its author following it when given. */
export async function seedProposal(b: CaravanBot, fields: Partial<Proposal> = {}, author?: { pseudonym: string; key: string } | null): Promise<Proposal> {
  const r = records(b);
  const id = String(await nextNumber(r, 'proposal'));
  const at = new Date(Date.parse('2026-04-10T00:00:00.000Z') + Number(id) * 60_000).toISOString();
  const p: Proposal = { id, call: 'nba-2026', theme: 'health', title: `Proposal ${id}`, body: 'A body.', actor: 'citizens', lang: 'en', status: 'published', author: author?.pseudonym ?? 'p-someone', createdAt: at, updatedAt: at, supports: 0, reports: 0, ...fields };
  await r.proposals.put(p);
  if (author) await follow(b.services, id, author, 'author');
  return p;
}

export interface Person {
  user: FakeUser;
  pseudonym: string;
  key: string;
}

/** Someone who consented (/agree), with the pseudonym and key the core gave them. */
export async function person(b: CaravanBot, id: string, locale = 'en'): Promise<Person> {
  const user = b.user(id, locale);
  await user.send('/agree');
  const key = b.services.store.keyOf(`memory:${id}`);
  const doc = await b.services.store.loadUser(key);
  return { user, pseudonym: doc!.pseudonym, key };
}
