/** A bounded set of recently seen ids: the oldest are forgotten first. */
export class RecentSet {
  readonly #ids = new Set<string>();
  constructor(private readonly max: number) {}

  has(id: string): boolean {
    return this.#ids.has(id);
  }

  add(id: string): void {
    this.#ids.add(id);
    if (this.#ids.size > this.max) this.#ids.delete(this.#ids.values().next().value!);
  }
}
