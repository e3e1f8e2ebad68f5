import { foldText, mixedTermToPinyin, pinyinForm } from '../search/text';
import { BUILT_IN_CUSTOMER_TAGS, type Customer } from './records';

/*
 * Search tokens for customers and notes, stored in multiEntry `terms` indexes.
 *
 * Why tokens in IndexedDB and not an in-memory index like the reply search
 * (lib/search/reply-index.ts): issue 3 sizes the data at 100,000 customers and
 * 1,000,000 notes. Loading that into the sidebar to scan it would take seconds
 * and hundreds of MB per console tab; an index range query touches only what
 * matches. The price is that a token index answers "some token starts with the
 * query", so substring and pinyin search have to be put into the tokens:
 *
 * - Customers: names and ids are short, so every suffix of every word of the
 *   display name, nickname, buyer id and tags is a token: a prefix match on a
 *   suffix is a substring match ("小明" finds 王小明). Their pinyin adds, from
 *   each syllable start, the rest of the syllable line (wangxiaoming,
 *   xiaoming, ming: "xiaom" finds 王小明) and every suffix of the initials
 *   line (wxm, xm, m), in both readings of polyphones. Order ids add the whole
 *   id (typed or pasted from its start) and its last 4 to 8 characters
 *   (agents quote the last digits, "尾号 5678"); every suffix of an 18-digit
 *   id would be 15 tokens per order. About 30 tokens for a typical customer.
 * - Notes are long and a million of them, so every suffix would be far too
 *   many. Chinese runs give their bigrams (a run of one character gives that
 *   character), other scripts their words. Any substring of a note of two or
 *   more Chinese characters consists of bigrams the note has, so the search
 *   looks one of them up and checks the whole query against the candidate's
 *   text. Note text has no pinyin tokens: pinyin is for names and tags, which
 *   agents type from memory; note text is searched as written.
 *
 * Tokens are cut at MAX_TERM code points; a longer query looks up its cut
 * form and is checked against the record itself.
 */

export const MAX_TERM = 24;
/** Tokens kept per note: a note of 5,000 characters must not write thousands of index entries. */
export const MAX_NOTE_TERMS = 256;
/** The order-id tails indexed besides the whole id: agents quote the last 4–8 digits ("尾号 5678"). */
const ORDER_TAILS = [4, 5, 6, 7, 8];

const cut = (chars: string[], from: number, to = chars.length): string => chars.slice(from, Math.min(to, from + MAX_TERM)).join('');

/** Every suffix of each whitespace-separated word, as tokens. */
function addSuffixes(out: Set<string>, folded: string): void {
  for (const word of folded.split(/\s+/)) {
    const chars = Array.from(word);
    for (let i = 0; i < chars.length; i++) out.add(cut(chars, i));
  }
}

/** From each syllable start / Chinese character to the end of its run, for full pinyin and initials. */
function addPinyin(out: Set<string>, folded: string): void {
  const form = pinyinForm(folded);
  if (form === undefined) return;
  // Non-Chinese characters are spaces in both lines, and the two readings of
  // a polyphone are separated by \u0000, so a token ends at either.
  const runEnd = (line: string, from: number): number => {
    // eslint-disable-next-line no-control-regex -- U+0000 is the separator it looks for
    const m = /[\s\u0000]/.exec(line.slice(from));
    return m === null ? line.length : from + m.index;
  };
  for (const start of form.syllableStarts) {
    const end = runEnd(form.full, start);
    // Full pinyin is ASCII, so code units are code points here.
    out.add(form.full.slice(start, Math.min(end, start + MAX_TERM)));
  }
  const initials = form.initials;
  for (let i = 0; i < initials.length; i++) {
    const c = initials[i] ?? ' ';
    if (c === ' ' || c === '\u0000') continue;
    out.add(initials.slice(i, Math.min(runEnd(initials, i), i + MAX_TERM)));
  }
}

function addName(out: Set<string>, text: string): void {
  const folded = foldText(text).trim();
  if (folded === '') return;
  addSuffixes(out, folded);
  addPinyin(out, folded);
}

const builtInByName = new Map<string, string>(BUILT_IN_CUSTOMER_TAGS.map((t) => [t.name, t.en]));

/** The tokens of a customer's `terms` index. */
export function customerTerms(c: Pick<Customer, 'displayName' | 'nickname' | 'buyerId' | 'tags' | 'orders'>): string[] {
  const out = new Set<string>();
  for (const name of new Set([c.displayName, c.nickname ?? '', c.buyerId])) addName(out, name);
  for (const tag of c.tags) {
    addName(out, tag.name);
    const en = builtInByName.get(tag.name);
    if (en !== undefined) addName(out, en);
  }
  for (const order of c.orders) {
    const chars = Array.from(foldText(order.orderId).trim());
    out.add(cut(chars, 0));
    for (const tail of ORDER_TAILS) if (tail < chars.length) out.add(chars.slice(-tail).join(''));
  }
  return [...out];
}

