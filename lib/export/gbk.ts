/**
 * Text to GBK bytes, the encoding 千牛 writes its quick-phrase files in on a
 * Chinese Windows. The platform decodes GBK (TextDecoder('gb18030')) but has
 * no encoder, so the encoder is the decoder read backwards: every two-byte
 * GBK sequence (lead 0x81–0xFE, trail 0x40–0x7E or 0x80–0xFE) is decoded
 * once, on first use, and each character points back to its bytes. The
 * mapping is then by definition the one the import (lib/import/decode.ts)
 * reads, so `decode(encodeGbk(s)) === s` for every text GBK can hold.
 * iconv-lite would do it too, but needs a Node Buffer polyfill in extension
 * pages.
 *
 * Where two sequences decode to the same character, the lower one is kept:
 * U+3000 is A1A1 (A3A0 also reads as U+3000). The euro sign is the single
 * byte 0x80, as Windows code page 936 writes it; WHATWG's gb18030 decoder
 * reads 0x80 as € too, while A2E3 (the GB18030 € that code page 936 does not
 * know) is not used.
 *
 * Characters outside GBK (emoji, Hangul, CJK added after GBK such as 鿏) have
 * no bytes: `gbkUnencodable` lists them, and `encodeGbk` writes a replacement
 * the caller chooses or refuses the text.
 */

/** BMP code unit → its GBK bytes (a byte < 0x100, else lead << 8 | trail); 0: none. */
let table: Uint16Array | undefined;

const TRAILS = 190; // 0x40–0x7E and 0x80–0xFE
const trailByte = (i: number) => (i < 0x3f ? 0x40 + i : 0x41 + i);

function buildTable(): Uint16Array {
  const built = new Uint16Array(0x10000);
  const decoder = new TextDecoder('gb18030');
  const euro = decoder.decode(Uint8Array.of(0x80));
  if (euro.length === 1 && euro !== '\uFFFD') built[euro.charCodeAt(0)] = 0x80;
  // All the pairs in one decode, each followed by a line feed, so that a pair
  // the decoder refuses (U+FFFD, perhaps with its ASCII trail byte given
  // back) cannot shift the ones after it. A line feed never follows a lead
  // byte in the file, so it reads as itself.
  const bytes = new Uint8Array(126 * TRAILS * 3);
  let at = 0;
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let i = 0; i < TRAILS; i++) {
      bytes[at++] = lead;
      bytes[at++] = trailByte(i);
      bytes[at++] = 0x0a;
    }
  }
  const text = decoder.decode(bytes);
  let start = 0;
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let i = 0; i < TRAILS; i++) {
      const end = text.indexOf('\n', start);
      const code = text.charCodeAt(start);
      if (end - start === 1 && code !== 0xfffd && code >= 0x80 && built[code] === 0) built[code] = (lead << 8) | trailByte(i);
      start = end + 1;
    }
  }
  return built;
}

function gbkTable(): Uint16Array {
  table ??= buildTable();
  return table;
}

/** The GBK bytes of one character (a code point), or undefined when GBK has none. */
function bytesOf(t: Uint16Array, code: number): number | undefined {
  if (code < 0x80) return code;
  const bytes = code <= 0xffff ? t[code]! : 0;
  return bytes === 0 ? undefined : bytes;
}

const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** The characters of `text` that GBK cannot hold, each once, in the order they first appear. */
export function gbkUnencodable(text: string): string[] {
  const t = gbkTable();
  const found = new Set<string>();
  for (const ch of text) if (bytesOf(t, ch.codePointAt(0)!) === undefined) found.add(ch);
  return [...found];
}

/**
 * `text` in GBK, without a byte-order mark (GBK has none). A character GBK
 * cannot hold is written as `replacement` when one is given (it must be GBK
 * itself); without one such text is refused with a RangeError, so that
 * nothing is lost unnoticed.
 */
export function encodeGbk(text: string, replacement?: string): Uint8Array {
  const t = gbkTable();
  const marker = replacement === undefined ? undefined : encodeGbk(replacement);
  // A code unit takes at most two bytes; a replaced one at most the marker.
  const out = new Uint8Array(text.length * Math.max(2, marker?.length ?? 0));
  let at = 0;
  for (const ch of text) {
    const bytes = bytesOf(t, ch.codePointAt(0)!);
    if (bytes === undefined) {
      if (!marker) throw new RangeError(`GBK has no bytes for ${codePoint(ch)}`);
      out.set(marker, at);
      at += marker.length;
    } else if (bytes < 0x100) out[at++] = bytes;
    else {
      out[at++] = bytes >> 8;
      out[at++] = bytes & 0xff;
    }
  }
  return out.slice(0, at);
}

/**
 * The same character as GBK writes it, for one GBK lacks; undefined when
 * there is none. Only where the two are one character in Unicode's own
 * terms, never a look-alike (x² does not become x2):
 * - its canonical form (NFC), e.g. a CJK compatibility ideograph;
 * - its other width (the Halfwidth and Fullwidth Forms block): the yen sign
 *   ¥ (U+00A5, typed by some input methods) is ￥ (U+FFE5) in GBK, as Chinese
 *   prices are written; likewise ¢ £ ¬ ¦ and half-width katakana;
 * - a space for a space GBK lacks (the no-break space of text pasted from a
 *   web page).
 */
export function gbkEquivalent(ch: string): string | undefined {
  const t = gbkTable();
  const code = ch.codePointAt(0)!;
  if (bytesOf(t, code) !== undefined) return undefined;
  const holds = (c: string) => c !== ch && [...c].length === 1 && bytesOf(t, c.codePointAt(0)!) !== undefined;
  const nfc = ch.normalize('NFC');
  if (holds(nfc)) return nfc;
  if (code >= 0xff00 && code <= 0xffef) {
    const narrow = ch.normalize('NFKC');
    if (holds(narrow)) return narrow;
  } else {
    const wide = widthTwins().get(ch);
    if (wide !== undefined && holds(wide)) return wide;
  }
  if (/^\p{Zs}$/u.test(ch)) return ' ';
  return undefined;
}

/** Character → its form in the Halfwidth and Fullwidth Forms block (¥ → ￥), built on first use. */
let twins: Map<string, string> | undefined;
function widthTwins(): Map<string, string> {
  if (twins) return twins;
  twins = new Map();
  for (let code = 0xff01; code <= 0xffee; code++) {
    const form = String.fromCharCode(code);
    const other = form.normalize('NFKC');
    if (other !== form && [...other].length === 1) twins.set(other, form);
  }
  return twins;
}

/**
 * `text` with each character GBK lacks but holds under another form
 * (gbkEquivalent) written in that form, and which were changed, each once.
 */
export function withGbkEquivalents(text: string): { text: string; swapped: Map<string, string> } {
  const swapped = new Map<string, string>();
  if (gbkUnencodable(text).length === 0) return { text, swapped };
  let out = '';
  for (const ch of text) {
    const same = gbkEquivalent(ch);
    if (same !== undefined) swapped.set(ch, same);
    out += same ?? ch;
  }
  return { text: out, swapped };
}

/**
 * A character as the agent can see it in a list: itself, or its code point
 * (U+00A0) when it would not show (spaces, controls, joiners, variation
 * selectors, lone surrogates).
 */
export function charLabel(ch: string): string {
  return /^[\p{White_Space}\p{C}\p{M}]$/u.test(ch) ? codePoint(ch) : ch;
}
