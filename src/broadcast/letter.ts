import type { Choice, Reply } from '../core/types.ts';
import { encodeToken } from '../engine/buttons.ts';
import type { Services } from '../engine/services.ts';
import type { UserDoc } from '../store/types.ts';
import type { Letter } from './types.ts';

/**
 * The messages for one recipient of a broadcast, written in the recipient's language. Buttons
 * carry the recipient's owner tag like any button of a conversation, so the engine routes a
 * press to the flow's actions; they are tied to no step.
 */
export function letterFor(services: Services, user: UserDoc): Letter {
  const lang = user.lang ?? services.config.lang;
  const t = services.i18n.translator(lang);
  const replies: Reply[] = [];
  const owner = user.key.slice(0, 4);
  const button = (c: Choice) => ({ label: c.label, token: encodeToken({ value: c.value, stepRef: '0', seq: user.seq, owner }) });
  const rows = (choices: Choice[], columns?: number) => {
    const perRow = columns ?? (choices.every((c) => [...c.label].length <= 14) ? 3 : 1);
    const out: Choice[][] = [];
    for (let i = 0; i < choices.length; i += perRow) out.push(choices.slice(i, i + perRow));
    return out;
  };
  const sayRows = (text: string, layout: Choice[][]) => {
    const buttons = layout.filter((r) => r.length > 0).map((r) => r.map(button));
    replies.push(buttons.length ? { kind: 'text', text, buttons } : { kind: 'text', text });
  };
  return {
    services,
    user,
    lang,
    t,
    now: services.now(),
    replies,
    say(text, choices, columns) {
      sayRows(text, rows(choices ?? [], columns));
    },
    sayRows,
    file(filename, mime, content, caption) {
      const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
      replies.push({ kind: 'file', filename, mime, content: bytes, caption });
    },
  };
}
