/** A bounded set of recently seen ids: the oldest are forgotten first. */
export class RecentSet {
  readonly #ids = new Set<string>();
  /**
   * The ids in the order they came, as a ring: finding the oldest through the set's own order
   * walks over every deleted entry first, which made each add slower the longer the bot ran.
   */
  readonly #ring: (string | undefined)[];
  #next = 0;

  constructor(private readonly max: number) {
    this.#ring = new Array<string | undefined>(max);
  }

  has(id: string): boolean {
    return this.#ids.has(id);
  }

  add(id: string): void {
    if (this.#ids.has(id)) return;
    const oldest = this.#ring[this.#next];
    if (oldest !== undefined) this.#ids.delete(oldest);
    this.#ring[this.#next] = id;
    this.#next = (this.#next + 1) % this.max;
    this.#ids.add(id);
  }
}
