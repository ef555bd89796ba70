import type { HomeView } from '../../src/channels/channel.ts';
import { actionBlocks, BLOCKS_PER_VIEW, section, sectionTexts, type Block } from './format.ts';

/** A header's plain text is at most 150 characters. */
const HEADER = 150;

/**
 * The Home tab: a header, then each section's text and its buttons, within the 100 blocks a
 * view may hold (the last sections are left out rather than the view refused). Buttons carry the
 * core's tokens like message buttons do (action ids `together:h<section>:…`).
 */
export function homeView(home: HomeView): { type: 'home'; blocks: Block[] } {
  const blocks: Block[] = [{ type: 'header', text: { type: 'plain_text', text: [...home.title].slice(0, HEADER).join('') || ' ', emoji: true } }];
  home.sections.forEach((s, i) => {
    const part: Block[] = [...sectionTexts(s.text).map(section), ...actionBlocks(s.buttons?.length ? [s.buttons] : [], `h${i}`)];
    if (blocks.length + part.length + (i > 0 ? 1 : 0) > BLOCKS_PER_VIEW) return;
    if (i > 0) blocks.push({ type: 'divider' });
    blocks.push(...part);
  });
  return { type: 'home', blocks };
}

