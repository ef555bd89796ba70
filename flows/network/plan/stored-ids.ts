import type { EventDraft } from './entries.ts';
import type { StoredIds } from './plan-file.ts';
import type { Snapshot } from './snapshot.ts';

/**
 * Stored events as the file's events without an id meet them: a calendar event is found again by
 * its UID; an id made from a title and date is the same event again (a re-import), unless a
 * different calendar event already holds it.
 */
export function storedIds(snap: Snapshot): StoredIds {
  const byUid = new Map([...snap.events.values()].flatMap((e) => (e.uid ? [[e.uid, e.id] as const] : [])));
  return {
    idFor: (d: EventDraft) => (d.uid ? byUid.get(d.uid) : undefined),
    taken: (id: string, d: EventDraft) => {
      const stored = snap.events.get(id);
      return stored !== undefined && d.uid !== undefined && stored.uid !== d.uid;
    },
  };
}
