/**
 * The two views of a draft that compliance rules match against, each with a
 * map from every UTF-16 unit back to the original text, so a hit can be
 * highlighted where the agent typed it.
 *
 * - `folded`: what regexes see. Per character: NFKC (full-width ＶＸ１３８ → vx138,
 *   circled ① → 1, ideographic space → space), lower case, Cyrillic and Greek
 *   look-alikes of Latin letters (а, е, о, р, с, х, ν, ο…) → Latin, dashes → '-';
 *   invisible characters (zero-width spaces and joiners, soft hyphens, BOM,
 *   variation selectors, bidi marks) dropped. Spacing and punctuation stay.
 * - `squeezed`: what words (and exceptions) see: the folded text with the
 *   spacing tricks agents and buyers use to slip past filters taken out. A run
 *   of spaces, punctuation, symbols or emoji between two characters is
 *   - removed when a Chinese (CJK) character is on either side: 微 信, 微-信,
 *     微😀信, 加 V, 好评，返现 all read as written together;
 *   - removed between two lone Latin letters or digits: v x, V.X, w-e-c-h-a-t,
 *     1 3 8 … read as vx, wechat, 138…;
 *   - otherwise kept as one space, so "we chat" stays two words (not wechat)
 *     and "wei-xin", "wei  xin", "wei.xin" all read "wei xin".
 *   A run that holds a line break is always kept as one space: a line break
 *   ends a thought, it is not a disguise.
 *
 * Words are normalised the same way (`normalizeWord`), so a rule's "微信"
 * matches "微 信" and "ＶＸ" and a rule's "wei xin" matches "wei-xin".
 */

export interface TextView {
  /** The view's text. */
  text: string;
  /** For each UTF-16 unit of `text`: where its source starts in the original text. */
  starts: Int32Array;
  /** For each UTF-16 unit of `text`: where its source ends (exclusive) in the original text. */
  ends: Int32Array;
}

export interface NormalizedText {
  original: string;
  folded: TextView;
  squeezed: TextView;
}

/** Letters and digits of Latin script: a word of them needs a boundary, unlike Chinese. */
export type CharClass = 'letter' | 'digit' | 'other';

// Cyrillic and Greek letters that render like Latin ones (after lower-casing),
// the cheap end of homoglyph folding: "ВХ" in Cyrillic reads as vx. Confusables
// beyond these (mathematical alphanumerics, fullwidth) are already NFKC's job.
const LOOKALIKES: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', з: '3', к: 'k', м: 'm', н: 'h', о: 'o', п: 'n', р: 'p', с: 'c', т: 't', у: 'y',
  х: 'x', і: 'i', ї: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ԛ: 'q', ԝ: 'w', ү: 'y', һ: 'h',
  α: 'a', β: 'b', γ: 'y', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ω: 'w',
  '‐': '-', '‑': '-', '‒': '-', '–': '-', '—': '-', '―': '-', '−': '-', '－': '-',
  // Phones type curly apostrophes: "didn’t" must read like "didn't".
  '‘': "'", '’': "'", 'ʼ': "'", '′': "'", '“': '"', '”': '"',
};

// Zero-width and other invisible characters, dropped from both views: they are
// inserted between letters precisely so that "微\u200b信" is not "微信".
function isInvisible(cp: number): boolean {
  return (
    cp === 0xad ||
    cp === 0x34f ||
    cp === 0x180e ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x2064) ||
    cp === 0xfeff ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0xe0100 && cp <= 0xe01ef)
  );
}

/** Chinese, Japanese and Korean script: no spaces between words, so no word boundaries either. */
export function isCjk(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x3040 && cp <= 0x30ff) ||
    (cp >= 0xac00 && cp <= 0xd7af) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x20000 && cp <= 0x3ffff) ||
    cp === 0x3007 // 〇, a numeral in 一三八〇…
  );
}

export function charClass(cp: number): CharClass {
  if (cp >= 0x61 && cp <= 0x7a) return 'letter';
  if (cp >= 0x30 && cp <= 0x39) return 'digit';
  if (cp >= 0x41 && cp <= 0x5a) return 'letter';
  // Latin-1 and Latin Extended-A/B letters (é, ß, ø…), less × and ÷.
  if (cp >= 0xc0 && cp <= 0x24f && cp !== 0xd7 && cp !== 0xf7) return 'letter';
  return 'other';
}

// Characters that are content even though Unicode calls them punctuation or
// symbols: they carry meaning in rules (100%, #1, e-mail @, & in brand names).
const KEPT_SYMBOLS = new Set(['%', '@', '#', '&', '$']);
const SEPARATOR_RE = /[\p{P}\p{Z}\p{Sm}\p{Sk}\p{So}\p{Cc}\p{Extended_Pictographic}]/u;

