/**
 * The letter that asks a member: one per person per batch of rounds (not one per round), sent
 * through the core's broadcast center — its per-recipient ledger sends it once even across a
 * crash, and quiet hours (22:00–08:00 in the member's zone) hold it until morning. It shows how
 * many rounds wait and the first one's card; the others follow one after another as each is
 * finished. Written at sending time: a round answered, closed or left meanwhile is not shown.
 */
import { broadcastCenter, type BroadcastCenter, type BroadcastKind, type Services } from '../../../src/engine/index.ts';
import { cardOf, cardRows, cardText } from './card.ts';
import { monthName } from './due.ts';
import { waiting } from './ops.ts';

export const ASK_KIND = 'checkin.ask';
/** How long a check-in in progress holds a new letter back (after that, the person has left it). */
const BUSY_MS = 2 * 60 * 60 * 1000;

export const checkinKinds: Record<string, BroadcastKind> = {
  [ASK_KIND]: {
    async render(letter, payload) {
      const rounds = Array.isArray(payload.rounds) ? payload.rounds.map(String) : [];
      // Answers are stored only with consent: someone a manager added who never agreed is not asked.
      if (!letter.user.consentAt || rounds.length === 0) return false;
      // Someone answering another round right now is not interrupted: this one follows it as "Next check-in".
      const session = letter.user.session;
      if (session?.flow === 'checkin' && letter.now.getTime() - Date.parse(session.startedAt) < BUSY_MS) return false;
      const store = letter.services.store;
      const list = await waiting(store, letter.user.key, letter.now, rounds);
      const first = list[0];
      if (!first) return false;
      const c = await cardOf(store, first, letter.lang);
      const intro = letter.t('plan-checkin:letter.intro', { month: monthName(first.period, letter.lang), count: list.length });
      letter.sayRows(`${intro}\n\n${cardText(letter.t, letter.lang, c)}`, cardRows(letter.t, c));
      return true;
    },
  },
};

/** The core's broadcast center with the check-in letter registered (the core created it with its own wake job). */
export function center(services: Services): BroadcastCenter {
  return broadcastCenter(services, { kinds: checkinKinds, wakeJob: 'broadcast.wake' });
}
