/**
 * The text of an uploaded CSV. Japanese Excel saves CSV in Shift_JIS (CP932), or in UTF-8 with a BOM
 * ("CSV UTF-8"); other tools write UTF-8 without one. A byte sequence that is valid UTF-8 is read as
 * UTF-8 (CP932 text with any kana or kanji is practically never valid UTF-8); anything else as CP932.
 * Node's full ICU decodes `shift_jis` as WHATWG defines it, which is CP932 (NEC and IBM extensions:
 * ①, ㈱, 髙).
 */
export type TextEncodingName = 'utf-8' | 'shift_jis' | 'utf-16le';

export class UndecodableText extends Error {}

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const UTF16LE_BOM = [0xff, 0xfe];

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncodingName } {
  if (startsWith(bytes, UTF8_BOM)) {
    return { text: decode('utf-8', bytes.subarray(UTF8_BOM.length)), encoding: 'utf-8' };
  }
  if (startsWith(bytes, UTF16LE_BOM)) {
    // Excel's "Unicode text": UTF-16LE with a BOM, tab separated.
    return { text: decode('utf-16le', bytes.subarray(UTF16LE_BOM.length)), encoding: 'utf-16le' };
  }
  try {
    return { text: decode('utf-8', bytes), encoding: 'utf-8' };
  } catch {
    return { text: decode('shift_jis', bytes), encoding: 'shift_jis' };
  }
}

function decode(encoding: TextEncodingName, bytes: Uint8Array): string {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new UndecodableText(`not ${encoding}`);
  }
}
