import { sameStrings } from '../same-strings';
import { foldText, mixedTermToPinyin, pinyinForm, type PinyinForm } from './text';

/*
 * Why a precomputed scan and not minisearch or flexsearch. This was judged
 * from how the two libraries work, not by benchmarking them here:
 *
 * Both libraries are token indexes: they find documents whose *tokens* equal
 * or start with (minisearch also: fuzzily match) the query's tokens. Agents
 * type substrings of Chinese runs ("退款" inside "申请退款后") and initials that
 * must cover consecutive characters ("tk" = 退款). To get that from a token
 * index, every suffix of every Chinese run (and of its pinyin and initials)
 * has to be indexed as a token and prefix-searched, which multiplies index
 * size by the average run length (bodies here average 104 characters); a
 * bigram tokenizer loses order and adjacency instead ("退款" and "款退" match
 * alike, "tk" matches 退…款 anywhere). Neither library offers our ranking
 * (match tier first, then pinned/usage/recency) without re-sorting every
 * result set ourselves, which is most of the work of this file anyway.
 *
 * So the index keeps, per block of 256 replies and per searchable field, one
 * concatenated folded haystack (text, full pinyin with syllable-start bits,
 * initials), and a keystroke is a handful of native `indexOf` scans over them
 * (measured: one scan over all 20k bodies, 2.1M chars, takes 0.2–1.3 ms).
 * The constructor joins every block; `upsert` and `remove` mark only their
 * reply's block, and of it only the channels of fields that changed, which
 * the next search joins again from the old haystack's slices, so a burst of
 * upserts (the sidebar's first sync) joins each block once, and a bulk tag
 * rejoins the tag haystacks alone.
 *
 * A query of several terms is an AND: the most selective term (the longest)
 * is scanned over the blocks, and each further term is then looked for only in
 * the replies that are still candidates, one segment at a time where a block
 * has few of them ("tracking n" would otherwise scan all haystacks for 'n').
 */
export interface SearchableReply {
  id: string;
  title: string;
  body: string;
  /** Shortcut code such as '/tk', '' if none. */
  code: string;
  tags: string[];
  group: string;
  pinned: boolean;
  usageCount: number;
  lastUsedAt?: number;
  sortKey: number;
}

export type MatchField = 'code' | 'title' | 'tags' | 'body' | 'group';
export type MatchVia = 'text' | 'pinyin' | 'initials';

export interface SearchHit {
  id: string;
  /**
   * Higher is better; the sum over query terms of each term's best match
   * weight. 0 for the empty query, whose hits carry field 'title', via 'text'
   * only because every hit has a field — nothing was matched.
   */
  score: number;
  /** Where the best-matching term matched, for highlighting. */
  field: MatchField;
  via: MatchVia;
}

export interface SearchOptions {
  /** Most hits to return; all matches when omitted. */
  limit?: number;
}

type Haystack = 'title' | 'tags' | 'group' | 'body';
type Form = 'text' | 'full' | 'initials';

interface Match {
  field: MatchField;
  via: MatchVia;
  weight: number;
}

// Match kinds in rank order; the weights encode the required ranking
// (code exact > code prefix > title prefix > title substring > tags > title
// pinyin/initials > body text > body pinyin). Group and tag pinyin sit where a
// supervisor's taxonomy belongs: below what the agent sees in the title.
const CODE_EXACT = 0;
const CODE_PREFIX = 1;
const TITLE_PREFIX = 2;
const MATCHES: Match[] = [
  { field: 'code', via: 'text', weight: 1000 },
  { field: 'code', via: 'text', weight: 900 },
  { field: 'title', via: 'text', weight: 800 },
];

interface Channel {
  haystack: Haystack;
  form: Form;
  /** Index into MATCHES. */
  match: number;
}

const CHANNELS: Channel[] = [];
function channel(haystack: Haystack, form: Form, field: MatchField, via: MatchVia, weight: number): void {
  MATCHES.push({ field, via, weight });
  CHANNELS.push({ haystack, form, match: MATCHES.length - 1 });
}
// Scanned in this order, so the first channel to claim a reply for a term is its best.
channel('title', 'text', 'title', 'text', 700);
channel('tags', 'text', 'tags', 'text', 600);
channel('group', 'text', 'group', 'text', 550);
channel('title', 'full', 'title', 'pinyin', 500);
channel('title', 'initials', 'title', 'initials', 450);
channel('tags', 'full', 'tags', 'pinyin', 400);
channel('tags', 'initials', 'tags', 'initials', 380);
channel('group', 'full', 'group', 'pinyin', 350);
channel('group', 'initials', 'group', 'initials', 330);
channel('body', 'text', 'body', 'text', 300);
channel('body', 'full', 'body', 'pinyin', 200);
channel('body', 'initials', 'body', 'initials', 150);
const TITLE_TEXT_CHANNEL = 0;

