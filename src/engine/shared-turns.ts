import type { Address, Reply } from '../core/types.ts';
import type { Handled } from '../channels/channel.ts';
import type { Cluster } from '../cluster/types.ts';
import type { Outbox, SendOptions } from '../outbox/outbox.ts';
import type { Store, UserDoc } from '../store/types.ts';
import type { UnsentTurn } from './doc-fields.ts';
import { loadReply } from './journal.ts';
import type { ThrottledLog } from './throttled-log.ts';
import { addressOf } from './turn.ts';

/** The turns a person's document keeps, oldest first (a single one in documents written before several were kept). */
const turnsOf = (outbox: UserDoc['outbox']): UnsentTurn[] => (outbox === undefined ? [] : Array.isArray(outbox) ? outbox : [outbox]);

/**
 * A person's turns and their replies when other instances share the store. The store lists each
 * turn whose replies may not have gone out (read under the person's lock); the replies of one
 * person go out in the order of their turns whichever instance handled them:
 *  - a turn keeps the person's earlier pending turns, another instance's too, so that if that
 *    instance dies before sending them the recover role sends them from here;
 *  - its replies wait while an earlier turn of another instance is still pending (sent by it, or
 *    taken over by the recover role once it is gone), and behind this instance's own turns of the
 *    person still waiting; nothing waits in the usual case;
 *  - each platform call asks the turn's fence: an instance that seemed gone and whose turn was
 *    taken over does not send it as well.
 */
export class SharedTurns {
  /** Per person: this instance's turns whose replies are not out yet. */
  readonly #inflight = new Map<string, Set<string>>();
  /** Per person: resolves once this instance's latest waiting turn is in the outbox (false: left unsent by a stop). */
  readonly #gates = new Map<string, Promise<boolean>>();

  constructor(
    private readonly cluster: Cluster,
    private readonly outbox: Outbox,
    private readonly store: Store,
    private readonly faults: ThrottledLog,
  ) {}

  /**
   * What a new turn keeps with the person: the turns the store still lists (`turns`), less this
   * instance's own that have gone out already (their clearing may not have landed yet); and the
   * ids of other instances' turns among them, which its replies wait for.
   */
  kept(key: string, outbox: UserDoc['outbox'], turns: readonly string[]): { waiting: UnsentTurn[]; earlier: string[] } {
    if (turns.length === 0) return { waiting: [], earlier: [] };
    const pending = new Set(turns);
    const mine = this.#inflight.get(key);
    const waiting = turnsOf(outbox).filter((t) => pending.has(t.id) && (!this.cluster.owns(t.id) || mine?.has(t.id)));
    return { waiting, earlier: waiting.filter((t) => !this.cluster.owns(t.id)).map((t) => t.id) };
  }

  /** A turn of this instance is about to be saved with replies (`failed` when the save did not happen). */
  begin(key: string, id: string): void {
    let set = this.#inflight.get(key);
    if (!set) this.#inflight.set(key, (set = new Set()));
    set.add(id);
  }

  failed(key: string, id: string): void {
    this.#done(key, id);
  }

  /** Sends a saved turn's replies after the person's `earlier` turns of other instances; clears the turn once they went out. */
  send(key: string, id: string, earlier: string[], address: Address, replies: Reply[]): Handled {
    const fenced = this.#fenced(key, id);
    const { handled, went } = this.#after(key, earlier, address, replies, fenced.fence);
    void handled.delivered
      .then(() => went)
      .then((sent) => {
        this.#done(key, id);
        // Left by a stop, or taken over by another instance: not cleared here (the other one sends and clears it).
        if (sent && !fenced.refused()) this.store.sent(key, id);
      });
    return handled;
  }

  #done(key: string, id: string): void {
    const mine = this.#inflight.get(key);
    mine?.delete(id);
    if (mine?.size === 0) this.#inflight.delete(key);
  }

  #after(key: string, before: string[], address: Address, replies: Reply[], fence: SendOptions['fence']): { handled: Handled; went: Promise<boolean> } {
    const gate = this.#gates.get(key);
    if (!gate && before.length === 0) return { handled: { delivered: this.outbox.send(address, replies, { fence }).then(() => undefined) }, went: Promise.resolve(true) };
    // False when the instance stops first: the turn stays pending, and so do this person's later ones here.
    const ready = (gate ?? Promise.resolve(true)).then(async (went) => {
      if (!went) return false;
      const outcome = before.length === 0 ? 'sent' : await this.cluster.turnsSent(key, before);
      if (outcome === 'late') this.faults.error('order', { channel: address.channel }, "replies waited too long for another instance's earlier replies to the same person; sent without waiting");
      return outcome !== 'stopped';
    });
    const queued = ready.then((go) => ({ go, sending: go ? this.outbox.send(address, replies, { fence }) : Promise.resolve([]) }));
    const next = queued.then((q) => q.go);
    this.#gates.set(key, next);
    void next.then(() => {
      if (this.#gates.get(key) === next) this.#gates.delete(key);
    });
    return { handled: { delivered: queued.then((q) => q.sending).then(() => undefined) }, went: next };
  }

  /** The fence of a turn's replies (see Cluster.turnFence), and whether it refused one. */
  #fenced(key: string, id: string): { fence: NonNullable<SendOptions['fence']>; refused: () => boolean } {
    const check = this.cluster.turnFence(key, id);
    let refused = false;
    const fence = (signal: AbortSignal) => {
      const mine = check(signal);
      const note = (ok: boolean) => {
        if (!ok && !signal.aborted) refused = true;
        return ok;
      };
      return typeof mine === 'boolean' ? note(mine) : mine.then(note);
    };
    return { fence, refused: () => refused };
  }

  /**
   * The recover role's pass: for each person whose oldest pending turn `only` accepts (its
   * instance is gone, and this process has not resent it), the leading run of such turns is taken
   * over in the database (their instance, were it only slow, then leaves them: its fence says so),
   * sent in order, each once, from what the person's document keeps, then cleared, which lets a
   * live instance's later turn of that person go out. A live instance's turn ends the run: its
   * own instance sends it, and the turns after it wait for it. `serial` runs one person's work in
   * order with the engine's own. Resolves once the replies are queued, with how many people had some.
   */
  async recover(only: (id: string) => Promise<boolean>, serial: (key: string, fn: () => Promise<void>) => Promise<void>): Promise<number> {
    let count = 0;
    for (const [key, head] of await this.store.unsent()) {
      if (!(await only(head))) continue;
      await serial(key, () =>
        this.cluster.withPerson(
          key,
          async (_seen, turns = []) => {
            const run: string[] = [];
            for (const id of turns) {
              if (id === head || (await only(id))) run.push(id);
              else break;
            }
            const taken: string[] = [];
            for (const id of run) {
              if (!(await this.cluster.takeTurn(key, id))) break;
              taken.push(id);
            }
            if (taken.length === 0) return;
            const doc = await this.store.loadUser(key).catch(() => null);
            const kept = turnsOf(doc?.outbox);
            const fences = taken.map((id) => this.#fenced(key, id));
            const sends = taken.flatMap((id, i) => kept.filter((t) => t.id === id).map((t) => this.outbox.send(t.address ?? addressOf(doc!), t.replies.map(loadReply), { fence: fences[i]!.fence })));
            if (sends.length > 0) count++;
            const last = taken.at(-1)!;
            void Promise.all(sends).then(() => {
              if (!fences.some((f) => f.refused())) this.store.sent(key, last);
            });
          },
          { turns: true },
        ),
      );
    }
    return count;
  }
}
