import { convert, pinyin, polyphonic } from 'pinyin-pro';

/**
 * Text folding and pinyin forms shared by indexing and querying, so both sides
 * fold exactly the same way.
 */

// Control characters never reach a haystack from the query side, so they are
// safe separators between segments (replies, tags, pinyin readings).
// eslint-disable-next-line no-control-regex -- control characters are exactly what it matches
const CONTROL = /[\u0000-\u001f]/g;

/**
 * NFKC folds full-width Latin and digits (ＡＢＣ１２ → ABC12) and the ideographic
 * space, which IMEs in full-width mode produce; lower-casing makes Latin
 * case-insensitive. CJK characters are unchanged by both.
 */
export function foldText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(CONTROL, ' ');
}

/** Pinyin of one field: full syllables with their start offsets, and one initial per character. */
export interface PinyinForm {
  /** Toneless syllables, ü as v; every non-Chinese character becomes one space so runs never join. */
  full: string;
  /** Offsets in `full` where a syllable starts: a full-pinyin match may only begin there. */
  syllableStarts: number[];
  /** One letter per character (first letter of its syllable), space for non-Chinese characters. */
  initials: string;
}

const tonelessCache = new Map<string, string>();
/**
 * pinyin-pro's own `toneType: 'none'` costs about 4x its tone-marked output
 * (measured: 1.5 µs vs 0.4 µs per character), and there are only ~1,500
 * tone-marked syllables, so strip tones once per syllable with its `convert`.
 */
function toneless(syllable: string): string {
  let plain = tonelessCache.get(syllable);
  if (plain === undefined) {
    plain = convert(syllable, { format: 'toneNone' }).replaceAll('ü', 'v');
    tonelessCache.set(syllable, plain);
  }
  return plain;
}

const readingsCache = new Map<string, string[]>();
/** All toneless readings of one character, most common first (重 → zhong, chong). */
function readingsOf(char: string): string[] {
  let readings = readingsCache.get(char);
  if (readings === undefined) {
    const found = polyphonic(char, { type: 'array', toneType: 'none', v: true })[0] ?? [];
    readings = [...new Set(found)];
    readingsCache.set(char, readings);
  }
  return readings;
}

/**
 * A run is a maximal stretch of code units at or above U+3007 (Chinese, and
 * whatever else sits up there: kana, emoji). After foldText, spaces, ASCII,
 * digits and the common CJK punctuation (、。 and the full-width forms NFKC
 * maps to ASCII) all fall below it, so runs are clauses.
 */
// eslint-disable-next-line no-control-regex -- a code-point range that happens to start at U+0000
const RUN = /[^\u0000-\u3006]+/g;

/** Pinyin of one run, read in its own context; the unit that is cached. */
interface RunReading {
  /** Per code point: toneless syllable, undefined for a non-Chinese one. */
  syllables: (string | undefined)[];
  line: Line;
  /** Each polyphone's other common reading; null when the run has no polyphone; computed on first need. */
  alternate: Line | null | undefined;
}

interface Line {
  full: string;
  /** Syllable starts relative to the run's start in `full`. */
  starts: number[];
  initials: string;
}

function lineOf(syllables: (string | undefined)[]): Line {
  const line: Line = { full: '', starts: [], initials: '' };
  let full = '';
  let initials = '';
  for (const s of syllables) {
    if (s === undefined) {
      full += ' ';
      initials += ' ';
    } else {
      line.starts.push(full.length);
      full += s;
      initials += s[0] ?? ' ';
    }
  }
  line.full = full;
  line.initials = initials;
  return line;
}

function readRun(run: string): RunReading {
  const chars = Array.from(run);
  // toneSandhi only moves the tones of 一/不, which are stripped anyway.
  const toned = pinyin(run, { type: 'array', nonZh: 'spaced', toneSandhi: false });
  // pinyin-pro returns one item per code point in 'spaced' mode; if a future
  // version changes that, the offsets would silently shift, so fail loudly.
  if (toned.length !== chars.length) {
    throw new Error(`pinyin-pro returned ${toned.length} items for ${chars.length} characters`);
  }
  const syllables = toned.map((t, i) => (t !== chars[i] && t !== '' ? toneless(t) : undefined));
  return { syllables, line: lineOf(syllables), alternate: undefined };
}

