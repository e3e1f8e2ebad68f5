/**
 * Turns the bytes of an imported file into text. The order is the one that
 * cannot guess wrong for the files agents have: a byte-order mark says the
 * encoding outright (UTF-8, UTF-16LE/BE); without one, text that is valid
 * UTF-8 is UTF-8 (GBK's two-byte sequences for Chinese are almost never valid
 * UTF-8, so for this two-way choice strict validity is exact in practice);
 * anything else is GB18030, the superset of GBK that 千牛 and Excel on a
 * Chinese Windows write. The decoders are the platform's (WHATWG TextDecoder).
 */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  /** True when the file began with a byte-order mark. */
  bom: boolean;
}

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) => prefix.every((b, i) => bytes[i] === b);

export function decodeText(input: ArrayBuffer | Uint8Array): DecodedText {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8', bom: true };
  if (startsWith(bytes, [0xff, 0xfe])) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le', bom: true };
  if (startsWith(bytes, [0xfe, 0xff])) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be', bom: true };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8', bom: false };
  } catch {
    // Not UTF-8: the other encoding Chinese files come in.
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030', bom: false };
  }
}
