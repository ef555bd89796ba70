import type { Choice, Reply } from '../core/types.ts';
import { encodeToken, fitsToken } from '../engine/buttons.ts';
import { chunkRows, layout } from '../engine/layout.ts';
import type { Services } from '../engine/services.ts';
import type { UserDoc } from '../store/types.ts';
import type { Letter, Place, PlaceLetter } from './types.ts';

/**
 * The messages for one recipient of a broadcast, written in the recipient's language and laid
 * out by the engine's one layout rule for the recipient's channel (labels, buttons per row,
 * rows per message). Buttons carry the flow's namespaced action values (`myFlow.button(…)`)
 * and the recipient's owner tag, so the engine routes a press to that flow's action; they are
 * tied to no step. A value too long for the channel's token is refused: a broadcast writes no
 * person's document, so it cannot keep the value in their table.
 */
export function letterFor(services: Services, user: UserDoc): Letter {
  const lang = user.lang ?? services.config.lang;
  const t = services.i18n.translator(lang);
  const replies: Reply[] = [];
  const owner = user.key.slice(0, 4);
  const caps = services.capabilities(user.contact.channel);
  const button = (c: Choice) => {
    const token = { value: c.value, stepRef: '0', seq: user.seq, owner };
    if (!fitsToken(token, caps.maxToken)) throw new Error(`A broadcast button value does not fit ${user.contact.channel}'s ${caps.maxToken}-byte token: ${c.value}`);
    return { label: c.label, token: encodeToken(token, caps.maxToken) };
  };
  const push = (text: string, rows: ReturnType<typeof layout>) => {
    if (rows.length === 0) return void replies.push({ kind: 'text', text });
    chunkRows(rows, caps).forEach((buttons, i) => replies.push({ kind: 'text', text: i === 0 ? text : '…', buttons }));
  };
  return {
    services,
    user,
    lang,
    t,
    now: services.now(),
    replies,
    say(text, choices, columns) {
      push(text, layout((choices ?? []).map(button), [], caps, columns));
    },
    sayRows(text, rows) {
      // Each row the flow asked for stays a row (split where the channel shows fewer buttons).
      push(text, rows.filter((r) => r.length > 0).flatMap((r) => layout(r.map(button), [], caps, r.length)));
    },
    file(filename, mime, content, caption) {
      const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
      replies.push({ kind: 'file', filename, mime, content: bytes, caption });
    },
  };
}

/** The message for a place (a shared chat), in its language: text only, the same for everyone who reads it. */
export function placeLetterFor(services: Services, place: Place): PlaceLetter {
  const replies: Reply[] = [];
  return {
    services,
    place,
    lang: place.lang,
    t: services.i18n.translator(place.lang),
    now: services.now(),
    replies,
    say(text) {
      replies.push({ kind: 'text', text });
    },
  };
}
