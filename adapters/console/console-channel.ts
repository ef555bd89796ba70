import { createInterface } from 'node:readline';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { Channel, ChannelCapabilities, ChannelInfo, EventSink } from '../../src/channels/channel.ts';
import { splitText } from '../../src/channels/split-text.ts';
import { parseCommand, type Address, type Button, type InboundEvent, type Reply } from '../../src/core/types.ts';
import { pickButton, renderText } from './render.ts';

export interface ConsoleOptions {
  /** Who is typing: `together chat --user NAME`. */
  user: string;
  input: Readable;
  output: Writable;
  /** A terminal: show a prompt. Otherwise one message per line, as a script. */
  interactive: boolean;
  /** Where images and files are written, since a terminal cannot show them. */
  fileDir: string;
  /** The typist's locale (from LANG), if any. */
  locale?: string;
}

/**
 * A terminal has no platform limits; these keep what it prints readable: a label fits a line,
 * options stay a short numbered list, a very long text comes in screen-sized pieces. Images and
 * files are "uploaded" into the session's folder; nothing can be edited once printed.
 */
export const CONSOLE_CAPABILITIES: ChannelCapabilities = {
  maxText: 16_384,
  buttonsPerRow: 3,
  // One option per line in a terminal: the eight SPIRAL families and their navigation fit on one screen.
  maxRows: 12,
  maxLabel: 72,
  maxToken: 256,
  edit: false,
  upload: true,
  ephemeral: false,
  linkPayload: false,
  numberedChoices: true,
};

/** The console channel: a conversation in the terminal or through a pipe. */
export class ConsoleChannel implements Channel {
  readonly name = 'console';
  readonly limits = null;
  /** A typed number picks one of the numbered options. */
  readonly numberedChoices = true;
  readonly capabilities = CONSOLE_CAPABILITIES;
  /** Resolves when the input has ended and every reply has been printed. */
  readonly finished: Promise<void>;
  #finish!: () => void;
  #buttons: Button[] = [];
  #rl: ReturnType<typeof createInterface> | null = null;

  constructor(private readonly options: ConsoleOptions) {
    this.finished = new Promise((resolve) => (this.#finish = resolve));
  }

  get address(): Address {
    return { channel: 'console', chatId: this.options.user, userId: this.options.user };
  }

  #forLabel(chatId: string): string {
    return `→ ${chatId}`;
  }

  /** Turns one typed line into an event: a command, a picked option, or text. */
  toEvent(line: string): InboundEvent {
    const base = { address: this.address, locale: this.options.locale, userName: this.options.user };
    // A typed /command is always the command: "/cancel" must not press an old Cancel button.
    const command = parseCommand(line);
    if (command) return { ...base, kind: 'command', ...command };
    const button = this.#buttons.length ? pickButton(this.#buttons, line) : undefined;
    if (button) return { ...base, kind: 'choice', token: button.token };
    return { ...base, kind: 'text', text: line };
  }

  async start(sink: EventSink, info?: ChannelInfo): Promise<void> {
    const { interactive, input, output } = this.options;
    // A terminal gets readline's line editing and history (arrow keys edit instead of printing
    // escape codes); a pipe stays line-exact, with no prompt and no echo.
    const rl = interactive ? createInterface({ input, output, terminal: true, prompt: '> ' }) : createInterface({ input, terminal: false });
    this.#rl = rl;
    // In terminal mode Ctrl-C reaches readline, not the process: end the input like Ctrl-D,
    // so what was typed is finished and the bot stops cleanly.
    rl.on('SIGINT', () => rl.close());
    const prompt = () => {
      if (interactive) rl.prompt();
    };
    if (interactive && info) output.write(`${info.greeting(this.options.locale)}\n\n`);
    // Lines are handled strictly one after the other, as a person would type them.
    let chain = Promise.resolve();
    rl.on('line', (line) => {
      chain = chain.then(async () => {
        const handled = await sink(this.toEvent(line));
        await handled.delivered;
        prompt();
      });
    });
    rl.on('close', () => void chain.then(() => this.#finish()));
    prompt();
  }

  async stop(): Promise<void> {
    this.#rl?.close();
  }

  /** Texts over the console's limit are printed in pieces; the options go with the last. */
  split(reply: Reply): Reply[] {
    if (reply.kind !== 'text') return [reply];
    const parts = splitText(reply.text, this.capabilities.maxText);
    return parts.map((text, i) => (i === parts.length - 1 ? { ...reply, text } : { kind: 'text', text }));
  }

  async deliver(chatId: string, reply: Reply): Promise<void> {
    const out = this.options.output;
    if (reply.kind === 'mark') return;
    // Other console users (a broadcast, a facilitator's notice) have no terminal of their own:
    // their messages show here, labelled, and their buttons are not this typist's to press.
    const mine = chatId === this.options.user;
    const label = mine ? '' : `[${this.#forLabel(chatId)}]\n`;
    if (reply.kind === 'text') {
      if (mine && reply.buttons?.length) this.#buttons = reply.buttons.flat();
      out.write(`${label}${mine ? renderText(reply) : reply.text}\n\n`);
      return;
    }
    if (!mine) {
      out.write(`${label}(${reply.kind === 'image' ? 'image' : 'file'} ${reply.filename})\n\n`);
      return;
    }
    if (reply.caption) out.write(`${reply.caption}\n`);
    // Text documents are printed (they may hold personal data, so no copy is left on disk).
    if (reply.kind === 'file' && /json|text|csv|calendar/.test(reply.mime)) {
      out.write(`--- ${reply.filename} ---\n${Buffer.from(reply.content).toString('utf8')}\n--- end of ${reply.filename} ---\n\n`);
      return;
    }
    mkdirSync(this.options.fileDir, { recursive: true });
    const file = join(this.options.fileDir, reply.filename);
    writeFileSync(file, reply.kind === 'image' ? reply.png : reply.content);
    out.write(`[${reply.filename} → ${file}]\n\n`);
  }
}
