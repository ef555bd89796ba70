// Block Kit limits as documented in Slack's block and element references. A message whose blocks
// break one fails with invalid_blocks (views: invalid_arguments), and a message explaining which
// rule and where, so that a test failure names the offending block.
import { invalid, SlackError } from './errors.ts';

type Json = Record<string, unknown>;

export const MAX_MESSAGE_BLOCKS = 50;
export const MAX_VIEW_BLOCKS = 100;

const BLOCK_TYPES = new Set(['section', 'actions', 'context', 'divider', 'header', 'image', 'input', 'rich_text', 'file', 'video', 'markdown', 'context_actions']);

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates a blocks array; `error` is the code to fail with, `max` the surface's block limit. */
export function validateBlocks(blocks: unknown, opts: { error: 'invalid_blocks' | 'invalid_arguments'; max: number; pointer: string }): unknown[] {
  const { error, pointer } = opts;
  if (!Array.isArray(blocks)) throw invalid(error === 'invalid_blocks' ? 'invalid_blocks_format' : error, 'must provide an array', pointer);
  if (blocks.length > opts.max) throw invalid(error, `no more than ${opts.max} items allowed`, pointer);
  const blockIds = new Set<string>();
  blocks.forEach((block, i) => validateBlock(block, `${pointer}/${i}`, error, blockIds));
  return blocks;
}

function validateBlock(block: unknown, at: string, error: string, blockIds: Set<string>): void {
  if (!isObject(block) || typeof block.type !== 'string') throw invalid(error, 'missing required field: type', at);
  if (!BLOCK_TYPES.has(block.type)) throw invalid(error, `unsupported type: ${block.type}`, `${at}/type`);
  if (block.block_id !== undefined) {
    const id = block.block_id;
    if (typeof id !== 'string' || id.length === 0) throw invalid(error, 'must be a non-empty string', `${at}/block_id`);
    if (id.length > 255) throw invalid(error, 'must be less than 256 characters', `${at}/block_id`);
    if (blockIds.has(id)) throw invalid(error, `duplicate block_id: ${id}`, `${at}/block_id`);
    blockIds.add(id);
  }
  switch (block.type) {
    case 'section':
      return section(block, at, error);
    case 'header':
      return textObject(block.text, `${at}/text`, error, 150, true);
    case 'actions':
      return elements(block.elements, `${at}/elements`, error, 25);
    case 'context':
      return contextElements(block.elements, `${at}/elements`, error);
    case 'image':
      return image(block, at, error);
    case 'markdown':
      if (typeof block.text !== 'string' || block.text.length > 12_000) throw invalid(error, 'must be a string of at most 12000 characters', `${at}/text`);
      return;
    default:
      return;
  }
}

function section(block: Json, at: string, error: string): void {
  if (block.text === undefined && block.fields === undefined) throw invalid(error, 'must provide text or fields', at);
  if (block.text !== undefined) textObject(block.text, `${at}/text`, error, 3000);
  if (block.fields !== undefined) {
    if (!Array.isArray(block.fields) || block.fields.length === 0) throw invalid(error, 'must provide a non-empty array', `${at}/fields`);
    if (block.fields.length > 10) throw invalid(error, 'no more than 10 items allowed', `${at}/fields`);
    block.fields.forEach((f, i) => textObject(f, `${at}/fields/${i}`, error, 2000));
  }
  if (block.accessory !== undefined) elements([block.accessory], `${at}/accessory`, error, 1, false);
}

function image(block: Json, at: string, error: string): void {
  if (typeof block.image_url !== 'string' && !isObject(block.slack_file)) throw invalid(error, 'must provide image_url or slack_file', at);
  if (typeof block.image_url === 'string' && block.image_url.length > 3000) throw invalid(error, 'must be less than 3001 characters', `${at}/image_url`);
  if (typeof block.alt_text !== 'string' || block.alt_text.length === 0 || block.alt_text.length > 2000) {
    throw invalid(error, 'must be a string of 1 to 2000 characters', `${at}/alt_text`);
  }
}

