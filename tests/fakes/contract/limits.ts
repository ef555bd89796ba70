import type { ChannelCapabilities } from '../../../src/channels/channel.ts';
import type { SeenMessage } from './driver.ts';

/** Everything in what the user sees that breaks the channel's declared limits, one line each. */
export function layoutProblems(messages: SeenMessage[], caps: ChannelCapabilities): string[] {
  const problems: string[] = [];
  messages.forEach((m, i) => {
    const where = `message ${i + 1} (${JSON.stringify(m.text.slice(0, 40))})`;
    if (m.text.length > caps.maxText) problems.push(`${where}: ${m.text.length} characters > maxText ${caps.maxText}`);
    if (m.rows.length > caps.maxRows) problems.push(`${where}: ${m.rows.length} rows > maxRows ${caps.maxRows}`);
    for (const row of m.rows) {
      if (row.length > caps.buttonsPerRow) problems.push(`${where}: a row of ${row.length} > buttonsPerRow ${caps.buttonsPerRow}`);
      for (const b of row) {
        if ([...b.label].length > caps.maxLabel) problems.push(`${where}: label ${JSON.stringify(b.label)} > maxLabel ${caps.maxLabel}`);
        if (b.token !== undefined && Buffer.byteLength(b.token) > caps.maxToken) problems.push(`${where}: token of ${Buffer.byteLength(b.token)} bytes > maxToken ${caps.maxToken}`);
      }
    }
  });
  return problems;
}
