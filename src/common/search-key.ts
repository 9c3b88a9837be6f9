/**
 * The form names are compared in: NFKC (全角英数 → 半角, 半角カナ → 全角), lower case, and katakana
 * folded into hiragana, so that ＡＢＣ, abc and ABC match each other, and so do ｻｸﾗ, サクラ and さくら.
 */
export function searchKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60))
    .replace(/\s+/g, ' ')
    .trim();
}

/** A LIKE pattern matching `text` anywhere, with LIKE's wildcards in the text taken literally. */
export function containsPattern(text: string): string {
  return `%${searchKey(text).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
