import type { Reply } from '../src/core/types.ts';
import type { Channel, EventSink } from '../src/channels/channel.ts';

/** An in-memory channel without limits: deliver() only records when each chat's reply came out. */
export class BenchChannel implements Channel {
  readonly name = 'bench';
  readonly limits = null;
  sink: EventSink | null = null;
  delivered = 0;
  /** performance.now() of the latest reply delivered to each chat. */
  readonly lastAt = new Map<string, number>();

  async start(sink: EventSink): Promise<void> {
    this.sink = sink;
  }

  async stop(): Promise<void> {
    this.sink = null;
  }

  async deliver(chatId: string, _reply: Reply): Promise<void> {
    this.delivered++;
    this.lastAt.set(chatId, performance.now());
  }
}
