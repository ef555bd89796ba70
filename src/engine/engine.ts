import type { Address, InboundEvent, Reply } from '../core/types.ts';
import { personId } from '../core/types.ts';
import { DEFAULT_CAPABILITIES, type Handled } from '../channels/channel.ts';
import type { Outbox } from '../outbox/outbox.ts';
import { StoreCorruptError } from '../store/errors.ts';
import type { UserDoc } from '../store/types.ts';
import type { Job } from '../scheduler/scheduler.ts';
import type { Cluster } from '../cluster/types.ts';
import { randomUUID } from 'node:crypto';
import { groupReplies } from './group.ts';
import { runGroupCommand } from './define.ts';
import { cleanEvent } from './inbound.ts';
import { KeyedQueue } from './keyed-queue.ts';
import { PersonRate, type Admission, type RateRule } from './person-rate.ts';
import { RecentSet } from './recent-set.ts';
import { renderPrompt, routeChoice, routeCommand, routeText } from './router.ts';
import type { Services } from './services.ts';
import { ThrottledLog } from './throttled-log.ts';
import { Turn } from './turn.ts';
import { loadReply, storeReply } from './journal.ts';
import { joinReplies } from './join.ts';
import { addressOf } from './turn.ts';
import type { UnsentTurn } from './doc-fields.ts';
import { SharedTurns } from './shared-turns.ts';
import './doc-fields.ts';

const SEEN_PER_USER = 64;

/** A new person's document is written only when a step stored something, not for a bare prompt. */
const comparable = (doc: UserDoc) => JSON.stringify({ ...doc, seq: 0 });
const changed = (doc: UserDoc, before: string) => comparable(doc) !== before;
const delivered = (): Handled => ({ delivered: Promise.resolve() });

/** What the engine builds itself; the rest of the services come from the composition root. */
type EngineInput = Omit<Services, 'notify' | 'updateUser' | 'schedule' | 'unschedule' | 'link' | 'capabilities'> & Partial<Pick<Services, 'unschedule' | 'link' | 'capabilities'>>;

export interface EngineOptions {
  /** The per-person rate on a channel, or null for none (the console, the manager's own traffic). */
  rate?: (channel: string) => RateRule | null;
  /** Other instances sharing the store: each person's turn then runs under their lock on every instance. */
  cluster?: Cluster;
}

/**
 * The conversation engine: one event at a time per user, in order. Each event loads the
 * user's document, runs the flow step, saves the document durably, and only then hands the
 * replies to the outbox, so a confirmation never goes out for an answer that is not on disk.
 */
export class Engine {
  readonly #queue = new KeyedQueue();
  readonly #recent = new RecentSet(20_000);
  /** Per person with replies in flight: the id of their latest turn, and the earlier ones already handed over. */
  readonly #latest = new Map<string, string>();
  readonly #handedOver = new Map<string, Set<string>>();
  /** With other instances sharing the store: their turns and this one's, in order (see SharedTurns). */
  readonly #shared: SharedTurns | null;
  readonly #rate: PersonRate;
  readonly #faults: ThrottledLog;
  readonly services: Services;
  /** Join the texts of one turn into as few messages as the channel allows (off only to measure the difference). */
  joinTexts = true;

  constructor(
    services: EngineInput,
    private readonly outbox: Outbox,
    schedule: (job: Job) => Promise<void> = () => Promise.reject(new Error('This core has no scheduler.')),
    private readonly options: EngineOptions = {},
  ) {
    this.services = {
      link: () => undefined,
      capabilities: () => DEFAULT_CAPABILITIES,
      unschedule: () => Promise.reject(new Error('This core has no scheduler.')),
      ...services,
      schedule,
      notify: (address, replies, options) => outbox.send(address, replies, options),
      updateUser: (pid, change) => this.#updateUser(pid, change),
    };
    this.#rate = new PersonRate(() => this.services.now());
    this.#faults = new ThrottledLog(services.log, () => this.services.now());
    this.#shared = options.cluster?.shared ? new SharedTurns(options.cluster, outbox, services.store, this.#faults) : null;
  }