function isSeparator(ch: string, cp: number): boolean {
  if (cp < 0x80) {
    if (cp <= 0x20 || cp === 0x7f) return true;
    if (charClass(cp) !== 'other') return false;
    return !KEPT_SYMBOLS.has(ch);
  }
  if (isCjk(cp)) return false;
  if (KEPT_SYMBOLS.has(ch)) return false;
  return SEPARATOR_RE.test(ch);
}

function isLineBreak(cp: number): boolean {
  return cp === 0x0a || cp === 0x0d || cp === 0x0b || cp === 0x0c || cp === 0x85 || cp === 0x2028 || cp === 0x2029;
}

/** The folded form of one code point (possibly empty or several characters). */
function foldChar(ch: string, cp: number): string {
  if (cp < 0x80) return cp >= 0x41 && cp <= 0x5a ? String.fromCharCode(cp + 32) : ch;
  if (isInvisible(cp)) return '';
  if (cp >= 0x4e00 && cp <= 0x9fff) return ch; // NFKC leaves unified ideographs alone: skip the call.
  const nfkc = ch.normalize('NFKC').toLowerCase();
  let out = '';
  for (const c of nfkc) out += LOOKALIKES[c] ?? c;
  return out;
}

class ViewBuilder {
  text = '';
  private starts: number[] = [];
  private ends: number[] = [];

  push(chars: string, start: number, end: number): void {
    this.text += chars;
    for (let i = 0; i < chars.length; i++) {
      this.starts.push(start);
      this.ends.push(end);
    }
  }

  build(): TextView {
    return { text: this.text, starts: Int32Array.from(this.starts), ends: Int32Array.from(this.ends) };
  }
}

interface FoldedChar {
  ch: string;
  cp: number;
  start: number;
  end: number;
  separator: boolean;
}

export function normalize(original: string): NormalizedText {
  const folded = new ViewBuilder();
  const chars: FoldedChar[] = [];
  let offset = 0;
  for (const source of original) {
    const start = offset;
    offset += source.length;
    const cp = source.codePointAt(0)!;
    const out = foldChar(source, cp);
    if (!out) continue;
    folded.push(out, start, offset);
    for (const ch of out) {
      const fcp = ch.codePointAt(0)!;
      chars.push({ ch, cp: fcp, start, end: offset, separator: isSeparator(ch, fcp) });
    }
  }
  return { original, folded: folded.build(), squeezed: squeeze(chars) };
}

/**
 * A Latin letter or digit standing alone: the v of "v x" or "加v x". A letter,
 * a digit or a kept symbol beside it makes it part of a token ("#1", "a@b").
 */
function isLone(chars: readonly FoldedChar[], i: number): boolean {
  if (charClass(chars[i]!.cp) === 'other') return false;
  const alone = (c: FoldedChar | undefined) => !c || (charClass(c.cp) === 'other' && !KEPT_SYMBOLS.has(c.ch));
  return alone(chars[i - 1]) && alone(chars[i + 1]);
}

function squeeze(chars: readonly FoldedChar[]): TextView {
  const out = new ViewBuilder();
  let i = 0;
  while (i < chars.length) {
    const c = chars[i]!;
    if (!c.separator) {
      out.push(c.ch, c.start, c.end);
      i++;
      continue;
    }
    // A run of separators: decide from its neighbours whether it is a disguise.
    let j = i;
    let hardBreak = false;
    while (j < chars.length && chars[j]!.separator) {
      hardBreak ||= isLineBreak(chars[j]!.cp);
      j++;
    }
    const left = i > 0 ? i - 1 : -1;
    const right = j < chars.length ? j : -1;
    if (left >= 0 && right >= 0) {
      const l = chars[left]!;
      const r = chars[right]!;
      const joined = !hardBreak && (isCjk(l.cp) || isCjk(r.cp) || (isLone(chars, left) && isLone(chars, right)));
      if (!joined) out.push(' ', c.start, chars[j - 1]!.end);
    }
    // Leading and trailing runs are dropped: the edge of the text is a boundary anyway.
    i = j;
  }
  return out.build();
}

/** A rule's word as the squeezed view reads it; '' when nothing but separators is left. */
export function normalizeWord(word: string): string {
  return normalize(word).squeezed.text;
}

/** The original-text range of the view's units [start, end). */
export function originalRange(view: TextView, start: number, end: number): { start: number; end: number } {
  return { start: view.starts[start]!, end: view.ends[end - 1]! };
}
