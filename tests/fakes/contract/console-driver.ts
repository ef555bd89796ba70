// The console channel on a core, through its streams: lines in, printed messages out.
import { PassThrough, Writable } from 'node:stream';
import { join } from 'node:path';
import { createCore } from '../../../src/app.ts';
import type { ChannelInfo, EventSink } from '../../../src/channels/channel.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import { allFlows } from '../../../flows/index.ts';
import { ConsoleChannel, type ConsoleOptions } from '../../../adapters/console/console-channel.ts';
import { DeliveryTracker, type ChannelDriver, type SeenMessage } from './driver.ts';

class TrackedConsole extends ConsoleChannel {
  constructor(options: ConsoleOptions, private readonly tracker: DeliveryTracker) {
    super(options);
  }
  override start(sink: EventSink, info?: ChannelInfo): Promise<void> {
    return super.start(this.tracker.wrap(sink), info);
  }
}

const chunked = <T>(items: T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/**
 * One printed message: its text, its numbered options and its navigation line. A terminal shows
 * a list, one option a line; the limits that matter are how many options and how long a label,
 * so the options are counted as rows of the console's `buttonsPerRow`.
 */
function parse(chunk: string, perRow: number): SeenMessage {
  const lines = chunk.replace(/\n+$/, '').split('\n');
  const options: { label: string }[] = [];
  let nav: { label: string }[] = [];
  const text: string[] = [];
  lines.forEach((line, i) => {
    const option = /^ {2}\d+\) (.*)$/.exec(line);
    if (option) options.push({ label: option[1]! });
    else if (i === lines.length - 1 && /^ {2}\S/.test(line) && (options.length > 0 || /\(\/\w+\)/.test(line))) nav = line.trim().split('  ·  ').map((l) => ({ label: l.replace(/ \(\/\w+\)$/, '') }));
    else text.push(line);
  });
  const media = /^\[[^\]]+ → [^\]]+\]$/.test(chunk.trim()) || chunk.startsWith('--- ');
  return { text: text.join('\n'), rows: [...chunked(options, perRow), ...chunked(nav, perRow)], ...(media ? { media: true } : {}) };
}

export async function consoleDriver(dir: string, typist = 'ana'): Promise<ChannelDriver> {
  const input = new PassThrough();
  const printed: string[] = [];
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      printed.push(chunk.toString('utf8'));
      done();
    },
  });
  const tracker = new DeliveryTracker();
  const channel = new TrackedConsole({ user: typist, input, output, interactive: false, fileDir: join(dir, 'files'), locale: 'en' }, tracker);
  const core = await createCore({
    config: { dataDir: dir, lang: 'en', tz: 'Europe/Brussels', managers: new Set() },
    flows: allFlows,
    channels: [channel],
    log: silentLogger(),
  });
  await core.start();
  let typed = 0;
  const only = (name: string) => {
    if (name !== typist) throw new Error(`the console has one typist (${typist}), not ${name}`);
  };
  const type = async (line: string) => {
    input.write(`${line}\n`);
    await tracker.reached(++typed);
    await tracker.delivered();
  };
  // Messages for other people are printed labelled "[→ id]"; the typist's own are not.
  const seen = () => printed.filter((chunk) => !chunk.startsWith('[→ ')).map((chunk) => parse(chunk, channel.capabilities.buttonsPerRow));
  const latestOptions = () => [...seen()].reverse().find((m) => m.rows.flat().length > 0);
  return {
    name: 'console',
    channel,
    core,
    capabilities: { ...channel.capabilities } as ChannelDriver['capabilities'],
    address: (name) => (only(name), { channel: 'console', chatId: name, userId: name }),
    meet: only,
    send: (name, text) => (only(name), type(text)),
    async press(name, label) {
      only(name);
      const button = latestOptions()?.rows.flat().find((b) => label.test(b.label));
      if (!button) throw new Error(`no option ${label} in:\n${printed.join('')}`);
      await type(button.label);
    },
    async pressStale(name, _message, label) {
      // A terminal keeps no old buttons: the stale press is a number typed for options whose step is over.
      only(name);
      const last = [...printed].reverse().find((chunk) => /^ {2}\d+\) /m.test(chunk)) ?? '';
      const options = [...last.matchAll(/^ {2}\d+\) (.*)$/gm)].map((m) => m[1]!);
      const index = options.findIndex((l) => label.test(l));
      await type(String(index >= 0 ? index + 1 : 1));
    },
    seen: (name) => (only(name), seen()),
    settle: () => tracker.delivered(),
    async stop() {
      input.end();
      await channel.finished;
      await core.stop();
    },
  };
}
