import type { Address } from '../../src/core/types.ts';
import type { InboundEvent } from '../../src/core/types.ts';
import type { webApi } from '@slack/bolt';
import { escapeMrkdwn } from './format.ts';
import { commandOf, type SlackCommand } from './inbound.ts';

interface Answer {
  texts: string[];
  /** The slash command was acknowledged: what comes later goes to its response_url. */
  acked: boolean;
  responseUrl?: string;
}

/**
 * The few commands the core runs in a channel itself (`ChannelInfo.groupCommand`: a manager's
 * `/together plan digest here`, `/caravan channel here`): delivered as a group event with the
 * channel's address, answered like on Discord, to the person alone: the core's answer becomes the
 * slash command's ephemeral answer, or a post to its response_url when it comes after the
 * acknowledgement. An answer is found by the very address handed to the core; the digest or an
 * announcement later sent to that channel has another and is posted there.
 */
export class ChannelAnswers {
  readonly #open = new WeakMap<Address, Answer>();

  constructor(private readonly fetch: webApi.FetchFunction) {}

  /** The group event for a slash command typed in a channel, when the core runs it there; else null. */
  eventFor(c: SlackCommand, accepts: ((name: string, args: string) => boolean) | undefined): InboundEvent | null {
    // A DM (D…) is nobody's group: the app's own DM, or another person's where the command still goes to the app's DM.
    if (!accepts || !c.user_id || typeof c.channel_id !== 'string' || c.channel_id.startsWith('D')) return null;
    const { name, args } = commandOf(c);
    if (!accepts(name, args)) return null;
    const address: Address = { channel: 'slack', chatId: c.channel_id, userId: c.user_id, group: true };
    this.#open.set(address, { texts: [], acked: false, ...(c.response_url ? { responseUrl: c.response_url } : {}) });
    return { kind: 'command', name, args, address, groupChat: true, ...(c.trigger_id ? { updateId: `c:${c.trigger_id}` } : {}) };
  }

  /** The acknowledgement's body: what the core answered so far, seen by the person alone. */
  ack(address: Address): { response_type: 'ephemeral'; text: string } | undefined {
    const answer = this.#open.get(address);
    if (!answer) return undefined;
    answer.acked = true;
    return answer.texts.length ? { response_type: 'ephemeral', text: escapeMrkdwn(answer.texts.join('\n\n')) } : undefined;
  }

  /** True when `text` answers a command run in a channel (kept for the acknowledgement, or posted to its response_url). */
  async take(to: Address | undefined, text: string): Promise<boolean> {
    const answer = to && this.#open.get(to);
    if (!answer) return false;
    if (!answer.acked) {
      answer.texts.push(text);
      return true;
    }
    if (!answer.responseUrl) return true;
    const res = await this.fetch(answer.responseUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ response_type: 'ephemeral', text: escapeMrkdwn(text) }) });
    if (!res.ok) throw new Error(`response_url answered ${res.status}`);
    return true;
  }
}