function contextElements(list: unknown, at: string, error: string): void {
  if (!Array.isArray(list) || list.length === 0) throw invalid(error, 'must provide a non-empty array', at);
  if (list.length > 10) throw invalid(error, 'no more than 10 items allowed', at);
  list.forEach((el, i) => {
    if (isObject(el) && el.type === 'image') return;
    textObject(el, `${at}/${i}`, error, 3000);
  });
}

function elements(list: unknown, at: string, error: string, max: number, indexed = true): void {
  if (!Array.isArray(list) || list.length === 0) throw invalid(error, 'must provide a non-empty array', at);
  if (list.length > max) throw invalid(error, `no more than ${max} items allowed`, at);
  const actionIds = new Set<string>();
  list.forEach((el, i) => element(el, indexed ? `${at}/${i}` : at, error, actionIds));
}

function element(el: unknown, at: string, error: string, actionIds: Set<string>): void {
  if (!isObject(el) || typeof el.type !== 'string') throw invalid(error, 'missing required field: type', at);
  if (el.action_id !== undefined) {
    if (typeof el.action_id !== 'string' || el.action_id.length === 0) throw invalid(error, 'must be a non-empty string', `${at}/action_id`);
    if (el.action_id.length > 255) throw invalid(error, 'must be less than 256 characters', `${at}/action_id`);
    if (actionIds.has(el.action_id)) throw invalid(error, `duplicate action_id: ${el.action_id}`, `${at}/action_id`);
    actionIds.add(el.action_id);
  }
  switch (el.type) {
    case 'button':
      textObject(el.text, `${at}/text`, error, 75, true);
      if (el.value !== undefined && (typeof el.value !== 'string' || el.value.length > 2000)) throw invalid(error, 'must be a string of at most 2000 characters', `${at}/value`);
      if (el.url !== undefined && (typeof el.url !== 'string' || el.url.length > 3000)) throw invalid(error, 'must be a string of at most 3000 characters', `${at}/url`);
      if (el.style !== undefined && el.style !== 'primary' && el.style !== 'danger') throw invalid(error, 'must be one of primary, danger', `${at}/style`);
      return;
    case 'static_select':
    case 'multi_static_select':
    case 'radio_buttons':
    case 'checkboxes':
      return options(el, at, error, el.type === 'radio_buttons' || el.type === 'checkboxes' ? 10 : 100);
    case 'overflow':
      return options(el, at, error, 5, 2);
    default:
      return;
  }
}

function options(el: Json, at: string, error: string, max: number, min = 1): void {
  if (el.option_groups !== undefined) return;
  const list = el.options;
  if (!Array.isArray(list) || list.length < min) throw invalid(error, `must provide at least ${min} items`, `${at}/options`);
  if (list.length > max) throw invalid(error, `no more than ${max} items allowed`, `${at}/options`);
  list.forEach((o, i) => {
    const path = `${at}/options/${i}`;
    if (!isObject(o)) throw invalid(error, 'must be an object', path);
    textObject(o.text, `${path}/text`, error, 75);
    if (typeof o.value !== 'string' || o.value.length > 150) throw invalid(error, 'must be a string of at most 150 characters', `${path}/value`);
  });
}

function textObject(t: unknown, at: string, error: string, max: number, plainOnly = false): void {
  if (!isObject(t)) throw invalid(error, 'must provide an object', at);
  if (t.type !== 'plain_text' && (plainOnly || t.type !== 'mrkdwn')) {
    throw invalid(error, plainOnly ? 'must be plain_text' : 'must be one of plain_text, mrkdwn', `${at}/type`);
  }
  if (typeof t.text !== 'string' || t.text.length === 0) throw invalid(error, 'must be more than 0 characters', `${at}/text`);
  if (t.text.length > max) throw invalid(error, `must be less than ${max + 1} characters`, `${at}/text`);
}

/** A views.publish view: a home tab with at most 100 valid blocks. */
export function validateHomeView(view: unknown): Json {
  if (!isObject(view)) throw new SlackError('invalid_arguments', ['[ERROR] missing required field: view']);
  if (view.type !== 'home') throw invalid('invalid_arguments', 'must be home', '/view/type');
  validateBlocks(view.blocks, { error: 'invalid_arguments', max: MAX_VIEW_BLOCKS, pointer: '/view/blocks' });
  return view;
}
