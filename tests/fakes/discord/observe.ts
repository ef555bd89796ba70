// What tests read back: the bot's messages as people see them, registered commands, interaction
// records, the call log, and waiting for any of them with a readable failure.
import { routeMatches } from './route-match.ts';
import type { State } from './state.ts';
import type { DiscordCallRecord, InteractionRecord, RegisteredCommand, SeenDiscordMessage } from './types.ts';

export class Observer {
  constructor(
    private readonly state: State,
    private readonly botUserId: string,
  ) {}

  messages(channelId: string): SeenDiscordMessage[] {
    return this.state
      .channelMessages(channelId)
      .filter((m) => m.authorId === this.botUserId)
      .map((m) => ({
        id: m.id,
        content: m.content,
        ...(m.components !== undefined ? { components: m.components } : {}),
        attachments: m.attachments.map((a) => ({ filename: a.filename, bytes: a.bytes })),
        edited: m.editedTimestamp !== undefined,
        ...(m.allowedMentions !== undefined ? { allowedMentions: m.allowedMentions } : {}),
        ...(m.embeds !== undefined ? { embeds: m.embeds } : {}),
        flags: m.flags,
        ...(m.interactionId ? { interactionId: m.interactionId } : {}),
        ...(m.to ? { to: m.to } : {}),
      }));
  }

  /** Everything said in a channel, people's messages included (addition). */
  history(channelId: string): { id: string; authorId: string; content: string }[] {
    return this.state.channelMessages(channelId).map((m) => ({ id: m.id, authorId: m.authorId, content: m.content }));
  }

  registeredCommands(scope?: { guildId?: string }): RegisteredCommand[] {
    return this.state.commands.get(scope?.guildId ?? 'global') ?? [];
  }

  calls(route?: string): DiscordCallRecord[] {
    if (!route) return [...this.state.callLog];
    return this.state.callLog.filter((c) => routeMatches(route, c.method, c.route, c.path));
  }

  interaction(id: string): InteractionRecord | undefined {
    return this.state.interactions.get(id)?.record;
  }

  /** Resolves with the first truthy value of `probe` (checked at each change); rejects after `timeoutMs` with `describe()`. */
  waitFor<T>(probe: () => T | undefined | false | null, timeoutMs = 5000, what = 'condition'): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const value = probe();
        if (value === undefined || value === false || value === null) return false;
        stop();
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`fake Discord: timed out waiting for ${what}\n${this.describe()}`));
      }, timeoutMs);
      const off = this.state.onChange(() => void check());
      const stop = (): void => {
        clearTimeout(timer);
        off();
      };
      check();
    });
  }

  waitForMessage(channelId: string, predicate: (m: SeenDiscordMessage) => boolean = () => true, timeoutMs = 5000): Promise<SeenDiscordMessage> {
    return this.waitFor(() => this.messages(channelId).find(predicate), timeoutMs, `a bot message in ${channelId}`);
  }

  /** A readable summary for failing tests: the bot's recent messages and failed calls. */
  describe(): string {
    const lines: string[] = [];
    const bot = [...this.state.messages.values()].filter((m) => m.authorId === this.botUserId).slice(-10);
    lines.push(`bot messages (last ${bot.length}):`);
    for (const m of bot) lines.push(`  [${m.channelId}] ${JSON.stringify(m.content.slice(0, 120))}${m.components ? ` +${m.components.length} rows` : ''}`);
    const failed = this.state.callLog.filter((c) => c.status >= 400).slice(-10);
    lines.push(`failed calls (last ${failed.length}):`);
    for (const c of failed) lines.push(`  ${c.method} ${c.path} → ${c.status}${c.code !== undefined ? ` ${c.code}` : ''}`);
    return lines.join('\n');
  }
}
