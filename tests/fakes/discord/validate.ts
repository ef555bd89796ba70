// Discord's checks on a message body (create, edit, interaction answers): content length, embeds,
// component rows and their buttons/selects, allowed_mentions. Problems become one 50035 with
// every field's error at its path, as Discord reports them.
import { emptyMessage, invalidFormBody, type FieldError } from './errors.ts';

export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTotal: 6000,
  rows: 5,
  perRow: 5,
  label: 80,
  customId: 100,
  selectOptions: 25,
  fileBytes: 25 * 1024 * 1024,
} as const;

type Path = (string | number)[];
type Body = Record<string, unknown>;

const maxLength = (path: Path, n: number): FieldError => ({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${n} or fewer in length.` });
const badLength = (path: Path, min: number, max: number): FieldError => ({ path, code: 'BASE_TYPE_BAD_LENGTH', message: `Must be between ${min} and ${max} in length.` });
const required = (path: Path): FieldError => ({ path, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
const badType = (path: Path, kind: string): FieldError => ({ path, code: `BASE_TYPE_${kind.toUpperCase()}`, message: `Must be a valid ${kind}.` });

/** Validates a message body; `prefix` places the errors (['data'] for interaction callbacks). `files` counts uploads. */
export function validateMessage(body: Body, o: { prefix?: Path; files?: number; partial?: boolean } = {}): void {
  const prefix = o.prefix ?? [];
  const problems: FieldError[] = [];
  const { content, embeds, components } = body;
  if (content !== undefined && content !== null) {
    if (typeof content !== 'string') problems.push(badType([...prefix, 'content'], 'string'));
    else if ([...content].length > LIMITS.content) problems.push(maxLength([...prefix, 'content'], LIMITS.content));
  }
  if (embeds !== undefined && embeds !== null) {
    if (!Array.isArray(embeds)) problems.push(badType([...prefix, 'embeds'], 'array'));
    else if (embeds.length > LIMITS.embeds) problems.push(maxLength([...prefix, 'embeds'], LIMITS.embeds));
    else if (embedChars(embeds) > LIMITS.embedTotal) {
      problems.push({ path: [...prefix, 'embeds'], code: 'MAX_EMBED_SIZE_EXCEEDED', message: 'Embed size exceeds maximum size of 6000' });
    }
  }
  if (components !== undefined && components !== null) problems.push(...validateComponents(components, [...prefix, 'components']));
  if (problems.length > 0) throw invalidFormBody(problems);
  if (!o.partial && isEmpty(body, o.files ?? 0)) throw emptyMessage();
}

function isEmpty(body: Body, files: number): boolean {
  const text = typeof body.content === 'string' ? body.content.trim() : '';
  const has = (k: string): boolean => Array.isArray(body[k]) && (body[k] as unknown[]).length > 0;
  return text === '' && !has('embeds') && !has('components') && !has('sticker_ids') && files === 0 && body.poll === undefined;
}

function embedChars(embeds: unknown[]): number {
  let n = 0;
  for (const e of embeds as Body[]) {
    for (const k of ['title', 'description']) if (typeof e[k] === 'string') n += (e[k] as string).length;
    for (const f of (e.fields as Body[] | undefined) ?? []) n += String(f.name ?? '').length + String(f.value ?? '').length;
  }
  return n;
}

export function validateComponents(components: unknown, path: Path): FieldError[] {
  if (!Array.isArray(components)) return [badType(path, 'array')];
  const problems: FieldError[] = [];
  if (components.length > LIMITS.rows) problems.push(maxLength(path, LIMITS.rows));
  const seen = new Set<string>();
  components.forEach((row: Body, r) => {
    const rowPath = [...path, r];
    if (row?.type !== 1) {
      problems.push({ path: rowPath, code: 'UNION_TYPE_CHOICES', message: 'Value of field "type" must be one of (1,).' });
      return;
    }
    const children = row.components;
    if (!Array.isArray(children) || children.length < 1 || children.length > LIMITS.perRow) {
      problems.push(badLength([...rowPath, 'components'], 1, LIMITS.perRow));
      return;
    }
    const hasSelect = children.some((c: Body) => isSelect(c?.type));
    if (hasSelect && children.length > 1) {
      problems.push({ path: [...rowPath, 'components'], code: 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', message: 'The specified component exceeds the maximum width' });
    }
    children.forEach((c: Body, i) => problems.push(...validateChild(c, [...rowPath, 'components', i], seen)));
  });
  return problems;
}

const isSelect = (type: unknown): boolean => type === 3 || type === 5 || type === 6 || type === 7 || type === 8;

function validateChild(c: Body, path: Path, seen: Set<string>): FieldError[] {
  if (c?.type === 2) return validateButton(c, path, seen);
  if (isSelect(c?.type)) return validateSelect(c, path, seen);
  return [{ path, code: 'UNION_TYPE_CHOICES', message: 'Value of field "type" must be one of (2, 3, 5, 6, 7, 8).' }];
}

function checkCustomId(c: Body, path: Path, seen: Set<string>): FieldError[] {
  const id = c.custom_id;
  if (id === undefined || id === null) return [required([...path, 'custom_id'])];
  if (typeof id !== 'string') return [badType([...path, 'custom_id'], 'string')];
  if (id.length < 1 || id.length > LIMITS.customId) return [badLength([...path, 'custom_id'], 1, LIMITS.customId)];
  if (seen.has(id)) return [{ path: [...path, 'custom_id'], code: 'COMPONENT_CUSTOM_ID_DUPLICATED', message: 'Component custom id cannot be duplicated' }];
  seen.add(id);
  return [];
}

function validateButton(c: Body, path: Path, seen: Set<string>): FieldError[] {
  const problems: FieldError[] = [];
  const style = c.style;
  if (typeof style !== 'number' || !Number.isInteger(style) || style < 1 || style > 6) {
    return [{ path: [...path, 'style'], code: 'BASE_TYPE_CHOICES', message: 'Value must be one of (1, 2, 3, 4, 5, 6).' }];
  }
  if (style === 5) {
    if (typeof c.url !== 'string' || c.url === '') problems.push(required([...path, 'url']));
    if (c.custom_id !== undefined) problems.push({ path: [...path, 'custom_id'], code: 'BUTTON_COMPONENT_CUSTOM_ID_WITH_URL', message: 'A custom id cannot be set with a URL.' });
  } else if (style === 6) {
    if (c.sku_id === undefined) problems.push(required([...path, 'sku_id']));
  } else {
    problems.push(...checkCustomId(c, path, seen));
    if (c.url !== undefined) problems.push({ path: [...path, 'url'], code: 'BUTTON_COMPONENT_URL_WITH_CUSTOM_ID', message: 'A URL cannot be set with a custom id.' });
  }
  if (c.label !== undefined && c.label !== null) {
    if (typeof c.label !== 'string') problems.push(badType([...path, 'label'], 'string'));
    else if ([...c.label].length > LIMITS.label) problems.push(maxLength([...path, 'label'], LIMITS.label));
  }
  if (style !== 6 && (typeof c.label !== 'string' || c.label === '') && c.emoji === undefined) {
    problems.push({ path: [...path, 'label'], code: 'BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED', message: 'A label or an emoji is required.' });
  }
  return problems;
}

function validateSelect(c: Body, path: Path, seen: Set<string>): FieldError[] {
  const problems = checkCustomId(c, path, seen);
  if (typeof c.placeholder === 'string' && c.placeholder.length > 150) problems.push(maxLength([...path, 'placeholder'], 150));
  if (c.type === 3) {
    const options = c.options;
    if (!Array.isArray(options) || options.length < 1 || options.length > LIMITS.selectOptions) {
      problems.push(badLength([...path, 'options'], 1, LIMITS.selectOptions));
    } else {
      options.forEach((opt: Body, i) => {
        for (const k of ['label', 'value'] as const) {
          if (typeof opt?.[k] !== 'string' || opt[k] === '') problems.push(required([...path, 'options', i, k]));
          else if ((opt[k] as string).length > 100) problems.push(maxLength([...path, 'options', i, k], 100));
        }
      });
    }
  }
  return problems;
}
