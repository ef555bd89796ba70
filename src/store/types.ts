/** Where a user is inside a flow: plain JSON, so it can be stored, migrated and shown. */
export interface Session {
  flow: string;
  version: number;
  step: string;
  /** Index of `step` in the flow's step list, used to resume near it if the step is gone. */
  stepIndex: number;
  history: string[];
  vars: Record<string, unknown>;
  startedAt: string;
}

/** Personal contact data: the only place platform ids and names live. Never exported. */
export interface Contact {
  channel: string;
  userId: string;
  chatId: string;
  name?: string;
}

/** Everything stored about one person, in one small file of its own. */
export interface UserDoc {
  schema: 1;
  /** File key: a keyed hash of `channel:userId`, so file names reveal no platform id. */
  key: string;
  /** Random, stable per person; the only identity that exports carry. */
  pseudonym: string;
  contact: Contact;
  lang?: string;
  consentAt?: string;
  unreachable?: boolean;
  createdAt: string;
  session?: Session;
  /** Counts prompts sent, so a button can tell whether it belongs to the latest one. */
  seq: number;
  /** Recent platform update ids, bounded, to process a redelivered update once. */
  seen: string[];
  /** A command (e.g. a join link) that waited for consent; run once consent is given. */
  pending?: { command: string; args: string };
  /** Where the person came from when one flow handed over to another (see Turn.setOrigin). */
  origin?: string;
  /** Each flow's own data, under its id. */
  flows: Record<string, unknown>;
}

/** A document shared by all users (groups, stops, broadcasts…), updated atomically. */
export interface SharedDoc<T> {
  readonly data: T;
  /** Applies `change` and resolves once the result is on disk. Updates are serialised. */
  update<R>(change: (data: T) => R): Promise<R>;
}

/** The storage contract; the lowdb store is the embedded default. */
export interface Store {
  readonly dir: string;
  /** Stable file key for a person id (`channel:userId`). */
  keyOf(personId: string): string;
  loadUser(key: string): Promise<UserDoc | null>;
  /** Resolves once the document is durable (survives kill -9). */
  saveUser(doc: UserDoc): Promise<void>;
  deleteUser(key: string): Promise<void>;
  eachUser(onCorrupt?: (file: string, error: Error) => void): AsyncIterable<UserDoc>;
  countUsers(): Promise<number>;
  shared<T>(name: string, defaults: () => T): Promise<SharedDoc<T>>;
  close(): Promise<void>;
}
