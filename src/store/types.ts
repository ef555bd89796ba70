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
  /** The person's IANA time zone, from their platform (Slack) when it says: their reminders and quiet hours. */
  tz?: string;
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

/**
 * A document shared by all users (groups, stops, broadcasts…), updated atomically.
 * @deprecated Keep shared data in a `Collection` of records (one record per row, queried through
 * indexes); shared documents stay only until the flows that use them are migrated.
 */
export interface SharedDoc<T> {
  readonly data: T;
  /** Applies `change` and resolves once the result is on disk. Updates are serialised. */
  update<R>(change: (data: T) => R): Promise<R>;
}

/** What an index holds: a record's field value. A record without the field is not in that index. */
export type IndexValue = string | number;

/** How a collection is declared: the fields it can be queried by. */
export interface CollectionSpec {
  /** Field names whose values (string or number) are indexed; only these can be queried. */
  readonly indexes: readonly string[];
}

/** Equality on indexed fields: a value, or a list meaning "any of these". All fields must match. */
export type Where = Readonly<Record<string, IndexValue | readonly IndexValue[]>>;

/** A query on indexed fields; `id` is always indexed. Results come in pages. */
export interface Query {
  where?: Where;
  /** Records whose `index` value lies between `from` and `to`, both inclusive (either may be left open). */
  range?: { index: string; from?: IndexValue; to?: IndexValue };
  /** The index the page is sorted by (default `id`), ties broken by id; numbers sort before strings. */
  orderBy?: string;
  /** Descending order instead of ascending. */
  desc?: boolean;
  /** Page size: default 100, at most 1000. */
  limit?: number;
  /** The `next` cursor of the previous page. */
  after?: string;
}

/** One page of a query; `next` is set when more records follow. */
export interface Page<R> {
  records: R[];
  next?: string;
}

/**
 * A collection of records with secondary indexes: one record is one row (a small file's entry
 * in lowdb, a row in PostgreSQL). Every write is durable before it resolves; a failed write
 * changes nothing. Records given and returned are copies.
 */
export interface Collection<R extends { id: string }> {
  readonly name: string;
  /** The record with this id, or undefined. */
  get(id: string): Promise<R | undefined>;
  /** The records with these ids that exist, in the order of `ids`. */
  getMany(ids: readonly string[]): Promise<R[]>;
  /** Inserts or replaces the record with its id. */
  put(record: R): Promise<void>;
  /**
   * Atomic read-modify-write of one record (the check-and-use primitive): `change` gets a copy of
   * the current record (undefined if absent) and returns the record to store, or undefined to
   * delete it (or leave it absent). Updates of one record run one at a time, so `change` always
   * sees the latest version; returning what it got unchanged writes nothing. Resolves with the
   * record as stored afterwards (undefined when absent).
   */
  update(id: string, change: (current: R | undefined) => R | undefined | Promise<R | undefined>): Promise<R | undefined>;
  /** Deletes the record; resolves true when it existed. */
  delete(id: string): Promise<boolean>;
  /** One page of the records matching the query. */
  find(query?: Query): Promise<Page<R>>;
  /** How many records match `where` (all of them without it). */
  count(where?: Where): Promise<number>;
  /** Deletes every record matching `where` (which must name at least one field); resolves with how many. */
  deleteWhere(where: Where): Promise<number>;
}

export interface SaveOptions {
  /** An id for the replies the document carries until they are delivered (see `Store.unsent`). */
  unsent?: string;
}

/** The storage contract: person documents and collections of records. The lowdb store is the embedded default. */
export interface Store {
  /** Stable file key for a person id (`channel:userId`). */
  keyOf(personId: string): string;
  loadUser(key: string): Promise<UserDoc | null>;
  /**
   * Resolves once the document is durable (survives kill -9 and a power cut). With `unsent`, the
   * person is marked as having replies `unsent` that may not have gone out, in the same atomic
   * write as the document: both are on disk, or neither.
   */
  saveUser(doc: UserDoc, options?: SaveOptions): Promise<void>;
  /** Removes the person's document durably, leaving none of their data in the store's files. */
  deleteUser(key: string): Promise<void>;
  /** Every person's unsent mark (see `SaveOptions.unsent`): person key → id. Marks survive restarts and crashes. */
  unsent(): Promise<Map<string, string>>;
  /**
   * The replies marked `id` went out: clears `key`'s mark if it still is `id`. Durable with the
   * store's next write, not at once: a crash just before means they are sent again (at least once).
   */
  sent(key: string, id: string): void;
  eachUser(onCorrupt?: (file: string, error: Error) => void): AsyncIterable<UserDoc>;
  countUsers(): Promise<number>;
  /** @deprecated Use `collection()`: a shared document is read and rewritten whole. Kept until the flows are migrated. */
  shared<T>(name: string, defaults: () => T): Promise<SharedDoc<T>>;
  /**
   * The collection `name` (lower-case letters, digits and dashes), queryable by `spec.indexes`.
   * Opened lazily; one name always has one spec (a different one is refused).
   */
  collection<R extends { id: string }>(name: string, spec: CollectionSpec): Collection<R>;
  /** True when opened read-only (the CLI's export, stats, check): one-time moves of older data must not run. */
  readonly readOnly?: boolean;
  /** Which implementation this is (code that needs the database itself, such as the cluster, checks for 'postgres'). */
  readonly kind?: 'lowdb' | 'memory' | 'postgres';
  close(): Promise<void>;
}
