/** Something that must run on one instance at a time: Telegram long polling, the scheduler's tick… */
export interface Role {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface PersonOptions {
  /** A platform update id: told whether it was handled already, and recorded as handled. */
  update?: string;
  /** Read the person's pending turns under the lock. */
  turns?: boolean;
}

/** A named lease this instance took for one piece of work (a broadcast's run), renewed until released. */
export interface Lease {
  readonly name: string;
  /**
   * True while the lease is surely still this instance's: renewed within its time to live. Checked
   * right before a step that must not happen twice (a broadcast's hand-over to a channel).
   */
  valid(): boolean;
  /** Gives the lease up (another instance may take it at once); idempotent. */
  release(): Promise<void>;
}

/** A bot instance (`together start`), or a command-line session that joined for its locks while a command runs. */
export type MemberKind = 'instance' | 'command';

/** One instance as `together status` shows it. */
export interface InstanceInfo {
  id: string;
  /** 'command': a `together` command running next to the bots; never counted as an instance alive. */
  kind: MemberKind;
  host: string;
  pid: number;
  startedAt: string;
  heartbeatAt: string;
  alive: boolean;
  /** The leases it holds now. */
  holds: string[];
}

export interface LeaseInfo {
  name: string;
  holder: string;
  expiresAt: string;
}

/** What waits: jobs due now, broadcasts not finished (and their recipients left), turns whose replies may be unsent. */
export interface QueueSizes {
  jobsDue: number;
  jobsTotal: number;
  broadcastsPending: number;
  recipientsPending: number;
  unsentMarks: number;
}

export interface ClusterStatus {
  /** The instance answering. */
  instanceId: string;
  /** false for one process on its own (LocalCluster): no other instance can exist. */
  shared: boolean;
  instances: InstanceInfo[];
  leases: LeaseInfo[];
  queues?: QueueSizes;
}

/**
 * The core's view of the other instances sharing its store. `LocalCluster` is one process on its
 * own; `PostgresCluster` coordinates several `together start` processes through their database.
 */
export interface Cluster {
  readonly instanceId: string;
  /** True when other instances may share the work (roles then go through `hold`, broadcasts through `claim`). */
  readonly shared: boolean;
  /**
   * Runs `fn` holding this person's lock on every instance (one person's events in order, once).
   * With `update` (a platform update id), `fn` is told whether any instance has handled that update
   * already, and the update is recorded as handled once `fn` resolves. With `turns`, `fn` is also
   * given the ids of the person's turns whose replies may not have gone out yet, oldest first, as
   * the store holds them (undefined when one process is alone: its own memory knows).
   */
  withPerson<T>(key: string, fn: (seen: boolean, turns?: readonly string[]) => Promise<T>, options?: PersonOptions): Promise<T>;
  /**
   * Resolves 'sent' once none of the person's turns `ids` waits to be sent any more (their instance
   * sent them, or the recover role did once it was gone); 'late' when it gave up waiting; 'stopped'
   * when this instance stops meanwhile (the waiting turn is then left to the other instances).
   */
  turnsSent(key: string, ids: readonly string[]): Promise<'sent' | 'late' | 'stopped'>;
  /** True when the unsent mark `id` was written by this instance. */
  owns(id: string): boolean;
  /**
   * For one of this instance's turns (or one it took over): asked right before each platform call
   * of its replies, false when another instance has taken the turn over meanwhile (this one then
   * seemed gone) or it went out already. Only a doubt costs a database read.
   */
  turnFence(key: string, id: string): (signal: AbortSignal) => boolean | Promise<boolean>;
  /** Under the person's lock: takes over the pending turn `id` of an instance that is gone; true when this one is now to send it. */
  takeTurn(key: string, id: string): Promise<boolean>;
  /** Runs `role` only while this instance holds the named lease; another instance takes over within seconds when it dies. */
  hold(name: string, role: Role): void;
  /** Takes the named lease now when no other instance holds it (null when one does); renewed until released. */
  claim(name: string): Promise<Lease | null>;
  /** True when the unsent mark `id` (see `unsentId`) belongs to an instance gone (silent for its alive time and a lease's): its replies are for others to resend. */
  orphaned(id: string): Promise<boolean>;
  /** A new unsent-mark id carrying this instance's id, so another instance can tell whose it is. */
  unsentId(): string;
  /** Stops every held role and gives its lease up; `withPerson` and claims keep working until `close()`. */
  resign(): Promise<void>;
  /** Instances, leases and (unless `queues: false`, which spares the store's counts) the queue sizes. */
  status(options?: { queues?: boolean }): Promise<ClusterStatus>;
  close(): Promise<void>;
}
