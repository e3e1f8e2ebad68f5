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
 * Blocks keep `upsert` cheap: only the reply's block is joined again, lazily,
 * on the next search.
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
   * Per channel: the haystack segment of this reply, until its block is
   * built; the block's haystack then holds it, so 20k replies are not held twice.
   */
  segments: string[] | undefined;
  /** Per channel: syllable starts within the segment ('full' channels only). */
  syllableStarts: (Uint16Array | Uint32Array | undefined)[];
}

interface BlockChannel {
  hay: string;
  /** segmentStart[k] = offset of local slot k's segment; strictly increasing, length BLOCK_SIZE + 1. */
  segmentStart: Int32Array;
  /** Bit set of syllable starts in `hay`, for 'full' channels. */
  syllableBits: Uint32Array | undefined;
}

function buildEntry(reply: SearchableReply): Entry {
  const title = foldText(reply.title).trim();
  const tags = reply.tags.map(foldText).join(SEP);
  const group = foldText(reply.group);
  const body = foldText(reply.body);
  const texts: Record<Haystack, string> = { title, tags, group, body };
  const forms = {
    title: pinyinForm(title),
    tags: cachedPinyinForm(tags),
    group: cachedPinyinForm(group),
    // One reading for bodies: the alternate line would double the largest
    // haystack, and body pinyin is the last resort in the ranking anyway.
    body: pinyinForm(body, { alternates: false }),
  };
  const segments: string[] = [];
  const syllableStarts: (Uint16Array | Uint32Array | undefined)[] = [];
  for (const c of CHANNELS) {
    const form = forms[c.haystack];
    if (c.form === 'text') {
      segments.push(texts[c.haystack]);
      syllableStarts.push(undefined);
    } else if (c.form === 'full') {
      segments.push(form?.full ?? '');
      syllableStarts.push(form === undefined ? undefined : compactOffsets(form.syllableStarts));
    } else {
      segments.push(form?.initials ?? '');
      syllableStarts.push(undefined);
    }
  }
  const code = foldText(reply.code.trim());
  return { reply, code, bareCode: code.startsWith('/') ? code.slice(1) : code, segments, syllableStarts };
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

function compactOffsets(offsets: number[]): Uint16Array | Uint32Array {
  const last = offsets[offsets.length - 1] ?? 0;
  return last < 65_536 ? Uint16Array.from(offsets) : Uint32Array.from(offsets);
}

function compareBase(a: SearchableReply, b: SearchableReply): number {
  if (a.pinned !== b.pinned) return a.pinned ? -1 : 1;
  if (a.usageCount !== b.usageCount) return b.usageCount - a.usageCount;
  const la = a.lastUsedAt ?? -Infinity;
  const lb = b.lastUsedAt ?? -Infinity;
  if (la !== lb) return lb > la ? 1 : -1;
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

export class ReplyIndex {
  private entries: (Entry | undefined)[] = [];
  private slotOf = new Map<string, number>();
  private freeSlots: number[] = [];
  /** Live slots sorted by compareBase, kept sorted on every change. */
  private order: number[] = [];
  /** Per block, per channel; built on first search after a change. */
  private blocks: (BlockChannel[] | undefined)[] = [];
  private dirtyBlocks = new Set<number>();
  /**
   * Codes (folded, with and without '/') sorted, so exact and prefix matches
   * are one binary search instead of a pass over every code; rebuilt lazily
   * after changes.
   */
  private codes: { key: string; slot: number; bare: boolean }[] | undefined;

  constructor(replies?: Iterable<SearchableReply>) {
    if (replies === undefined) return;
    for (const reply of replies) this.place(reply);
    this.order = [...this.slotOf.values()];
    this.sortOrder();
  }

  get size(): number {
    return this.slotOf.size;
  }

  upsert(reply: SearchableReply): void {
    const existing = this.slotOf.get(reply.id);
    if (existing !== undefined) this.removeFromOrder(existing);
    const slot = this.place(reply);
    this.insertIntoOrder(slot);
  }

  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    this.removeFromOrder(slot);
    this.entries[slot] = undefined;
    this.slotOf.delete(id);
    this.codes = undefined;
    this.freeSlots.push(slot);
    this.dirtyBlocks.add(Math.floor(slot / BLOCK_SIZE));
  }

  search(query: string, opts: SearchOptions = {}): SearchHit[] {
    const limit = opts.limit ?? Infinity;
    const terms = foldText(query).trim().split(/\s+/).filter((t) => t !== '');
    if (terms.length === 0) {
      const hits: SearchHit[] = [];
      for (const slot of this.order) {
        if (hits.length >= limit) break;
        const entry = this.entries[slot];
        if (entry) hits.push({ id: entry.reply.id, score: 0, field: 'title', via: 'text' });
      }
      return hits;
    }

    const capacity = this.entries.length;
    const score = new Float64Array(capacity);
    const best = new Uint8Array(capacity); // MATCHES index of the strongest term match
    let alive: Uint8Array | undefined; // undefined = every slot is still a candidate
    for (const term of terms) {
      // A single term may stop at the first `limit` matches of the best
      // channels; with several terms the scores add up, so every term must be complete.
      const matched = this.matchTerm(classifyTerm(term), alive, terms.length === 1 && Number.isFinite(limit) ? limit : undefined);
      const nextAlive = new Uint8Array(capacity);
      let any = false;
      for (let slot = 0; slot < capacity; slot++) {
        const m = matched[slot] ?? 0;
        if (m === 0 || (alive !== undefined && alive[slot] === 0)) continue;
        const match = MATCHES[m - 1];
        if (match === undefined) continue;
        nextAlive[slot] = 1;
        any = true;
        score[slot] = (score[slot] ?? 0) + match.weight;
        const prevBest = MATCHES[best[slot] ?? 0];
        if (alive === undefined || (prevBest !== undefined && match.weight > prevBest.weight)) best[slot] = m - 1;
      }
      if (!any) return [];
      alive = nextAlive;
    }

    // `order` is already sorted by the tie-breakers, so bucketing by score in
    // that order and emitting buckets by descending score is a full ranking
    // without a comparison sort on every keystroke.
    const buckets = new Map<number, number[]>();
    for (const slot of this.order) {
      if (alive?.[slot] !== 1) continue;
      const s = score[slot] ?? 0;
      let bucket = buckets.get(s);
      if (bucket === undefined) buckets.set(s, (bucket = []));
      bucket.push(slot);
    }
    const hits: SearchHit[] = [];
    for (const s of [...buckets.keys()].sort((a, b) => b - a)) {
      for (const slot of buckets.get(s) ?? []) {
        if (hits.length >= limit) return hits;
        const entry = this.entries[slot];
        const match = MATCHES[best[slot] ?? 0];
        if (entry && match) hits.push({ id: entry.reply.id, score: s, field: match.field, via: match.via });
      }
    }
    return hits;
  }

  /** For each slot, 1 + the MATCHES index of the term's best match, 0 if none. */
  private matchTerm(term: TermKind, alive: Uint8Array | undefined, enough: number | undefined): Uint8Array {
    const matched = new Uint8Array(this.entries.length);
    if (term.code) this.matchCodes(term.text, matched, alive);
    const blockCount = Math.ceil(this.entries.length / BLOCK_SIZE);
    const blocks: number[] = [];
    for (let block = 0; block < blockCount; block++) {
      if (alive === undefined || hasCandidate(alive, block * BLOCK_SIZE)) blocks.push(block);
    }
    for (const [index, c] of CHANNELS.entries()) {
      // Channels come in rank order: once `enough` replies matched above this
      // channel, nothing it finds could make the first `enough` hits.
      if (enough !== undefined && countMatched(matched) >= enough) break;
      const needle = needleFor(term, c.form);
      if (needle === undefined || needle === '') continue;
      for (const block of blocks) {
        const bc = this.blockChannels(block)[index];
        if (bc === undefined) continue;
        scanChannel(bc, needle, block * BLOCK_SIZE, index === TITLE_TEXT_CHANNEL, c.match + 1, matched, alive);
      }
    }
    return matched;
  }

  private matchCodes(term: string, matched: Uint8Array, alive: Uint8Array | undefined): void {
    const codes = this.sortedCodes();
    let lo = 0;
    let hi = codes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((codes[mid]?.key ?? '') < term) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < codes.length; i++) {
      const code = codes[i];
      if (code === undefined || !code.key.startsWith(term)) break;
      if (alive !== undefined && alive[code.slot] === 0) continue;
      // Without the '/', one letter would put every code sharing it above all
      // title matches on the first keystroke; two letters say "code".
      if (code.bare && code.key !== term && term.length < 2) continue;
      const kind = code.key === term ? CODE_EXACT + 1 : CODE_PREFIX + 1;
      const current = matched[code.slot] ?? 0;
      if (current === 0 || kind < current) matched[code.slot] = kind;
    }
  }

  private sortedCodes(): { key: string; slot: number; bare: boolean }[] {
    if (this.codes !== undefined) return this.codes;
    const codes: { key: string; slot: number; bare: boolean }[] = [];
    for (const slot of this.slotOf.values()) {
      const entry = this.entries[slot];
      if (entry === undefined || entry.code === '') continue;
      codes.push({ key: entry.code, slot, bare: false });
      if (entry.bareCode !== entry.code) codes.push({ key: entry.bareCode, slot, bare: true });
    }
    codes.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    this.codes = codes;
    return codes;
  }

  private place(reply: SearchableReply): number {
    let slot = this.slotOf.get(reply.id);
    if (slot === undefined) {
      slot = this.freeSlots.pop() ?? this.entries.length;
      this.slotOf.set(reply.id, slot);
    }
    const entry = buildEntry(reply);
    this.entries[slot] = entry;
    this.codes = undefined;
    this.dirtyBlocks.add(Math.floor(slot / BLOCK_SIZE));
    return slot;
  }

  private reply(slot: number): SearchableReply {
    const entry = this.entries[slot];
    if (entry === undefined) throw new Error(`ReplyIndex: slot ${slot} is empty but listed in the order`);
    return entry.reply;
  }

  private sortOrder(): void {
    this.order.sort((a, b) => compareBase(this.reply(a), this.reply(b)));
  }

  private removeFromOrder(slot: number): void {
    const at = this.order.indexOf(slot);
    if (at >= 0) this.order.splice(at, 1);
  }

  private insertIntoOrder(slot: number): void {
    const reply = this.reply(slot);
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareBase(this.reply(this.order[mid] ?? 0), reply) <= 0) lo = mid + 1;
      else hi = mid;
    }
    this.order.splice(lo, 0, slot);
  }

  private blockChannels(block: number): BlockChannel[] {
    const old = this.blocks[block];
    if (old !== undefined && !this.dirtyBlocks.has(block)) return old;
    const base = block * BLOCK_SIZE;
    const built = CHANNELS.map((c, index) => {
      const segmentStart = new Int32Array(BLOCK_SIZE + 1);
      const parts: string[] = [];
      let offset = 0;
      for (let k = 0; k < BLOCK_SIZE; k++) {
        segmentStart[k] = offset;
        const entry = this.entries[base + k];
        let segment = '';
        if (entry?.segments !== undefined) segment = entry.segments[index] ?? '';
        else if (entry !== undefined && old !== undefined) segment = segmentOf(old[index], k);
        parts.push(segment);
        offset += segment.length + 1;
      }
      segmentStart[BLOCK_SIZE] = offset;
      // Flatten now: indexOf on a rope would flatten it on the first keystroke.
      const hay = (parts.join(SEP) + SEP).normalize();
      let syllableBits: Uint32Array | undefined;
      if (c.form === 'full') {
        syllableBits = new Uint32Array((hay.length >>> 5) + 1);
        for (let k = 0; k < BLOCK_SIZE; k++) {
          const starts = this.entries[base + k]?.syllableStarts[index];
          if (starts === undefined) continue;
          const at = segmentStart[k] ?? 0;
          for (const s of starts) syllableBits[(at + s) >>> 5]! |= 1 << ((at + s) & 31);
        }
      }
      return { hay, segmentStart, syllableBits };
    });
    for (let k = 0; k < BLOCK_SIZE; k++) {
      const entry = this.entries[base + k];
      if (entry !== undefined) entry.segments = undefined;
    }
    this.blocks[block] = built;
    this.dirtyBlocks.delete(block);
    return built;
  }
}