  /**
   * Handles one inbound event. Resolves once its effects are durable and its replies queued.
   * Never rejects: whatever fails is logged and the person told, and everyone else is served.
   */
  handle(raw: InboundEvent): Promise<Handled> {
    try {
      const event = cleanEvent(raw);
      const { store } = this.services;
      const key = store.keyOf(personId(event.address));
      const admission = this.#admit(key, event);
      // A dropped event is not queued: a flood must not line up minutes of work and replies.
      if (admission === 'drop') return Promise.resolve(delivered());
      return this.#queue.run(key, () => this.#exclusive(key, event, (turns) => (admission === 'warn' ? this.#tooFast(key, event) : this.#process(key, event, turns)))).catch((e) => this.#failed(e, event));
    } catch (e) {
      return Promise.resolve(this.#failed(e, raw));
    }
  }

  /**
   * With other instances, the turn holds the person's lock on all of them, and an update another
   * instance handled already (a platform's redelivery landing elsewhere) is not handled again.
   */
  #exclusive(key: string, event: InboundEvent, turn: (turns?: readonly string[]) => Promise<Handled>): Promise<Handled> {
    const cluster = this.options.cluster;
    if (!cluster?.shared) return turn();
    const update = event.updateId ? `${event.address.channel}:${event.updateId}` : undefined;
    return cluster.withPerson(key, (seen, turns) => (seen ? Promise.resolve(delivered()) : turn(turns)), { update, turns: true });
  }

