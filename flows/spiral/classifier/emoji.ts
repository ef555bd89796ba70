import type { LexiconKey } from './lexicon-types.ts';

/**
 * A few unambiguous emoji, language-independent. Weights stay low: an emoji
 * usually decorates words, but an idea that is only "😢" is still a feeling.
 */
const EMOJI: ReadonlyArray<readonly [string, LexiconKey, number]> = [
  ['😀', 'G01', 1], ['😃', 'G01', 1], ['😄', 'G01', 1], ['😊', 'G01', 1], ['🙂', 'G01', 1], ['😂', 'G01', 1], ['🥰', 'G01', 1],
  ['😢', 'G03', 1], ['😭', 'G03', 1], ['😞', 'G03', 1], ['😔', 'G03', 1], ['☹', 'G03', 1], ['🙁', 'G03', 1],
  ['😨', 'G02', 1], ['😱', 'G02', 1], ['😰', 'G02', 1],
  ['😡', 'G07', 1], ['😠', 'G07', 1],
  ['❤', 'D02', 0.5], ['👪', 'D01', 1],
  ['🏠', 'A03', 1], ['🏡', 'A03', 1], ['🍞', 'A01', 1], ['🍎', 'A01', 1], ['🍽', 'A01', 1],
  ['💶', 'A10', 1], ['💰', 'A10', 1], ['💵', 'A10', 1], ['💊', 'A02', 1], ['🏥', 'A02', 1],
  ['⚽', 'A07', 1], ['🎵', 'A07', 1], ['🎶', 'A07', 1], ['📚', 'A05', 1], ['🚌', 'A08', 1], ['🚲', 'A08', 1],
  ['🌳', 'B04', 1], ['🌲', 'B04', 1], ['🌿', 'B04', 1], ['🌍', 'E07', 0.5], ['🕊', 'E04', 1], ['🙏', 'F06', 1],
];

export const EMOJI_CUES: ReadonlyMap<number, readonly [LexiconKey, number]> = new Map(
  EMOJI.map(([emoji, key, weight]) => [emoji.codePointAt(0) as number, [key, weight] as const]),
);