function segmentOf(bc: BlockChannel | undefined, k: number): string {
  if (bc === undefined) return '';
  return bc.hay.slice(bc.segmentStart[k] ?? 0, (bc.segmentStart[k + 1] ?? 1) - 1);
}

function needleFor(term: TermKind, form: Form): string | undefined {
  if (form === 'text') return term.text;
  if (form === 'initials') return term.initials ? term.pinyin : undefined;
  // One letter at a syllable start is exactly an initials match; leaving it to
  // the initials channel avoids testing every mid-syllable 'n' or 'a'.
  return term.fullPinyin && term.pinyin !== undefined && term.pinyin.length > 1 ? term.pinyin : undefined;
}

function countMatched(matched: Uint8Array): number {
  let count = 0;
  for (let slot = 0; slot < matched.length; slot++) if (matched[slot] !== 0) count++;
  return count;
}

function hasCandidate(alive: Uint8Array, base: number): boolean {
  const end = Math.min(alive.length, base + BLOCK_SIZE);
  for (let slot = base; slot < end; slot++) if (alive[slot] === 1) return true;
  return false;
}

/** Local slot whose segment contains `pos`: the last k with segmentStart[k] <= pos. */
function localSlotAt(segmentStart: Int32Array, pos: number): number {
  let lo = 0;
  let hi = BLOCK_SIZE - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((segmentStart[mid] ?? 0) <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Claims, for every still-unmatched candidate slot in the block, the first
 * occurrence of `needle` in its segment. Slots already claimed by a better
 * channel are jumped over without searching them, which keeps broad
 * one-letter keystrokes cheap.
 */
function scanChannel(
  bc: BlockChannel,
  needle: string,
  base: number,
  isTitleText: boolean,
  matchCode: number,
  matched: Uint8Array,
  alive: Uint8Array | undefined,
): void {
  const { hay, segmentStart, syllableBits } = bc;
  const open = (k: number): boolean => matched[base + k] === 0 && (alive === undefined || alive[base + k] === 1);
  let k = 0;
  while (k < BLOCK_SIZE && !open(k)) k++;
  if (k === BLOCK_SIZE) return;
  let pos = hay.indexOf(needle, segmentStart[k]);
  while (pos !== -1) {
    k = localSlotAt(segmentStart, pos);
    if (!open(k)) {
      k++;
      while (k < BLOCK_SIZE && !open(k)) k++;
      if (k === BLOCK_SIZE) return;
      pos = hay.indexOf(needle, segmentStart[k]);
      continue;
    }
    // Full pinyin must start where a character's syllable starts: "uik" must
    // not find 退款 (tuikuan).
    if (syllableBits !== undefined && ((syllableBits[pos >>> 5] ?? 0) & (1 << (pos & 31))) === 0) {
      pos = hay.indexOf(needle, pos + 1);
      continue;
    }
    matched[base + k] = isTitleText && pos === segmentStart[k] ? TITLE_PREFIX + 1 : matchCode;
    k++;
    while (k < BLOCK_SIZE && !open(k)) k++;
    if (k === BLOCK_SIZE) return;
    pos = hay.indexOf(needle, segmentStart[k]);
  }
}