// Between segments (replies, tags, reading lines); foldText removes control
// characters from queries, so no match can straddle one.
const SEP = '\u0000';
const BLOCK_SIZE = 256;

interface Entry {
  reply: SearchableReply;
  /** Folded code, and the same without its leading '/', so "tk1" finds "/tk1". */
  code: string;
  bareCode: string;
  /**
   * Per channel: this reply's haystack segment and syllable starts ('full'
   * channels only), until its block is joined; the block then holds them, so
   * 20k replies are not held twice. A segment left undefined is the one the
   * block holds already (the field did not change).
   */
  pending: { segments: (string | undefined)[]; syllableStarts: (number[] | undefined)[] } | undefined;
}

interface BlockChannel {
  hay: string;
  /** segmentStart[k] = offset of local slot k's segment; strictly increasing, length BLOCK_SIZE + 1. */
  segmentStart: Int32Array;
  /** Bit set of syllable starts in `hay`, for 'full' channels. */
  syllableBits: Uint32Array | undefined;
}

interface CodeKey {
  key: string;
  slot: number;
  /** The code without its '/'. */
  bare: boolean;
}

const ALL_CHANNELS = (1 << CHANNELS.length) - 1;

/**
 * The entry of `reply`, and a bit per channel whose segment differs from
 * what the index holds. Given the entry it replaces, the text of unchanged
 * fields is kept instead of read again: a bulk tag changes only the tags,
 * and reading bodies as pinyin is most of the cost of an entry.
 */
function buildEntry(reply: SearchableReply, previous?: Entry): { entry: Entry; changed: number } {
  const old = previous?.reply;
  const kept: Record<Haystack, boolean> = {
    title: old !== undefined && old.title === reply.title,
    tags: old !== undefined && sameStrings(old.tags, reply.tags),
    group: old !== undefined && old.group === reply.group,
    body: old !== undefined && old.body === reply.body,
  };
  const title = kept.title ? '' : foldText(reply.title).trim();
  const tags = kept.tags ? '' : reply.tags.map(foldText).join(SEP);
  const group = kept.group ? '' : foldText(reply.group);
  const body = kept.body ? '' : foldText(reply.body);
  const texts: Record<Haystack, string> = { title, tags, group, body };
  const forms = {
    title: kept.title ? undefined : pinyinForm(title),
    tags: kept.tags ? undefined : cachedPinyinForm(tags),
    group: kept.group ? undefined : cachedPinyinForm(group),
    // One reading for bodies: the alternate line would double the largest
    // haystack, and body pinyin is the last resort in the ranking anyway.
    body: kept.body ? undefined : pinyinForm(body, { alternates: false }),
  };
  const segments: (string | undefined)[] = [];
  const syllableStarts: (number[] | undefined)[] = [];
  let changed = 0;
  for (const [index, c] of CHANNELS.entries()) {
    const form = forms[c.haystack];
    if (kept[c.haystack]) {
      // Still waiting for its block's join, or (undefined) in the block already.
      segments.push(previous?.pending?.segments[index]);
      syllableStarts.push(previous?.pending?.syllableStarts[index]);
      continue;
    }
    changed |= 1 << index;
    if (c.form === 'text') {
      segments.push(texts[c.haystack]);
      syllableStarts.push(undefined);
    } else if (c.form === 'full') {
      segments.push(form?.full ?? '');
      syllableStarts.push(form?.syllableStarts);
    } else {
      segments.push(form?.initials ?? '');
      syllableStarts.push(undefined);
    }
  }
  const code = foldText(reply.code.trim());
  const pending = changed === 0 ? previous?.pending : { segments, syllableStarts };
  return { entry: { reply, code, bareCode: code.startsWith('/') ? code.slice(1) : code, pending }, changed };
}

// Tags and groups come from a supervisor's short taxonomy, so the same strings
// recur across thousands of replies; their pinyin is worth remembering.
const taxonomyForms = new Map<string, PinyinForm | undefined>();
function cachedPinyinForm(folded: string): PinyinForm | undefined {
  if (taxonomyForms.has(folded)) return taxonomyForms.get(folded);
  const form = pinyinForm(folded);
  if (taxonomyForms.size > 10_000) taxonomyForms.clear();
  taxonomyForms.set(folded, form);
  return form;
}

function codeKeys(entry: Entry, slot: number): CodeKey[] {
  if (entry.code === '') return [];
  const keys = [{ key: entry.code, slot, bare: false }];
  if (entry.bareCode !== entry.code) keys.push({ key: entry.bareCode, slot, bare: true });
  return keys;
}

