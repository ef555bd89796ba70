import { BROADCAST_WAKE_JOB, broadcastCenter, type BroadcastCenter, type BroadcastKind } from './broadcast/index.ts';
import { DEFAULT_CAPABILITIES, type Channel, type ChannelInfo } from './channels/channel.ts';
import { Engine } from './engine/engine.ts';
import { homeView } from './engine/home.ts';
import { acceptsInGroup } from './engine/define.ts';
import { defaultRule, type RateRule } from './engine/person-rate.ts';
import type { Flow } from './engine/flow.ts';
import { checkFlows, expandFlows } from './engine/registry.ts';
import type { CoreConfig, Services } from './engine/services.ts';
import { I18n } from './i18n/i18n.ts';
import type { Logger } from './log/logger.ts';
import { Outbox } from './outbox/outbox.ts';
import { storedPending } from './outbox/pending.ts';
import { RedisLimits } from './outbox/shared-limits.ts';
import { ControlServer } from './control/control-server.ts';
import { Scheduler, type JobHandler } from './scheduler/scheduler.ts';
import { openCluster, type ClusterTimings } from './cluster/open-cluster.ts';
import { recoverRole } from './cluster/recover-role.ts';
import type { Cluster } from './cluster/types.ts';
import { openStore } from './store/open-store.ts';
import type { Store } from './store/types.ts';

export interface CoreOptions {
  config: CoreConfig;
  flows: Flow[];
  channels: Channel[];
  log: Logger;
  now?: () => Date;
  store?: Store;
  i18n?: I18n;
  outbox?: { maxAttempts?: number; backoffMs?: number; drainTimeoutMs?: number };
  /** Listen on the data folder's control socket for CLI commands (default true). */
  control?: boolean;
  /**
   * Each person's rate: by default a burst of 10 then the platform's pace for one chat, on
   * channels with platform limits only (the console's typist is the operator). A rule here
   * applies to every channel; false turns it off.
   */
  personRate?: RateRule | false;
  /**
   * The instances sharing the store: by default, when the store is PostgreSQL, every instance on
   * that database (they coordinate through it); else this process alone.
   */
  cluster?: Cluster;
  /** The default cluster's heartbeat and lease timings (tests shorten them). */
  clusterTimings?: ClusterTimings;
  /**
   * REDIS_URL and the rest: every instance of the bot shares each platform's limits through Redis
   * (`keys`: a name per channel for its bot; `instances`: how many share them, a number or asked
   * of the cluster, for each one's share while Redis is away). Without it the limits are this process's alone.
   */
  sharedLimits?: { redisUrl: string; keys?: Record<string, string>; instances?: number | (() => number | Promise<number>); clientName?: string };
}

/** The assembled core: store, i18n, engine, outbox and scheduler, with the channels it serves. */
export class Core {
  #started: Channel[] = [];

  constructor(
    readonly engine: Engine,
    readonly outbox: Outbox,
    readonly scheduler: Scheduler,
    readonly channels: Channel[],
    readonly control: ControlServer | null,
    /** The broadcast center every flow shares, with every flow's kinds of message registered. */
    readonly broadcasts: BroadcastCenter,
    /** The instances sharing the work (this process alone by default). */
    readonly cluster: Cluster,
    /** With other instances, how often the replies of an instance that is gone are looked for. */
    private readonly recoverEveryMs = 6_000,
  ) {}

  get services(): Services {
    return this.engine.services;
  }

  /** Starts the scheduler and every channel; events flow into the engine. */
  async start(): Promise<void> {
    await this.control?.start();
    await this.scheduler.start();
    for (const channel of this.channels) {
      await channel.start((event) => this.engine.handle(event), this.#info());
      this.#started.push(channel);
      if (channel.botName) (this.services.config.botNames ??= {})[channel.name] = channel.botName;
    }
    for (const flow of this.services.flows.values()) await flow.onStart?.(this.services);
    // Broadcasts a stop or a crash interrupted resume now, with every flow's kinds known (a flow may have started it already).
    await this.broadcasts.start();
    // Replies the previous stop could not send in its time bound go out now.
    await this.outbox.resume();
    // And those of turns a crash cut between saving and sending: with other instances, one of
    // them sends those of the instances that are gone, now and whenever another one dies (and
    // what another instance's stop set aside, without waiting for a start).
    const resend = async (only: (id: string) => Promise<boolean>) => {
      await this.outbox.resume();
      return this.engine.recover(only);
    };
    if (this.cluster.shared) this.cluster.hold('outbox:recover', recoverRole(this.cluster, resend, this.services.log, this.recoverEveryMs));
    else await this.engine.recover();
  }

  #info(): ChannelInfo {
    const { i18n, flows } = this.services;
    return {
      languages: i18n.languages,
      defaultLanguage: i18n.fallback,
      commands: (lang) => {
        const t = i18n.translator(lang);
        const listed = [...flows.values()].flatMap((f) => f.help ?? []).map((h) => ({ command: h.command, description: t(h.description) }));
        const nav = ['back', 'skip', 'done', 'cancel'].map((c) => ({ command: c, description: t(`common:commands.${c}`) }));
        return [...listed, ...nav];
      },
      greeting: (locale) => i18n.translator(i18n.match(locale) ?? i18n.fallback)('common:greeting'),
      translate: (locale, key, params) => i18n.translator(i18n.match(locale) ?? i18n.fallback)(key, params),
      groupCommand: (name, args) => acceptsInGroup(flows.values(), name, args),
      // A channel's home screen (Slack's App Home): each flow's part for this person, read-only.
      home: (address, locale) => homeView(this.services, address, locale),
      // With other instances, what one connection per bot may do runs on the lease holder only.
      ...(this.cluster.shared ? { hold: (name: string, role: { start(): Promise<void>; stop(): Promise<void> }) => this.cluster.hold(name, role) } : {}),
    };
  }

