import { isComponentCode } from '../grid/index.ts';
import type { FamilyCode } from '../grid/index.ts';
import { EMOJI_CUES } from './emoji.ts';
import { SUPPORTED_LANGUAGES, classifierLanguage, lexiconFor } from './lexicons.ts';
import { addCues, emptyTally, tallyTokens } from './match.ts';
import type { Tally } from './match.ts';
import { tokenise } from './normalise.ts';

// A foreign lexicon is only consulted when the group's language found nothing
// (code-switching, an English word in a Romanian note); it counts for less.
const FOREIGN_FACTOR = 0.5;

function emojiCues(text: string, tally: Tally): void {
  for (const ch of text.slice(0, 2000)) {
    const cue = EMOJI_CUES.get(ch.codePointAt(0) as number);
    if (!cue) continue;
    const [key, weight] = cue;
    const family = key[0] as FamilyCode;
    addCues(tally, [{ family, component: isComponentCode(key) ? key : undefined, weight }]);
  }
}

/** The lexicons' evidence: summed cue weights per family and component. */
export function analyse(text: string, lang: string): Tally {
  const tally = emptyTally();
  const source = typeof text === 'string' ? text : '';
  if (source.length === 0) return tally;
  const primary = classifierLanguage(lang);
  const tokens = tokenise(source);
  tallyTokens(lexiconFor(primary), tokens, tally);
  emojiCues(source, tally);
  if (tally.hits === 0) {
    for (const other of SUPPORTED_LANGUAGES) {
      if (other !== primary) tallyTokens(lexiconFor(other), tokens, tally, FOREIGN_FACTOR);
    }
  }
  return tally;
}
