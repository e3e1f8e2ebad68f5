import { convert, pinyin, polyphonic } from 'pinyin-pro';

/**
 * Text folding and pinyin forms shared by indexing and querying, so both sides
 * fold exactly the same way.
 */

// Control characters never reach a haystack from the query side, so they are
// safe separators between segments (replies, tags, pinyin readings).
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
 * Contextual pinyin for a folded text (pinyin-pro segments words, so 重新 is
 * chongxin and 银行 is yinhang), plus — when the text has polyphones — a
 * second reading line where each polyphone takes its other common reading,
 * so an agent who types the "wrong" reading still finds the reply. The two
 * lines are joined by a control character, which no query contains.
 */
export function pinyinForm(folded: string, opts: { alternates?: boolean } = {}): PinyinForm | undefined {
  const chars = Array.from(folded);
  // Cheap exit: most English replies have no Chinese at all.
  if (!chars.some((c) => c >= '\u3007')) return undefined;
  // toneSandhi only moves the tones of 一/不, which are stripped anyway.
  const toned = pinyin(folded, { type: 'array', nonZh: 'spaced', toneSandhi: false });
  // pinyin-pro returns one item per code point in 'spaced' mode; if a future
  // version changes that, the offsets below would silently shift, so fail loudly.
  if (toned.length !== chars.length) {
    throw new Error(`pinyin-pro returned ${toned.length} items for ${chars.length} characters`);
  }

  const syllables: (string | undefined)[] = toned.map((t, i) => (t !== chars[i] && t !== '' ? toneless(t) : undefined));
  if (!syllables.some((s) => s !== undefined)) return undefined;

  const form: PinyinForm = { full: '', syllableStarts: [], initials: '' };
  appendLine(form, syllables);

  if (opts.alternates === false) return form;
  let hasAlternative = false;
  const alternative = syllables.map((s, i) => {
    if (s === undefined) return undefined;
    const other = readingsOf(chars[i] ?? '').find((r) => r !== s);
    if (other === undefined) return s;
    hasAlternative = true;
    return other;
  });
  if (hasAlternative) {
    form.full += '\u0000';
    form.initials += '\u0000';
    appendLine(form, alternative);
  }
  return form;
}

function appendLine(form: PinyinForm, syllables: (string | undefined)[]): void {
  let full = form.full;
  let initials = form.initials;
  for (const s of syllables) {
    if (s === undefined) {
      full += ' ';
      initials += ' ';
    } else {
      form.syllableStarts.push(full.length);
      full += s;
      initials += s[0] ?? ' ';
    }
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
