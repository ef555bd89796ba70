/**
 * Who may moderate NOW-BE-ALL proposals: every manager, and the people a manager named (by
 * pseudonym, in the `moderators` collection). Theme-group facilitators are a group's business,
 * not this one.
 */
import type { ReadServices, Services } from '../../src/engine/index.ts';
import { nowbeallRecords } from './records.ts';

/** Managers and the people a manager named. */
export async function isModerator(services: ReadServices | Services, who: { isManager: boolean; pseudonym: string }): Promise<boolean> {
  if (who.isManager) return true;
  if (!who.pseudonym) return false;
  return (await nowbeallRecords(services.store).moderators.get(who.pseudonym)) !== undefined;
}
