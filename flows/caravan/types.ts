/**
 * Caravan domain types. Stops live in the shared document `caravan-stops`; a person's
 * subscription and answers live in their own user document, under `flows.caravan`.
 */

/** A stop of the Caravan of co-responsibility: a town, a venue, a local date and time. */
export interface Stop {
  /** Short and stable ([a-z0-9-]), e.g. `iasi-260512`: it goes into links and buttons. */
  id: string;
  town: string;
  /** ISO 3166-1 alpha-2 code, upper case. */
  country: string;
  venue: string;
  /** Local date (YYYY-MM-DD) and time (HH:MM) in the stop's own zone. */
  date: string;
  time: string;
  /** IANA time zone of the stop. */
  tz: string;
  description: string;
  /** ISO 639-1 codes of the languages spoken at the stop. */
  languages: string[];
  status: 'scheduled' | 'cancelled';
  /** A SPIRAL group code whose questionnaire the stop's `s_` link opens, if any. */
  spiralGroup?: string;
  createdAt: string;
  updatedAt: string;
  /** Bumped by every change, so calendar files and change notices know which is newer. */
  version: number;
}

/** The fields a manager sets (all of them when adding, some when editing). */
export type StopFields = Pick<Stop, 'town' | 'country' | 'venue' | 'date' | 'time' | 'tz' | 'description' | 'languages'> & { spiralGroup?: string };

export interface StopsDoc {
  stops: Record<string, Stop>;
}

/** What a citizen follows: every stop, or stops in some regions (country codes or continents). */
export interface Subscription {
  all: boolean;
  /** Region ids: lower-case country codes ("ro") or continents ("europe", "africa"). */
  regions: string[];
  since: string;
}

export type RsvpAnswer = 'going' | 'maybe' | 'no';

/** A person's answer to one stop; `confirmed` once they confirmed from a reminder. */
export interface Rsvp {
  answer: RsvpAnswer;
  confirmed?: boolean;
  at: string;
}

/** The caravan's part of a user document. */
export interface CaravanData {
  sub?: Subscription;
  unsubscribedAt?: string;
  /** Announcements are paused until then ("snooze 1 week"). */
  snoozeUntil?: string;
  rsvp: Record<string, Rsvp>;
  /** The stop whose link opened the SPIRAL questionnaire, so answers can be tagged with it. */
  spiralStop?: string;
}

/** Live counts of the answers to one stop. */
export interface RsvpCounts {
  going: number;
  maybe: number;
  notGoing: number;
  confirmed: number;
}