  /** The person's lock on every instance, when there are others. */
  #locked<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const cluster = this.options.cluster;
    return cluster?.shared ? cluster.withPerson(key, fn) : fn();
  }

  #admit(key: string, event: InboundEvent): Admission {
    if (event.kind === 'joined' || event.kind === 'left') return 'ok';
    if (this.services.config.managers.has(personId(event.address))) return 'ok';
    const rule = this.options.rate?.(event.address.channel);
    if (!rule) return 'ok';
    const admission = this.#rate.admit(key, rule);
    // In a group, slowing someone down is not worth a message to everyone.
    return admission === 'warn' && event.groupChat ? 'drop' : admission;
  }

  #failed(e: unknown, event: InboundEvent): Handled {
    this.#faults.error('event', { err: e, channel: event.address.channel, kind: event.kind }, 'an event could not be handled');
    if (event.kind === 'joined' || event.kind === 'left' || (event.kind === 'text' && event.groupChat)) return delivered();
    const t = this.services.i18n.translator(this.services.i18n.match(event.locale) ?? this.services.config.lang);
    return this.#send(event.address, [{ kind: 'text', text: t('common:error.internal') }]);
  }

  async #tooFast(key: string, event: InboundEvent): Promise<Handled> {
    const t = this.services.i18n.translator(await this.#langOf(key, event));
    return this.#send(event.address, [{ kind: 'text', text: t('common:rate.tooFast') }]);
  }

  /** The person's language without changing anything: their document's, else their platform's. */
  async #langOf(key: string, event: InboundEvent): Promise<string> {
    const { store, i18n, config } = this.services;
    const doc = await store.loadUser(key).catch(() => null);
    return doc?.lang ?? i18n.match(event.locale) ?? config.lang;
  }

  /** `turns`: with other instances, the person's turns whose replies may be unsent, as the store holds them. */
  async #process(key: string, event: InboundEvent, turns?: readonly string[]): Promise<Handled> {
    const { store, i18n, config, log } = this.services;
    const seenId = event.updateId ? `${event.address.channel}:${event.updateId}` : undefined;
    if (seenId && this.#recent.has(seenId)) return delivered();

    if (event.groupChat) {
      // Nothing from a group is stored or answered personally: no document is created or changed.
      if (seenId) this.#recent.add(seenId);
      const lang = await this.#langOf(key, event);
      // The few commands a flow runs in the group itself (groupCommands); everything else gets the pointer.
      const ran = event.kind === 'command' ? await runGroupCommand(this.services, event, lang) : undefined;
      const replies = ran ?? (event.kind === 'command' || event.kind === 'choice' ? groupReplies(this.services, event, i18n.translator(lang)) : []);
      return this.#send(event.address, replies);
    }

    let doc: UserDoc | null;
    try {
      doc = await store.loadUser(key);
    } catch (e) {
      if (!(e instanceof StoreCorruptError)) throw e;
      log.error({ file: e.file }, e.message);
      const t = i18n.translator(i18n.match(event.locale) ?? config.lang);
      return this.#send(event.address, [{ kind: 'text', text: t('common:error.damaged') }]);
    }
    if (seenId && doc?.seen.includes(seenId)) {
      this.#recent.add(seenId);
      return delivered();
    }
    if (event.kind === 'left' || event.kind === 'joined') {
      // Only the private chat's state counts: a chat that is not the person's own says nothing.
      if (!doc || doc.contact.chatId !== event.address.chatId) return delivered();
    }
    const existed = doc !== null;
    doc ??= this.#fresh(key, event);
    doc.contact.chatId = event.address.chatId;
    if (event.userName) doc.contact.name = event.userName;
    if (event.timeZone) doc.tz = event.timeZone;
    // Only a new person's document needs comparing: an existing one is saved every time.
    const before = existed ? '' : comparable(doc);

    const lang = doc.lang ?? i18n.match(event.locale) ?? config.lang;
    // loadUser hands out a copy, so the turn may change it freely; a failed step just drops it.
    const turn = new Turn(this.services, event, doc, lang);
    try {
      await this.#dispatch(turn, event);
      if (turn.promptNeeded) renderPrompt(turn);
    } catch (e) {
      this.#faults.error('step', { err: e, channel: event.address.channel, kind: event.kind }, 'a flow step failed; the user keeps the previous state');
      return this.#send(event.address, [{ kind: 'text', text: turn.t('common:error.internal') }]);
    }

    const replies = this.joinTexts ? joinReplies(turn.replies, this.services.capabilities(event.address.channel)) : turn.replies;
    let unsent: string | undefined;
    let earlier: string[] = [];
    try {
      if (turn.erased) {
        await store.deleteUser(key);
      } else if (existed || changed(turn.user, before)) {
        if (seenId) turn.user.seen = [...turn.user.seen.slice(-(SEEN_PER_USER - 1)), seenId];
        // The replies travel in the same atomic write as the state they confirm, with the mark
        // that says they may be unsent: a crash before they go out loses nothing.
        // Earlier turns whose replies are still waiting (a 429, a slow platform) stay with it:
        // a crash now must not lose them because a newer turn was saved over them.
        // With other instances, what the store lists as pending (theirs too); their turns go out first.
        const shared = turns && this.#shared ? this.#shared.kept(key, turn.user.outbox, turns) : null;
        const waiting = shared ? shared.waiting : this.#stillUnsent(key, turn.user.outbox);
        earlier = shared?.earlier ?? [];
        if (replies.length > 0) {
          unsent = this.options.cluster?.unsentId() ?? randomUUID().slice(0, 8);
          waiting.push({ id: unsent, address: event.address, replies: replies.map(storeReply) });
          if (shared) this.#shared!.begin(key, unsent);
          else this.#latest.set(key, unsent);
        }
        if (waiting.length > 0) turn.user.outbox = waiting;
        else delete turn.user.outbox;
        await store.saveUser(turn.user, unsent ? { unsent } : undefined);
      }
    } catch (e) {
      if (unsent && turns) this.#shared?.failed(key, unsent);
      // The store keeps memory as it was; the turn's replies would confirm what is not on disk.
      this.#faults.error('save', { err: e, channel: event.address.channel }, 'an answer could not be saved; the person was asked to try again');
      return this.#send(event.address, [{ kind: 'text', text: turn.t('common:error.notSaved') }]);
    }
    if (seenId) this.#recent.add(seenId);
    if (turns && unsent && this.#shared) return this.#shared.send(key, unsent, earlier, event.address, replies);
    const handled = this.#send(event.address, replies);
    if (unsent) {
      const id = unsent;
      void handled.delivered.then(() => this.#delivered(key, id));
    }
    return handled;
  }

  /**
   * The turns of `outbox` whose replies have not been handed over yet, oldest first. With no turn
   * of the person in flight (`#latest` unset) every kept turn has gone out.
   */
  #stillUnsent(key: string, outbox: UserDoc['outbox']): UnsentTurn[] {
    if (!this.#latest.has(key)) return [];
    const all = outbox === undefined ? [] : Array.isArray(outbox) ? outbox : [outbox];
    const done = this.#handedOver.get(key);
    return done ? all.filter((t) => !done.has(t.id)) : [...all];
  }

  /**
   * A turn's replies went out. The outbox keeps each chat's order, so once the person's latest
   * turn is through, every earlier one is too: the mark is cleared and nothing is kept in memory.
   */
  #delivered(key: string, id: string): void {
    if (this.#latest.get(key) === id) {
      this.#latest.delete(key);
      this.#handedOver.delete(key);
      this.services.store.sent(key, id);
      return;
    }
    let done = this.#handedOver.get(key);
    if (!done) this.#handedOver.set(key, (done = new Set()));
    done.add(id);
  }

  /**
   * Sends the replies of turns a crash interrupted between saving and sending (found through the
   * store's unsent marks, not by reading every person's file). Resolves once they are queued.
   * `only`: the marks to resend (with other instances, those of an instance that is gone).
   */
  async recover(only?: (id: string) => Promise<boolean>): Promise<number> {
    const { store } = this.services;
    if (this.#shared && only) return this.#shared.recover(only, (key, fn) => this.#queue.run(key, fn));
    let count = 0;
    for (const [key, id] of await store.unsent()) {
      if (only && !(await only(id))) continue;
      await this.#queue.run(key, () => this.#locked(key, async () => {
        const doc = await store.loadUser(key).catch(() => null);
        const kept = doc?.outbox;
        const turns = kept === undefined ? [] : Array.isArray(kept) ? kept : [kept];
        const upTo = turns.findIndex((t) => t.id === id);
        if (!doc || upTo < 0) {
          store.sent(key, id);
          return;
        }
        count++;
        // Every turn the crash left unsent, in order (a turn that had gone out may go again: at least once).
        const sends = turns.slice(0, upTo + 1).map((t) => this.outbox.send(t.address ?? addressOf(doc), t.replies.map(loadReply)));
        this.#latest.set(key, id);
        void Promise.all(sends).then(() => this.#delivered(key, id));
      }));
    }
    return count;
  }

  /** A graceful stop, after the outbox drained: the store's close() writes the last sent marks. */
  settle(): Promise<void> {
    return Promise.resolve();
  }

  #send(address: Address, replies: Reply[]): Handled {
    if (replies.length === 0) return delivered();
    return { delivered: this.outbox.send(address, replies).then(() => undefined) };
  }

  async #dispatch(turn: Turn, event: InboundEvent): Promise<void> {
    switch (event.kind) {
      case 'command':
        return routeCommand(turn, event);
      case 'choice':
        return routeChoice(turn, event);
      case 'text':
        return routeText(turn, event);
      case 'joined':
      case 'left':
        turn.user.unreachable = event.kind === 'left';
        for (const flow of this.services.flows.values()) await flow.onMembership?.(turn, event.kind);
        return;
    }
  }

  #fresh(key: string, event: InboundEvent): UserDoc {
    return {
      schema: 1,
      key,
      pseudonym: `p-${randomUUID().slice(0, 13)}`,
      contact: { channel: event.address.channel, userId: event.address.userId, chatId: event.address.chatId, ...(event.userName ? { name: event.userName } : {}) },
      createdAt: this.services.now().toISOString(),
      seq: 0,
      seen: [],
      flows: {},
    };
  }

  async #updateUser(pid: string, change: (doc: UserDoc) => void): Promise<boolean> {
    const key = this.services.store.keyOf(pid);
    return this.#queue.run(key, () => this.#locked(key, async () => {
      const doc = await this.services.store.loadUser(key);
      if (!doc) return false;
      change(doc);
      await this.services.store.saveUser(doc);
      return true;
    }));
  }

  /** Resolves when no event is being handled. */
  idle(): Promise<void> {
    return this.#queue.idle();
  }
}
