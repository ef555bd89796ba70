/**
 * Similar proposals (item 2): a full-text index (Orama, BM25) with the Snowball stemmer and the
 * stop words of each proposal's language, one small index per call and language. It is built
 * once when the bot starts, from the visible proposals of the store, and kept up to date by
 * `indexProposal`/`removeProposal` on every change; a query never rebuilds anything.
 *
 * A query of up to 2,000 characters is cut down to its rarest words (by how many indexed
 * proposals hold their stem), so a long text costs a search of a dozen terms, not of hundreds;
 * a hit counts as similar only when it shares at least two stems with the text (one for a text
 * of a single meaningful word).
 *
 * The index is the process's one (the bot runs one store); `similar` waits while it is built.
 * Outside a running bot (the command line's in-process commands) nothing is indexed: the next
 * start builds it from the store.
 *
 * Orama, its stemmers and stop words are loaded with the first proposal indexed, not when the
 * bot starts (about 65 ms of every start, and nothing at all for a bot without proposals).
 */
import type { AnyOrama } from '@orama/orama';
import { every, type Store } from '../../src/engine/index.ts';
import { nowbeallRecords } from './records.ts';
import type { Proposal, ProposalStatus } from './types.ts';

/** Only these are offered as similar: what others can read and support. */
export const VISIBLE: readonly ProposalStatus[] = ['published', 'grouped', 'elaborated', 'answered'];
export const isVisible = (p: Pick<Proposal, 'status'>): boolean => VISIBLE.includes(p.status);

interface Tokenizer {
  language: string;
  stemmer: (w: string) => string;
  stopWords: string[];
}

interface Orama {
  lib: typeof import('@orama/orama');
  tokenizers: Record<string, Tokenizer>;
}

let orama: Orama | undefined;
let loading: Promise<Orama> | undefined;

/** Orama and the tokenizers of the six languages, loaded once. */
function loadOrama(): Promise<Orama> {
  loading ??= (async () => {
    const [lib, en, fr, es, it, pt, ro, enW, frW, esW, itW, ptW, roW] = await Promise.all([
      import('@orama/orama'),
      import('@orama/stemmers/english'),
      import('@orama/stemmers/french'),
      import('@orama/stemmers/spanish'),
      import('@orama/stemmers/italian'),
      import('@orama/stemmers/portuguese'),
      import('@orama/stemmers/romanian'),
      import('@orama/stopwords/english'),
      import('@orama/stopwords/french'),
      import('@orama/stopwords/spanish'),
      import('@orama/stopwords/italian'),
      import('@orama/stopwords/portuguese'),
      import('@orama/stopwords/romanian'),
    ]);
    orama = {
      lib,
      tokenizers: {
        en: { language: 'english', stemmer: en.stemmer, stopWords: enW.stopwords },
        fr: { language: 'french', stemmer: fr.stemmer, stopWords: frW.stopwords },
        es: { language: 'spanish', stemmer: es.stemmer, stopWords: esW.stopwords },
        it: { language: 'italian', stemmer: it.stemmer, stopWords: itW.stopwords },
        pt: { language: 'portuguese', stemmer: pt.stemmer, stopWords: ptW.stopwords },
        ro: { language: 'romanian', stemmer: ro.stemmer, stopWords: roW.stopwords },
      },
    };
    return orama;
  })();
  return loading;
}

/** A language without a stemmer here is still indexed: English word splitting, no stemming. */
const PLAIN = { language: 'english', stemming: false };

/** Longest part of a body indexed and queried: the beginning of a proposal says what it is about. */
const BODY_INDEXED = 1000;
/** How many of the query's rarest words are searched. */
const QUERY_WORDS = 12;
/**
 * Orama matches a search term as a prefix of the indexed words: a short stem ("w", "ca") is
 * the prefix of thousands of words, and one such term in a query made it score every proposal
 * (0.1–0.9 s at 10,000 proposals, where a query otherwise takes a millisecond). Shorter stems
 * are searched only when a text has too few longer ones.
 */
const MIN_STEM = 4;

/** The first `max` characters of `text`, cut at the end of a word: a cut word would be a short, rare, misleading stem. */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  // The character after the cut continues a word: that word is left out.
  if (!/^[\p{L}\p{N}]/u.test(text.slice(max, max + 1))) return cut;
  const end = cut.search(/[\p{L}\p{N}]+$/u);
  return end > 0 ? cut.slice(0, end) : cut;
}

export interface SimilarHit {
  id: string;
  title: string;
  score: number;
}

interface Shard {
  db: AnyOrama;
  /** Stem → how many proposals of this shard hold it. */
  df: Map<string, number>;
}

interface Placed {
  shard: string;
  stems: string[];
}

class SimilarityIndex {
  readonly shards = new Map<string, Shard>();
  readonly placed = new Map<string, Placed>();
  /** Ids changed while the index was being built: the build's older copy must not overwrite them. */
  readonly touched = new Set<string>();
  building = true;
  /** Loaded with the first visible proposal. */
  orama: Orama | null = null;
  /** Changes one after another: one that waits for Orama to load must not be overtaken by a later one. */
  changes: Promise<void> = Promise.resolve();

