import { readLocales } from '../../src/i18n/i18n.ts';

/** The manifest's slash commands: Slack runs these itself, so a mention of them stays as it is. */
export const SLACK_COMMANDS = new Set(['together', 'spiral', 'caravan', 'propose']);

/** The umbrella command every other core command goes through in Slack. */
export const UMBRELLA = 'together';

/**
 * A command mention as a text shows it, before the rewrite ("/back") or after ("/together
 * back"): long texts are never cut inside one (splitText's `keep`), or a person would see
 * "/together" at the end of one message and "back" at the start of the next.
 */
export const COMMAND_SPAN = new RegExp(`/${UMBRELLA} [a-z][a-z0-9_]*|/[a-z][a-z0-9_]*`, 'g');

/**
 * A command mention: a slash at the start of a word ("and/or", "https://x/help" are not) and a
 * name that the next character does not continue ("/helpdesk" is not "/help").
 */
const MENTION = /(?<![\p{L}\p{N}_/:.@#&-])\/([a-z][a-z0-9_]*)(?![\p{L}\p{N}_/])/gu;
/** i18next's placeholders: what fills them (a name, an idea, a town) is never the core's own text. */
const PLACEHOLDER = /\{\{[^}]*\}\}/;

interface Fragment {
  /** A piece of a template without placeholders, holding the mention. */
  text: string;
  /** Where the mention's slash is in it. */
  at: number;
  /** The piece must start a line (the help list, which the core builds as "/name — description"). */
  lineStart?: boolean;
}

/**
 * Slack takes every message that starts with "/" as a slash command, so a person cannot send
 * `/back` in the DM ("not a valid command"), while the core's texts say "/back". This rewrites
 * the core's own command mentions into what works in Slack, `/together back`, and leaves
 * Slack's own slash commands (/spiral…) as they are.
 *
 * Only the core's words are rewritten, never what a person typed: a reply is plain text in which
 * an idea, a group name or a town may well contain "/back". A mention counts as the core's when
 * the text around it is a piece of one of the core's templates (locales/<lang>/*.json, cut at
 * their `{{placeholders}}`, so interpolated values are never part of a piece) or a line of the
 * help list the core builds from the commands it publishes. The rewrite happens on the plain
 * text, before escaping: there are no links or code spans in the core's texts, and a URL's path
 * ("…/help") is no mention (the slash follows a letter).
 */
export class CommandMentions {
  readonly #fragments = new Map<string, Fragment[]>();

  /**
   * `published`: the commands the core publishes (ChannelInfo.commands). Every other name a
   * template mentions as a command ("/agree") is the core's too: templates are the core's text.
   */
  constructor(published: Iterable<string>, templates: Iterable<string> = templateStrings()) {
    const names = new Set([...published].map((n) => n.toLowerCase()));
    const seen = new Set<string>();
    for (const template of templates) {
      for (const piece of template.split(PLACEHOLDER)) {
        if (!piece.includes('/') || seen.has(piece)) continue;
        seen.add(piece);
        for (const m of piece.matchAll(MENTION)) this.#add(m[1]!, { text: piece, at: m.index });
      }
    }
    // "/start — begin…": the help list (src/engine/help.ts); the description is a template of its own.
    for (const name of names) this.#add(name, { text: `/${name} — `, at: 0, lineStart: true });
  }

  #add(name: string, fragment: Fragment): void {
    if (SLACK_COMMANDS.has(name)) return;
    const list = this.#fragments.get(name);
    if (list) list.push(fragment);
    else this.#fragments.set(name, [fragment]);
  }

  /** The names rewritten (for tests and the README's list). */
  get names(): string[] {
    return [...this.#fragments.keys()].sort();
  }

  /** `text` with the core's `/name` mentions as `/together name`; anything else untouched. */
  rewrite(text: string): string {
    if (!text.includes('/')) return text;
    let out = '';
    let last = 0;
    for (const m of text.matchAll(MENTION)) {
      const fragments = this.#fragments.get(m[1]!);
      if (!fragments?.some((f) => isAt(text, m.index, f))) continue;
      out += `${text.slice(last, m.index)}/${UMBRELLA} ${m[1]}`;
      last = m.index + m[0].length;
    }
    return last === 0 ? text : out + text.slice(last);
  }
}

/** True when `f` is in `text` with its mention at `pos`. */
function isAt(text: string, pos: number, f: Fragment): boolean {
  const start = pos - f.at;
  if (start < 0 || !text.startsWith(f.text, start)) return false;
  return !f.lineStart || start === 0 || text[start - 1] === '\n';
}

/** Every string of every shipped language's locale files. */
function templateStrings(): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else if (v && typeof v === 'object') for (const child of Object.values(v)) walk(child);
  };
  walk(readLocales());
  return out;
}