/** First index whose key is not below `key`. */
function lowerBound(codes: CodeKey[], key: string): number {
  let lo = 0;
  let hi = codes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((codes[mid]?.key ?? '') < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const compareCodeKeys = (a: CodeKey, b: CodeKey): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** Merges two lists sorted by `compare`; of equal items, those of `a` come first. */
function mergeSorted<T>(a: T[], b: T[], compare: (x: T, y: T) => number): T[] {
  if (b.length === 0) return a;
  const out: T[] = new Array<T>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = compare(b[j]!, a[i]!) < 0 ? b[j++]! : a[i++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

/**
 * Pinned first, then the most used, the most recently used, and then the
 * library's own order: the group's place (`groupPlace`, see
 * ReplyIndex.setGroupOrder) and the reply's place in its group. Without the
 * group's place, the replies never used yet (a new library: all of them)
 * came out with the groups shuffled together, since each group numbers its
 * own sortKeys.
 */
function compareBase(a: SearchableReply, b: SearchableReply, groupPlace: ReadonlyMap<string, number>): number {
  if (a.pinned !== b.pinned) return a.pinned ? -1 : 1;
  if (a.usageCount !== b.usageCount) return b.usageCount - a.usageCount;
  const la = a.lastUsedAt ?? -Infinity;
  const lb = b.lastUsedAt ?? -Infinity;
  if (la !== lb) return lb > la ? 1 : -1;
  if (a.group !== b.group) {
    const ga = groupPlace.get(a.group) ?? groupPlace.size;
    const gb = groupPlace.get(b.group) ?? groupPlace.size;
    if (ga !== gb) return ga - gb;
  }
  if (a.sortKey !== b.sortKey) return a.sortKey - b.sortKey;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

type TermKind = { text: string; pinyin: string | undefined; initials: boolean; code: boolean; fullPinyin: boolean };

/**
 * Whether letters could be full pinyin as typed so far: whole syllables and a
 * partial last one. English words mostly are not ("tracking", "number"), and
 * skipping the full-pinyin haystacks for them (the body one is the largest of
 * all) is most of a Latin keystroke's cost.
 */
const INITIAL = '(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])';
const FINAL = '(?:iang|iong|uang|ueng|ang|eng|ing|ong|iao|ian|uai|uan|ai|ei|ao|ou|an|en|er|ia|ie|iu|in|ua|uo|ui|un|ue|ve|a|o|e|i|u|v)';
const PINYIN_AS_TYPED = new RegExp(`^(?:${INITIAL}?${FINAL})*(?:${INITIAL}(?:[aeiouv][aeioung]{0,3})?|${INITIAL}?[aeiouv][aeioung]{0,3})?$`);
export function couldBePinyin(letters: string): boolean {
  return PINYIN_AS_TYPED.test(letters);
}

function classifyTerm(term: string): TermKind {
  const letters = term.replaceAll("'", ''); // xi'an: the apostrophe only separates syllables
  if (/^[a-z]+$/.test(letters)) {
    // No syllable starts with i, u or ü (written yi, wu, yu), so a term with
    // one of them cannot be initials: "tracking" need not scan those haystacks.
    return { text: term, pinyin: letters, initials: !/[iuv]/.test(letters), code: true, fullPinyin: couldBePinyin(letters) };
  }
  // Chinese mixed with pinyin in one term ("退kuan"): match it as full pinyin.
  if (/[a-z]/.test(letters) && /^[a-z\u3007\u3400-\u9fff\uf900-\ufaff]+$/.test(letters)) {
    return { text: term, pinyin: mixedTermToPinyin(letters), initials: false, code: false, fullPinyin: true };
  }
  return { text: term, pinyin: undefined, initials: false, code: true, fullPinyin: false };
}

/**
 * How many replies a term is likely to match, lower is fewer: a Chinese
 * character narrows about as much as three letters do.
 */
function selectivity(term: string): number {
  let weight = 0;
  for (const c of term) weight += c >= '\u3007' ? 3 : 1;
  return weight;
}

/** The `limit`-th best score tallied so far, -Infinity while fewer have been found. */
function cutoff(tally: Map<number, number>, limit: number): number {
  if (!Number.isFinite(limit)) return -Infinity;
  let count = 0;
  for (const s of [...tally.keys()].sort((a, b) => b - a)) {
    count += tally.get(s) ?? 0;
    if (count >= limit) return s;
  }
  return -Infinity;
}

function needleFor(term: TermKind, form: Form): string | undefined {
  if (form === 'text') return term.text;
  if (form === 'initials') return term.initials ? term.pinyin : undefined;
  // One letter at a syllable start is exactly an initials match; leaving it to
  // the initials channel avoids testing every mid-syllable 'n' or 'a'.
  return term.fullPinyin && term.pinyin !== undefined && term.pinyin.length > 1 ? term.pinyin : undefined;
}

/**
 * Scratch arrays for one search, kept between keystrokes so typing does not
 * allocate (and later collect) a handful of 20k-slot arrays per key.
 */
interface Scratch {
  /** Per slot: 1 + MATCHES index of the driving term's best match, 0 if none. */
  matched: Uint8Array;
  /** Per slot: the same for a term other than the driver, among its candidates. */
  other: Uint8Array;
  /** Per slot: 1 while the slot is a candidate for that term. */
  alive: Uint8Array;
  /** Per slot: sum of the matched terms' weights. */
  score: Int32Array;
  /** Per slot: MATCHES index of the strongest term match. */
  best: Uint8Array;
}

export class ReplyIndex {
  private entries: (Entry | undefined)[] = [];
  private slotOf = new Map<string, number>();
  private freeSlots: number[] = [];
  /** Live slots sorted by compareBase, kept sorted on every change (merged once per batch). */
  private order: number[] = [];
  /** Per block, per channel. */
  private blocks: (BlockChannel[] | undefined)[] = [];
  /** Blocks with a changed reply, and a bit per channel to join again, by the next search. */
  private dirtyBlocks = new Map<number, number>();
  /**
   * Codes (folded, with and without '/') sorted, so exact and prefix matches
   * are one binary search instead of a pass over every code. Kept sorted on
   * each change once built; undefined until a search needs it, so loading a
   * library one upsert at a time sorts once instead of inserting 20k times.
   */
  private codes: CodeKey[] | undefined;
  private scratch: Scratch | undefined;
  /** Each group's place in the library's order (setGroupOrder); a group not in it goes after those that are. */
  private groupPlace = new Map<string, number>();
  private readonly byBase = (a: number, b: number): number => compareBase(this.reply(a), this.reply(b), this.groupPlace);

  constructor(replies?: Iterable<SearchableReply>) {
    if (replies === undefined) return;
    for (const reply of replies) this.place(reply);
    this.order = [...this.slotOf.values()];
    this.order.sort(this.byBase);
    // Join and sort now: the first keystroke should not pay for the whole library.
    this.joinDirtyBlocks();
    this.sortedCodes();
  }

  get size(): number {
    return this.slotOf.size;
  }

  upsert(reply: SearchableReply): void {
    this.upsertMany([reply]);
  }

  remove(id: string): void {
    this.removeMany([id]);
  }

  /**
   * The same as upserting each reply in turn (a repeated id: the last one
   * wins), but the order and the codes are merged once for the whole batch:
   * one at a time, each reply costs a search and a splice over all 20k of
   * them, so a bulk change of 2,000 replies spent most of its time here.
   */
  upsertMany(replies: Iterable<SearchableReply>): void {
    const changed = new Set<number>();
    for (const reply of replies) changed.add(this.place(reply));
    if (changed.size === 0) return;
    this.reorder(changed, [...changed]);
  }

  /** The same as removing each id in turn; ids not in the index are ignored. */
  removeMany(ids: Iterable<string>): void {
    const removed = new Set<number>();
    for (const id of ids) {
      const slot = this.slotOf.get(id);
      if (slot === undefined) continue;
      removed.add(slot);
      this.entries[slot] = undefined;
      this.slotOf.delete(id);
      this.freeSlots.push(slot);
      this.markDirty(slot, ALL_CHANNELS);
    }
    if (removed.size === 0) return;
    this.reorder(removed, []);
  }

  /**
   * The library's groups in its order (lib/db/group-order.ts): where usage
   * and recency tie, replies list group by group in this order. Re-sorts the
   * whole order only when the list changed (a reorder, a new group).
   */
  setGroupOrder(groups: readonly string[]): void {
    if (groups.length === this.groupPlace.size && groups.every((g, i) => this.groupPlace.get(g) === i)) return;
    this.groupPlace = new Map(groups.map((g, i) => [g, i]));
    this.order.sort(this.byBase);
  }

  /**
   * Does now what the next search would do first (join the changed blocks,
   * sort the codes), for a caller with idle time before the next keystroke.
   */
  prepare(): void {
    this.joinDirtyBlocks();
    this.sortedCodes();
  }

  search(query: string, opts: SearchOptions = {}): SearchHit[] {
    const limit = opts.limit ?? Infinity;
    const texts = foldText(query).trim().split(/\s+/).filter((t) => t !== '');
    if (limit <= 0) return [];
    if (texts.length === 0) {
      const hits: SearchHit[] = [];
      for (const slot of this.order) {
        if (hits.length >= limit) break;
        const entry = this.entries[slot];
        if (entry) hits.push({ id: entry.reply.id, score: 0, field: 'title', via: 'text' });
      }
      return hits;
    }
    this.joinDirtyBlocks();
    const { matched, score, best } = this.scratchArrays();
    const capacity = this.entries.length;
    matched.fill(0, 0, capacity);
    score.fill(0, 0, capacity);

    // Scores add up over terms, so their order does not change the result.
    // The most selective term drives the scan over the blocks; the others
    // are looked for only in the replies it found.
    const order = texts.map((text, at) => ({ at, weight: selectivity(text) }));
    order.sort((x, y) => y.weight - x.weight || x.at - y.at);
    const [driver, ...others] = order.map(({ at }) => classifyTerm(texts[at] ?? ''));
    if (driver === undefined) return [];
    const othersBest = others.reduce((sum, term) => sum + this.bestPossibleWeight(term), 0);

    // The driver's channels come in rank order, so after each one every reply
    // it has not found yet scores at most the next channel's weight plus the
    // others' best. Once `limit` replies found so far score more than that,
    // no later channel can change the first `limit` hits (a tie could, by
    // the tie-breakers, so the bound must be strictly beaten).
    const stages: { channel: number; weight: number }[] = [];
    if (driver.code) stages.push({ channel: -1, weight: MATCHES[CODE_EXACT]?.weight ?? 0 });
    for (const [index, c] of CHANNELS.entries()) {
      const needle = needleFor(driver, c.form);
      if (needle === undefined || needle === '') continue;
      const weight = index === TITLE_TEXT_CHANNEL ? (MATCHES[TITLE_PREFIX]?.weight ?? 0) : (MATCHES[c.match]?.weight ?? 0);
      stages.push({ channel: index, weight });
    }
    const survivors: number[] = [];
    const tally = new Map<number, number>();
    for (const [i, stage] of stages.entries()) {
      const found = stage.channel < 0 ? this.driverCodes(driver.text) : this.driverChannel(driver, stage.channel);
      let candidates = found;
      for (const slot of found) {
        const m = matched[slot] ?? 0;
        score[slot] = MATCHES[m - 1]?.weight ?? 0;
        best[slot] = m - 1;
      }
      for (const term of others) {
        if (candidates.length === 0) break;
        candidates = this.refine(term, candidates);
      }
      for (const slot of candidates) {
        survivors.push(slot);
        const s = score[slot] ?? 0;
        tally.set(s, (tally.get(s) ?? 0) + 1);
      }
      const next = stages[i + 1];
      if (next !== undefined && cutoff(tally, limit) > next.weight + othersBest) break;
    }
    if (survivors.length === 0) return [];
    return this.rank(tally, score, best, limit);
  }

  /**
   * The first `limit` candidates by score, ties in `order`. The score
   * tallies say how many of each score can make the cut, so the walk over
   * `order` stops as soon as those are found instead of bucketing every match.
   */
  private rank(tally: Map<number, number>, score: Int32Array, best: Uint8Array, limit: number): SearchHit[] {
    const scores = [...tally.keys()].sort((a, b) => b - a);
    const wanted = new Map<number, number>();
    let remaining = 0;
    for (const s of scores) {
      if (remaining >= limit) break;
      const take = Math.min(tally.get(s) ?? 0, limit - remaining);
      wanted.set(s, take);
      remaining += take;
    }
    const buckets = new Map<number, number[]>(scores.map((s) => [s, []]));
    for (const slot of this.order) {
      if (remaining === 0) break;
      const s = score[slot] ?? 0;
      if (s === 0) continue;
      const want = wanted.get(s) ?? 0;
      if (want === 0) continue;
      wanted.set(s, want - 1);
      remaining--;
      buckets.get(s)?.push(slot);
    }
    const hits: SearchHit[] = [];
    for (const s of scores) {
      for (const slot of buckets.get(s) ?? []) {
        const entry = this.entries[slot];
        const match = MATCHES[best[slot] ?? 0];
        if (entry && match) hits.push({ id: entry.reply.id, score: s, field: match.field, via: match.via });
      }
    }
    return hits;
  }

  /** Highest weight any reply could get for `term`: a code match only if some code starts with it. */
  private bestPossibleWeight(term: TermKind): number {
    const fallback = MATCHES[TITLE_PREFIX]?.weight ?? 0;
    if (!term.code) return fallback;
    const codes = this.sortedCodes();
    let bestKind = 0;
    for (let i = lowerBound(codes, term.text); i < codes.length; i++) {
      const code = codes[i];
      if (code === undefined || !code.key.startsWith(term.text)) break;
      if (code.key === term.text) return MATCHES[CODE_EXACT]?.weight ?? 0;
      if (!code.bare || term.text.length >= 2) bestKind = CODE_PREFIX + 1;
    }
    return bestKind === 0 ? fallback : (MATCHES[CODE_PREFIX]?.weight ?? 0);
  }

  /** The driver's code matches: marks scratch.matched, returns the slots, ascending. */
  private driverCodes(term: string): number[] {
    const { matched } = this.scratchArrays();
    const found: number[] = [];
    this.matchCodes(term, undefined, matched, found);
    return found.sort((a, b) => a - b);
  }

  /** The driver's matches in one channel among slots it has not matched yet, ascending. */
  private driverChannel(term: TermKind, index: number): number[] {
    const { matched } = this.scratchArrays();
    const c = CHANNELS[index];
    const needle = c === undefined ? undefined : needleFor(term, c.form);
    const found: number[] = [];
    if (c === undefined || needle === undefined) return found;
    for (const [block, channels] of this.blocks.entries()) {
      const bc = channels?.[index];
      if (bc !== undefined) scanChannel(bc, needle, block * BLOCK_SIZE, index === TITLE_TEXT_CHANNEL, c.match + 1, matched, undefined, found);
    }
    return found;
  }

  /**
   * Keeps the candidates (ascending) that `term` matches too, adding its
   * best match to their score; the others' score goes back to 0.
   */
  private refine(term: TermKind, candidates: number[]): number[] {
    const { other, alive, score, best } = this.scratchArrays();
    for (const slot of candidates) {
      other[slot] = 0;
      alive[slot] = 1;
    }
    this.matchAmong(term, candidates);
    const kept: number[] = [];
    for (const slot of candidates) {
      alive[slot] = 0;
      const m = other[slot] ?? 0;
      const match = MATCHES[m - 1];
      if (match === undefined) {
        score[slot] = 0;
        continue;
      }
      kept.push(slot);
      score[slot] = (score[slot] ?? 0) + match.weight;
      if (match.weight > (MATCHES[best[slot] ?? 0]?.weight ?? 0)) best[slot] = m - 1;
    }
    return kept;
  }

  /**
   * Sets scratch.other[slot] to 1 + the MATCHES index of the term's best
   * match for every candidate (ascending; with other 0 and alive 1) it matches.
   */
  private matchAmong(term: TermKind, candidates: number[]): void {
    const { other, alive } = this.scratchArrays();
    const blockCount = this.blocks.length;
    // Per block: its candidates' range in `candidates`, and how many are still unmatched.
    const from = new Int32Array(blockCount + 1);
    const open = new Int32Array(blockCount);
    let i = 0;
    for (let block = 0; block < blockCount; block++) {
      from[block] = i;
      while (i < candidates.length && (candidates[i] ?? 0) < (block + 1) * BLOCK_SIZE) i++;
      open[block] = i - (from[block] ?? 0);
    }
    from[blockCount] = i;

    if (term.code && this.matchCodes(term.text, alive, other, undefined) > 0) {
      for (let block = 0; block < blockCount; block++) {
        for (let j = from[block] ?? 0; j < (from[block + 1] ?? 0); j++) if (other[candidates[j] ?? 0] !== 0) open[block]!--;
      }
    }
    for (const [index, c] of CHANNELS.entries()) {
      const needle = needleFor(term, c.form);
      if (needle === undefined || needle === '') continue;
      const isTitleText = index === TITLE_TEXT_CHANNEL;
      for (let block = 0; block < blockCount; block++) {
        if (open[block] === 0) continue;
        const bc = this.blocks[block]?.[index];
        if (bc === undefined) continue;
        const base = block * BLOCK_SIZE;
        let found = 0;
        // A segment-by-segment look costs about as much as scanning a few
        // hundred characters of the block's haystack (a slice and an indexOf
        // call), so it pays when the candidates are few for the haystack's size.
        if ((open[block] ?? 0) * 256 < bc.hay.length) {
          for (let j = from[block] ?? 0; j < (from[block + 1] ?? 0); j++) {
            const slot = candidates[j] ?? 0;
            if (other[slot] !== 0) continue;
            const m = matchSegment(bc, slot - base, needle, isTitleText, c.match + 1);
            if (m !== 0) {
              other[slot] = m;
              found++;
            }
          }
        } else {
          found = scanChannel(bc, needle, base, isTitleText, c.match + 1, other, alive, undefined);
        }
        open[block]! -= found;
      }
    }
  }

  /**
   * Marks code matches in `target` (among `alive` slots if given), appending
   * newly matched slots to `found` if given; returns how many slots it matched.
   */
  private matchCodes(term: string, alive: Uint8Array | undefined, target: Uint8Array, found: number[] | undefined): number {
    const codes = this.sortedCodes();
    let count = 0;
    for (let i = lowerBound(codes, term); i < codes.length; i++) {
      const code = codes[i];
      if (code === undefined || !code.key.startsWith(term)) break;
      if (alive !== undefined && alive[code.slot] !== 1) continue;
      // Without the '/', one letter would put every code sharing it above all
      // title matches on the first keystroke; two letters say "code".
      if (code.bare && code.key !== term && term.length < 2) continue;
      const kind = code.key === term ? CODE_EXACT + 1 : CODE_PREFIX + 1;
      const current = target[code.slot] ?? 0;
      if (current === 0) {
        count++;
        found?.push(code.slot);
      }
      if (current === 0 || kind < current) target[code.slot] = kind;
    }
    return count;
  }

  private sortedCodes(): CodeKey[] {
    if (this.codes !== undefined) return this.codes;
    const codes: CodeKey[] = [];
    for (const slot of this.slotOf.values()) {
      const entry = this.entries[slot];
      if (entry !== undefined) codes.push(...codeKeys(entry, slot));
    }
    codes.sort(compareCodeKeys);
    this.codes = codes;
    return codes;
  }

  /**
   * Takes the `changed` slots out of the order and the codes, and merges
   * `placed` (live slots among them) back in: one pass over each list,
   * whatever the size of the batch.
   */
  private reorder(changed: ReadonlySet<number>, placed: number[]): void {
    placed.sort(this.byBase);
    this.order = mergeSorted(
      this.order.filter((slot) => !changed.has(slot)),
      placed,
      this.byBase,
    );
    if (this.codes === undefined) return;
    const keys: CodeKey[] = [];
    for (const slot of placed) {
      const entry = this.entries[slot];
      if (entry !== undefined) keys.push(...codeKeys(entry, slot));
    }
    keys.sort(compareCodeKeys);
    this.codes = mergeSorted(
      this.codes.filter((code) => !changed.has(code.slot)),
      keys,
      compareCodeKeys,
    );
  }

  private scratchArrays(): Scratch {
    const capacity = this.entries.length;
    if (this.scratch === undefined || this.scratch.matched.length < capacity) {
      // Room to grow, so a library gaining replies does not reallocate on every keystroke.
      const size = capacity + (capacity >>> 3) + 64;
      this.scratch = { matched: new Uint8Array(size), other: new Uint8Array(size), alive: new Uint8Array(size), score: new Int32Array(size), best: new Uint8Array(size) };
    }
    return this.scratch;
  }

  private place(reply: SearchableReply): number {
    let slot = this.slotOf.get(reply.id);
    let previous: Entry | undefined;
    if (slot === undefined) {
      slot = this.freeSlots.pop() ?? this.entries.length;
      this.slotOf.set(reply.id, slot);
    } else previous = this.entries[slot];
    const { entry, changed } = buildEntry(reply, previous);
    this.entries[slot] = entry;
    // A new usage count or pin changes only the order: no haystack to join.
    if (changed !== 0) this.markDirty(slot, changed);
    return slot;
  }

  private markDirty(slot: number, channels: number): void {
    const block = Math.floor(slot / BLOCK_SIZE);
    this.dirtyBlocks.set(block, (this.dirtyBlocks.get(block) ?? 0) | channels);
  }

  private reply(slot: number): SearchableReply {
    const entry = this.entries[slot];
    if (entry === undefined) throw new Error(`ReplyIndex: slot ${slot} is empty but listed in the order`);
    return entry.reply;
  }

  private joinDirtyBlocks(): void {
    for (const [block, channels] of this.dirtyBlocks) this.joinBlock(block, channels);
    this.dirtyBlocks.clear();
  }

  /**
   * Joins a block's haystacks of the `channels` bits: new text from pending
   * entries, the rest sliced from the old haystacks; the other channels'
   * haystacks are kept as they are.
   */
  private joinBlock(block: number, channels: number): void {
    const old = this.blocks[block];
    const base = block * BLOCK_SIZE;
    const built = CHANNELS.map((c, index): BlockChannel => {
      const prev = old?.[index];
      if (prev !== undefined && (channels & (1 << index)) === 0) return prev;
      const segmentStart = new Int32Array(BLOCK_SIZE + 1);
      // One empty part more, so join() ends the haystack with a separator too.
      const parts: string[] = new Array<string>(BLOCK_SIZE + 1).fill('');
      let offset = 0;
      for (let k = 0; k < BLOCK_SIZE; k++) {
        segmentStart[k] = offset;
        const entry = this.entries[base + k];
        let segment = '';
        const fresh = entry?.pending?.segments[index];
        if (fresh !== undefined) segment = fresh;
        else if (entry !== undefined && prev !== undefined) segment = segmentOf(prev, k);
        parts[k] = segment;
        offset += segment.length + 1;
      }
      segmentStart[BLOCK_SIZE] = offset;
      // join() builds one flat string, which indexOf scans without flattening first.
      const hay = parts.join(SEP);
      let syllableBits: Uint32Array | undefined;
      if (c.form === 'full') {
        const bits = new Uint32Array((hay.length >>> 5) + 1);
        for (let k = 0; k < BLOCK_SIZE; k++) {
          const entry = this.entries[base + k];
          if (entry === undefined) continue;
          const at = segmentStart[k] ?? 0;
          if (entry.pending?.segments[index] !== undefined) {
            for (const s of entry.pending.syllableStarts[index] ?? []) bits[(at + s) >>> 5]! |= 1 << ((at + s) & 31);
          } else if (prev?.syllableBits !== undefined) {
            copyBits(prev.syllableBits, prev.segmentStart[k] ?? 0, bits, at, (segmentStart[k + 1] ?? 0) - at);
          }
        }
        syllableBits = bits;
      }
      return { hay, segmentStart, syllableBits };
    });
    for (let k = 0; k < BLOCK_SIZE; k++) {
      const entry = this.entries[base + k];
      if (entry !== undefined) entry.pending = undefined;
    }
    this.blocks[block] = built;
  }
}

function segmentOf(bc: BlockChannel, k: number): string {
  return bc.hay.slice(bc.segmentStart[k] ?? 0, (bc.segmentStart[k + 1] ?? 1) - 1);
}

/**
 * ORs `length` bits of `src` from bit `from` into `dst` from bit `to`, 32 at a
 * time: an upsert rejoins a block whose other 255 segments keep their bits.
 */
function copyBits(src: Uint32Array, from: number, dst: Uint32Array, to: number, length: number): void {
  for (let p = 0; p < length; p += 32) {
    const n = Math.min(32, length - p);
    const s = from + p;
    const shift = s & 31;
    const lo = (src[s >>> 5] ?? 0) >>> shift;
    const hi = shift === 0 ? 0 : (src[(s >>> 5) + 1] ?? 0) << (32 - shift);
    const word = n === 32 ? (lo | hi) >>> 0 : (lo | hi) & ((1 << n) - 1);
    if (word === 0) continue;
    const d = to + p;
    const dShift = d & 31;
    dst[d >>> 5]! |= word << dShift;
    if (dShift !== 0) dst[(d >>> 5) + 1]! |= word >>> (32 - dShift);
  }
}

function isSyllableStart(bits: Uint32Array, pos: number): boolean {
  return ((bits[pos >>> 5] ?? 0) & (1 << (pos & 31))) !== 0;
}

/** Match code of `needle` in local slot k's segment alone, 0 if none; the rules of scanChannel. */
function matchSegment(bc: BlockChannel, k: number, needle: string, isTitleText: boolean, matchCode: number): number {
  const start = bc.segmentStart[k] ?? 0;
  const end = (bc.segmentStart[k + 1] ?? 0) - 1;
  if (end - start < needle.length) return 0;
  // A slice of a flat string shares its characters: no copy of the segment.
  const segment = bc.hay.slice(start, end);
  let pos = segment.indexOf(needle);
  if (bc.syllableBits !== undefined) {
    while (pos !== -1 && !isSyllableStart(bc.syllableBits, start + pos)) pos = segment.indexOf(needle, pos + 1);
  }
  if (pos === -1) return 0;
  return isTitleText && pos === 0 ? TITLE_PREFIX + 1 : matchCode;
}

/**
 * Claims, for every still-unmatched candidate slot in the block, the first
 * occurrence of `needle` in its segment; returns how many it claimed, and
 * appends them to `claimed` if given. Slots
 * already claimed by a better channel are jumped over without searching them,
 * which keeps broad one-letter keystrokes cheap.
 */
function scanChannel(
  bc: BlockChannel,
  needle: string,
  base: number,
  isTitleText: boolean,
  matchCode: number,
  matched: Uint8Array,
  alive: Uint8Array | undefined,
  claimed: number[] | undefined,
): number {
  const { hay, segmentStart, syllableBits } = bc;
  const open = (k: number): boolean => matched[base + k] === 0 && (alive === undefined || alive[base + k] === 1);
  let found = 0;
  let k = 0;
  while (k < BLOCK_SIZE && !open(k)) k++;
  if (k === BLOCK_SIZE) return 0;
  let pos = hay.indexOf(needle, segmentStart[k]);
  while (pos !== -1) {
    // Matches come in increasing position, so the slot only moves forward:
    // at most BLOCK_SIZE steps per scan instead of a binary search per match.
    while ((segmentStart[k + 1] ?? Infinity) <= pos) k++;
    if (!open(k)) {
      k++;
      while (k < BLOCK_SIZE && !open(k)) k++;
      if (k === BLOCK_SIZE) return found;
      pos = hay.indexOf(needle, segmentStart[k]);
      continue;
    }
    // Full pinyin must start where a character's syllable starts: "uik" must
    // not find 退款 (tuikuan).
    if (syllableBits !== undefined && !isSyllableStart(syllableBits, pos)) {
      pos = hay.indexOf(needle, pos + 1);
      continue;
    }
    matched[base + k] = isTitleText && pos === segmentStart[k] ? TITLE_PREFIX + 1 : matchCode;
    claimed?.push(base + k);
    found++;
    k++;
    while (k < BLOCK_SIZE && !open(k)) k++;
    if (k === BLOCK_SIZE) return found;
    pos = hay.indexOf(needle, segmentStart[k]);
  }
  return found;
}