  shard(call: string, lang: string): Shard {
    const key = `${call}\u0000${lang}`;
    let s = this.shards.get(key);
    if (!s) {
      const t = this.#orama().tokenizers[lang];
      const tokenizer = t ? { language: t.language, stemming: true, stemmer: t.stemmer, stopWords: t.stopWords } : PLAIN;
      s = { db: this.#orama().lib.create({ schema: { title: 'string', body: 'string' } as const, components: { tokenizer } }), df: new Map() };
      this.shards.set(key, s);
    }
    return s;
  }

  #orama(): Orama {
    if (!this.orama) throw new Error('Orama is not loaded yet');
    return this.orama;
  }

  /** `p` indexed when visible, removed otherwise, once Orama is there (loaded for a visible one). */
  async change(p: Proposal | string): Promise<void> {
    const run = this.changes.then(async () => {
      if (typeof p === 'string') return this.drop(p);
      if (isVisible(p)) this.orama ??= await loadOrama();
      this.put(p);
    });
    this.changes = run.catch(() => {});
    return run;
  }

  put(p: Proposal): void {
    this.drop(p.id);
    if (!isVisible(p)) return;
    const key = `${p.call}\u0000${p.lang}`;
    const s = this.shard(p.call, p.lang);
    const body = cutAtWord(p.body, BODY_INDEXED);
    void this.#orama().lib.insert(s.db, { id: p.id, title: p.title, body });
    const stems = [...new Set(s.db.tokenizer.tokenize(`${p.title} ${body}`))];
    for (const stem of stems) s.df.set(stem, (s.df.get(stem) ?? 0) + 1);
    this.placed.set(p.id, { shard: key, stems });
  }

  drop(id: string): void {
    const at = this.placed.get(id);
    if (!at) return;
    const s = this.shards.get(at.shard);
    if (s) {
      void this.#orama().lib.remove(s.db, id);
      for (const stem of at.stems) {
        const n = (s.df.get(stem) ?? 1) - 1;
        if (n > 0) s.df.set(stem, n);
        else s.df.delete(stem);
      }
    }
    this.placed.delete(id);
  }
}

let current: { store: Store; index: SimilarityIndex; ready: Promise<void> } | undefined;

/** Builds the index from the store's visible proposals (the bot's start); yields to the event loop between batches. */
export function startIndex(store: Store): Promise<void> {
  const index = new SimilarityIndex();
  const ready = (async () => {
    const proposals = nowbeallRecords(store).proposals;
    const found = await every(proposals, { where: { status: [...VISIBLE] } });
    if (found.length > 0) index.orama ??= await loadOrama();
    for (let i = 0; i < found.length; i++) {
      const p = found[i]!;
      if (!index.touched.has(p.id)) index.put(p);
      if (i % 250 === 249) await new Promise((r) => setImmediate(r));
    }
    index.building = false;
    index.touched.clear();
  })();
  current = { store, index, ready };
  return ready;
}

/** Forgets the index (the bot stops). */
export function stopIndex(store: Store): void {
  if (current?.store === store) current = undefined;
}

/** A proposal changed (sent, edited, published, hidden, merged…): it is indexed when visible, removed otherwise. */
export async function indexProposal(p: Proposal): Promise<void> {
  if (!current) return;
  if (current.index.building) current.index.touched.add(p.id);
  await current.index.change(p);
}

/** A proposal is no longer visible (withdrawn, rejected, deleted). */
export async function removeProposal(id: string): Promise<void> {
  if (!current) return;
  if (current.index.building) current.index.touched.add(id);
  await current.index.change(id);
}

/**
 * Up to `n` visible proposals of `call` written in `lang` that are like `text`, most alike
 * first. Empty when no index runs.
 */
export async function similar(text: string, lang: string, call: string, n: number): Promise<SimilarHit[]> {
  if (!current) return [];
  const { index, ready } = current;
  await ready;
  await index.changes;
  const s = index.shards.get(`${call}\u0000${lang}`);
  if (!s || n <= 0) return [];
  const tokenize = (w: string) => s.db.tokenizer.tokenize(w) as string[];
  const query = cutAtWord(text, 120 + BODY_INDEXED);
  // Each word with its stem: the words whose stems fewest proposals hold say most about the text.
  const words = new Map<string, string>();
  for (const w of query.split(/[^\p{L}\p{N}]+/u)) {
    const stem = w ? tokenize(w)[0] : undefined;
    if (stem && !words.has(stem)) words.set(stem, w);
  }
  const stems = [...words.keys()];
  const known = stems.filter((st) => s.df.has(st));
  const long = known.filter((st) => st.length >= MIN_STEM);
  const rare = (long.length >= 2 ? long : known).sort((a, b) => s.df.get(a)! - s.df.get(b)!).slice(0, QUERY_WORDS);
  if (rare.length === 0) return [];
  const result = await index.orama!.lib.search(s.db, { term: rare.map((st) => words.get(st)).join(' '), properties: ['title', 'body'], boost: { title: 2 }, limit: n * 3, threshold: 1 });
  const needed = Math.min(2, stems.length);
  const hits: SimilarHit[] = [];
  for (const hit of result.hits) {
    const held = new Set(index.placed.get(hit.id)?.stems ?? []);
    const shared = stems.filter((st) => held.has(st)).length;
    if (shared < needed) continue;
    hits.push({ id: hit.id, title: String((hit.document as { title?: string }).title ?? ''), score: hit.score });
    if (hits.length === n) break;
  }
  return hits;
}
