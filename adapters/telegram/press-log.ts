/** A bounded memory of pressed buttons (message text and label), for marking the choice. */
export class PressLog {
  readonly #entries = new Map<string, { text: string; label: string }>();
  constructor(private readonly max: number) {}

  remember(handle: string, text: string, label: string): void {
    this.#entries.set(handle, { text, label });
    if (this.#entries.size > this.max) this.#entries.delete(this.#entries.keys().next().value!);
  }

  take(handle: string): { text: string; label: string } | undefined {
    const entry = this.#entries.get(handle);
    this.#entries.delete(handle);
    return entry;
  }
}
