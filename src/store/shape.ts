/**
 * The minimal shape a stored document must have for the bot to use it. A file that parses but
 * has another shape (a truncated edit, `null`, an array) is as damaged as one that does not parse.
 */
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What is wrong with a person's document, or null when it has the expected shape. */
export function userDocProblem(doc: unknown, key: string): string | null {
  if (!isObject(doc)) return 'not a JSON object';
  if (doc.schema !== 1) return `unknown schema ${JSON.stringify(doc.schema)}`;
  if (doc.key !== key) return `its key ${JSON.stringify(doc.key)} does not match its file name`;
  if (typeof doc.pseudonym !== 'string') return 'no pseudonym';
  if (!isObject(doc.contact) || typeof doc.contact.channel !== 'string' || typeof doc.contact.userId !== 'string') return 'no contact';
  if (typeof doc.seq !== 'number' || !Array.isArray(doc.seen)) return 'no seq/seen counters';
  if (!isObject(doc.flows)) return 'no flows';
  return null;
}

/** What is wrong with a shared document, or null when it has the expected shape (an object). */
export function sharedDocProblem(doc: unknown): string | null {
  return isObject(doc) ? null : 'not a JSON object';
}

/** What is wrong with secret.json's content, or null when it holds a usable salt. */
export function secretProblem(doc: unknown): string | null {
  const salt = isObject(doc) ? doc.salt : undefined;
  if (typeof salt !== 'string' || salt.length < 32 || !/^[0-9a-f]+$/i.test(salt)) return 'no valid salt';
  return null;
}
