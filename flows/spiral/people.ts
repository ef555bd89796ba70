import type { Store } from '../../src/engine/index.ts';
import { spiralRecords } from './records.ts';

/**
 * Pseudonym → person key, indexed when a person first appears in SPIRAL (a /spiral command, a
 * join link) or reads their pseudonym in /mydata, which is where a manager's
 * `/spiral facilitator p-…` learns it. One record read per lookup; no person file is scanned.
 */
export async function notePerson(store: Store, person: { key: string; pseudonym: string }): Promise<void> {
  const r = await spiralRecords(store);
  const known = await r.people.get(person.pseudonym);
  if (known?.key === person.key) return;
  await r.people.put({ id: person.pseudonym, key: person.key });
}

/** True when someone known to SPIRAL has this pseudonym. */
export async function pseudonymExists(store: Store, pseudonym: string): Promise<boolean> {
  return Boolean(await (await spiralRecords(store)).people.get(pseudonym));
}