// Scripts written without spaces, tokenised as bigrams.
const BIGRAM_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+/u;
const PIECES = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+|[\p{L}\p{N}\p{M}]+/gu;

/** Tokens of one piece of text under the note tokenisation: bigrams for Chinese runs, words otherwise. */
function pieceTerms(folded: string): { term: string; bigram: boolean }[] {
  const out: { term: string; bigram: boolean }[] = [];
  for (const [piece] of folded.matchAll(PIECES)) {
    const chars = Array.from(piece);
    if (BIGRAM_SCRIPT.test(piece)) {
      if (chars.length === 1) out.push({ term: piece, bigram: false });
      for (let i = 0; i + 1 < chars.length; i++) out.push({ term: `${chars[i]}${chars[i + 1]}`, bigram: true });
    } else {
      out.push({ term: cut(chars, 0), bigram: false });
    }
  }
  return out;
}

/** The tokens of a note's `terms` index (at most MAX_NOTE_TERMS, first come first kept). */
export function noteTerms(text: string): string[] {
  const out = new Set<string>();
  for (const { term } of pieceTerms(foldText(text))) {
    out.add(term);
    if (out.size >= MAX_NOTE_TERMS) break;
  }
  return [...out];
}

/** A query split into what the repositories look up and check. */
export interface QueryPlan {
  /** Folded terms (whitespace-separated in the query); a record must match all of them. */
  terms: string[];
  /**
   * Prefix lookups in the customer `terms` index for the most selective term
   * (its text, and its pinyin when it mixes Chinese and letters); the other
   * terms are checked on the customers found.
   */
  customerKeys: string[];
  /** Prefix lookup in the note `terms` index, or undefined when the query has nothing to look up. */
  noteKey: string | undefined;
}

/** Chinese narrows about as much as three letters do (as in the reply search). */
function selectivity(term: string): number {
  let weight = 0;
  for (const c of term) weight += c >= '\u3007' ? 3 : 1;
  return weight;
}

const hasChinese = (term: string): boolean => /[\u3007-\u9fff]/.test(term);

/** The forms one folded term is looked up in: itself, and "王xiao" also as full pinyin (wangxiao). */
function formsOf(term: string): string[] {
  const forms = [term];
  if (/[a-z]/.test(term) && hasChinese(term)) {
    const pinyin = mixedTermToPinyin(term);
    if (pinyin !== undefined) forms.push(pinyin);
  }
  return forms;
}

/** The index key of a form: tokens are cut at MAX_TERM, so keys are too. */
const keyOf = (form: string): string => cut(Array.from(form), 0);

export function planQuery(query: string): QueryPlan {
  const terms = foldText(query).trim().split(/\s+/).filter((t) => t !== '');
  const driver = [...terms].sort((a, b) => selectivity(b) - selectivity(a))[0];
  // The note lookup: a bigram if the query has one (a bigram is shared by a
  // few thousand notes at most), else its longest word, else one character.
  let noteKey: string | undefined;
  let best = -1;
  for (const term of terms) {
    for (const piece of pieceTerms(term)) {
      const score = piece.bigram ? 1000 : Array.from(piece.term).length;
      if (score > best) {
        best = score;
        noteKey = piece.term;
      }
    }
  }
  return { terms, customerKeys: driver === undefined ? [] : formsOf(driver).map(keyOf), noteKey };
}

/** Whether a note's text contains every folded query term. */
export function noteMatches(text: string, terms: string[]): boolean {
  const folded = foldText(text);
  return terms.every((t) => folded.includes(t));
}

/**
 * Whether a stored customer matches one folded query term: some token starts
 * with it. A term longer than a token is checked against the fields (and the
 * names' pinyin lines) as well.
 */
export function customerMatchesTerm(c: Pick<Customer, 'displayName' | 'nickname' | 'buyerId' | 'tags' | 'orders'> & { terms: string[] }, term: string): boolean {
  for (const whole of formsOf(term)) {
    const key = keyOf(whole);
    if (!c.terms.some((t) => t.startsWith(key))) continue;
    if (key === whole) return true;
    const fields = [c.displayName, c.nickname ?? '', c.buyerId, ...c.tags.map((t) => t.name), ...c.orders.map((o) => o.orderId)].map(foldText);
    if (fields.some((f) => f.includes(whole))) return true;
    for (const f of fields) {
      const form = pinyinForm(f);
      if (form && (form.full.replaceAll(' ', '').includes(whole) || form.initials.includes(whole))) return true;
    }
  }
  return false;
}