  /** Graceful stop: no new updates, finish what is in flight, deliver what is queued, close the store. */
  async stop(): Promise<void> {
    // Roles first (polling, the scheduler's tick…): another instance takes them at once.
    await this.cluster.resign();
    for (const channel of this.#started.reverse()) await channel.stop().catch(() => {});
    this.#started = [];
    for (const flow of this.services.flows.values()) await flow.onStop?.(this.services).catch((e) => this.services.log.error({ err: e, flow: flow.id }, 'a flow did not stop cleanly'));
    await this.broadcasts.stop();
    await this.engine.idle();
    await this.outbox.drain();
    await this.outbox.close();
    await this.engine.settle();
    await this.scheduler.stop();
    await this.control?.stop();
    await this.cluster.close();
    await this.services.store.close();
  }
}

/**
 * How many instances share the limits, asked when Redis goes away: those the cluster sees alive
 * when the store is shared, else (or when it cannot tell) the configured number.
 */
function sharedBy(cluster: Cluster, configured: number | (() => number | Promise<number>) = 2): () => Promise<number> {
  const fallback = async () => (typeof configured === 'function' ? configured() : configured);
  if (!cluster.shared) return fallback;
  return async () => {
    try {
      const alive = (await cluster.status()).instances.filter((i) => i.alive && i.kind !== 'command').length;
      return alive >= 1 ? alive : await fallback();
    } catch {
      return fallback();
    }
  };
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const { config, log } = options;
  const now = options.now ?? (() => new Date());
  const i18n = options.i18n ?? (await I18n.create(config.lang));
  const store = options.store ?? (await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, log }));
  const cluster = options.cluster ?? (await openCluster(store, log, { ...options.clusterTimings, now }));
  const all = expandFlows(options.flows);
  // Two flows claiming one command, action or link prefix: refused here, before anything runs.
  checkFlows(all);
  const flows = new Map(all.map((f) => [f.id, f]));
  let engine: Engine | undefined;
  const channelOf = (name: string) => options.channels.find((c) => c.name === name);
  const shared = options.sharedLimits;
  const outbox = new Outbox(options.channels, log, {
    ...options.outbox,
    ...(shared && options.channels.some((c) => c.limits) ? { shared: new RedisLimits({ url: shared.redisUrl, keys: shared.keys, instances: sharedBy(cluster, shared.instances), clientName: shared.clientName, log }) } : {}),
    pending: storedPending(store),
    // A blocked recipient becomes a "left" event, so every flow hears of it the same way; a
    // group that removed the bot says nothing about the person's private chat.
    onBlocked: async (address) => {
      const groupChat = channelOf(address.channel)?.isGroupChat?.(address.chatId) ?? false;
      await engine?.handle({ kind: 'left', address, ...(groupChat ? { groupChat } : {}) });
    },
  });
  const rate = (name: string): RateRule | null => {
    if (options.personRate !== undefined) return options.personRate || null;
    const limits = channelOf(name)?.limits;
    return limits ? defaultRule(limits.perChatMs) : null;
  };
  // The scheduler needs the engine's services for its handlers, and flows schedule through the engine.
  let scheduler: Scheduler | undefined;
  engine = new Engine(
    {
      store,
      i18n,
      config,
      log,
      now,
      flows,
      link: (name, payload) => channelOf(name)?.link?.(payload),
      unschedule: (id) => scheduler!.unschedule(id),
      capabilities: (name) => {
        const channel = channelOf(name);
        return { ...DEFAULT_CAPABILITIES, numberedChoices: channel?.numberedChoices ?? false, ...channel?.capabilities };
      },
    },
    outbox,
    (job) => scheduler!.add(job),
    { rate, cluster },
  );
  // Every flow's kinds of broadcast message are known before any flow starts (and so before the
  // center resumes what a crash interrupted): which flow starts the shared center first no longer matters.
  const kinds: Record<string, BroadcastKind> = {};
  for (const flow of all) for (const [name, kind] of Object.entries(flow.broadcasts ?? {})) kinds[name] ??= kind;
  const aliveMs = options.clusterTimings?.aliveMs ?? 6_000;
  const broadcasts = broadcastCenter(engine.services, { kinds, wakeJob: BROADCAST_WAKE_JOB, cluster, sweepMs: aliveMs });
  const handlers = new Map<string, JobHandler>([[BROADCAST_WAKE_JOB, (job) => broadcasts.wake(String((job.payload as { id?: unknown } | undefined)?.id ?? '') || undefined)]]);
  for (const flow of all) {
    for (const [kind, run] of Object.entries(flow.jobs ?? {})) handlers.set(kind, (job) => run(engine!.services, job));
  }
  scheduler = new Scheduler(store, handlers, { tz: config.tz, now, log, cluster });
  const controlHandlers = new Map(all.flatMap((f) => Object.entries(f.control ?? {})));
  const control = options.control === false ? null : new ControlServer(config.dataDir, controlHandlers, () => engine!.services, log);
  return new Core(engine, outbox, scheduler, options.channels, control, broadcasts, cluster, Math.max(1_000, aliveMs));
}