function alternateOf(run: string, reading: RunReading): Line | null {
  if (reading.alternate !== undefined) return reading.alternate;
  const chars = Array.from(run);
  let hasAlternative = false;
  const other = reading.syllables.map((s, i) => {
    if (s === undefined) return undefined;
    const alt = readingsOf(chars[i] ?? '').find((r) => r !== s);
    if (alt === undefined) return s;
    hasAlternative = true;
    return alt;
  });
  reading.alternate = hasAlternative ? lineOf(other) : null;
  return reading.alternate;
}

/*
 * Replies are written from templates, so the same clauses (亲，… / 非常抱歉…)
 * recur across thousands of them: remembering each run's reading makes most
 * of a library's pinyin a map lookup. Two generations bound the memory
 * (at most 2 × RUN_CACHE_GENERATION runs) while keeping what is still in use.
 */
const RUN_CACHE_GENERATION = 20_000;
let recentRuns = new Map<string, RunReading>();
let olderRuns = new Map<string, RunReading>();
function runReading(run: string): RunReading {
  let reading = recentRuns.get(run);
  if (reading !== undefined) return reading;
  reading = olderRuns.get(run) ?? readRun(run);
  if (recentRuns.size >= RUN_CACHE_GENERATION) {
    olderRuns = recentRuns;
    recentRuns = new Map();
  }
  recentRuns.set(run, reading);
  return reading;
}

/**
 * Contextual pinyin for a folded text (pinyin-pro segments words, so 重新 is
 * chongxin and 银行 is yinhang), plus — when the text has polyphones — a
 * second reading line where each polyphone takes its other common reading,
 * so an agent who types the "wrong" reading still finds the reply. The two
 * lines are joined by a control character, which no query contains.
 *
 * Each run is read on its own. No word spans a non-Chinese character, so
 * this loses no context; and pinyin-pro reads long mixed texts worse than
 * their clauses: given a whole 100-character body it has been seen to read
 * one of two identical 重新发货 clauses as zhongxin and 银行 as yinxing.
 */
export function pinyinForm(folded: string, opts: { alternates?: boolean } = {}): PinyinForm | undefined {
  const runs: { at: number; run: string; reading: RunReading }[] = [];
  let chinese = false;
  for (const m of folded.matchAll(RUN)) {
    const reading = runReading(m[0]);
    runs.push({ at: m.index, run: m[0], reading });
    if (!chinese) chinese = reading.syllables.some((s) => s !== undefined);
  }
  if (!chinese) return undefined;

  const form: PinyinForm = { full: '', syllableStarts: [], initials: '' };
  appendLine(form, folded.length, runs, (r) => r.reading.line);
  if (opts.alternates === false) return form;
  const alternates = runs.map((r) => alternateOf(r.run, r.reading));
  if (alternates.every((a) => a === null)) return form;
  form.full += '\u0000';
  form.initials += '\u0000';
  appendLine(form, folded.length, runs, (r, i) => alternates[i] ?? r.reading.line);
  return form;
}

/**
 * Appends one reading line: the runs' lines, and one space per character
 * between them. Those characters are all below U+3007, so none is a
 * surrogate and each is one code point.
 */
function appendLine<R extends { at: number; run: string }>(form: PinyinForm, length: number, runs: R[], lineFor: (r: R, i: number) => Line): void {
  let full = form.full;
  let initials = form.initials;
  let done = 0;
  for (const [i, r] of runs.entries()) {
    if (r.at > done) {
      const gap = ' '.repeat(r.at - done);
      full += gap;
      initials += gap;
    }
    const line = lineFor(r, i);
    for (const s of line.starts) form.syllableStarts.push(full.length + s);
    full += line.full;
    initials += line.initials;
    done = r.at + r.run.length;
  }
  if (length > done) {
    const gap = ' '.repeat(length - done);
    full += gap;
    initials += gap;
  }
  form.full = full;
  form.initials = initials;
}

/**
 * A query term with Chinese and Latin mixed ("退kuan") is turned into full
 * pinyin ("tuikuan") so it can be matched against the syllable lines;
 * undefined when the term has anything but Chinese and a–z.
 */
export function mixedTermToPinyin(term: string): string | undefined {
  const chars = Array.from(term);
  const toned = pinyin(term, { type: 'array', nonZh: 'spaced' });
  if (toned.length !== chars.length) return undefined;
  let out = '';
  for (const [i, c] of chars.entries()) {
    const t = toned[i] ?? '';
    if (c >= 'a' && c <= 'z') out += c;
    else if (t !== c && t !== '') out += toneless(t);
    else return undefined;
  }
  return out;
}
