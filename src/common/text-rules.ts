/**
 * What a person's text may hold. Pure: the API's decorators (text-validation.ts), the validation
 * pipe and the ledger import all ask here.
 *
 * - No NUL, which PostgreSQL can neither store nor compare, and no lone surrogate: half of a UTF-16
 *   pair is no character; PostgreSQL refuses it in JSON (the audit trail) and UTF-8 cannot carry it.
 * - No control character: C0 (tab, escape…), DEL, C1, and the Unicode line and paragraph separators.
 *   A multi-line text (a note, a comment) may hold line breaks, CR and LF, and nothing else of these.
 * - No bidirectional embedding, override or isolate (U+202A–U+202E, U+2066–U+2069): they reorder how
 *   the text around them is shown, so that what a reader sees is not what was stored ("Trojan Source").
 * - At least one visible character in a text that is not empty: a name made only of spaces,
 *   zero-width characters or fillers shows as nothing.
 */
export type TextProblem = 'nul' | 'loneSurrogate' | 'lineBreak' | 'control' | 'bidiControl' | 'invisible';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LINE_BREAK = /[\r\n]/;
/** Every control character but NUL (its own problem), CR and LF (which are line breaks), with U+2028 and U+2029. */
// eslint-disable-next-line no-control-regex -- finding control characters is what this pattern is for
const CONTROL = /[\u0001-\u0009\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029]/;
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
/**
 * A character that shows: not white space, not a control or format character, not one that is
 * ignored by default (zero-width space and joiners, the Hangul fillers, variation selectors, soft
 * hyphen), not a combining mark on its own, not the blank braille pattern. Private-use characters
 * count as visible: local bodies keep 外字 there.
 */
const VISIBLE = /[^\p{White_Space}\p{Cc}\p{Cf}\p{Cs}\p{Default_Ignorable_Code_Point}\p{M}\u2800]/u;

export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

export function hasVisibleCharacter(text: string): boolean {
  return VISIBLE.test(text);
}

export interface TextRule {
  /** CR and LF allowed (notes, comments, policies); a name or a code is one line. */
  multiLine: boolean;
  /** A text that is not empty must show something. False for a search filter, which a blank finds nothing in. */
  requireVisible: boolean;
}

export const SINGLE_LINE: TextRule = { multiLine: false, requireVisible: true };
export const MULTI_LINE: TextRule = { multiLine: true, requireVisible: true };

/** What is wrong with a text under a rule, each problem once, in a stable order; empty when nothing is. */
export function textProblems(text: string, rule: TextRule): TextProblem[] {
  const problems: TextProblem[] = [];
  if (text.includes('\u0000')) problems.push('nul');
  if (hasLoneSurrogate(text)) problems.push('loneSurrogate');
  if (!rule.multiLine && LINE_BREAK.test(text)) problems.push('lineBreak');
  if (CONTROL.test(text)) problems.push('control');
  if (BIDI_CONTROL.test(text)) problems.push('bidiControl');
  if (rule.requireVisible && text !== '' && !hasVisibleCharacter(text)) problems.push('invisible');
  return problems;
}

/** What a person reads for each problem. */
export const TEXT_PROBLEM_MESSAGES: Readonly<Record<TextProblem, string>> = {
  nul: '使用できない文字（NUL）が含まれています。',
  loneSurrogate: '文字として読めない値（対になっていないサロゲート）が含まれています。',
  lineBreak: '改行は入力できません。1行で入力してください。',
  control: '制御文字（タブ、エスケープ文字など）は入力できません。',
  bidiControl: '文字の表示方向を変える制御文字（U+202E など）は入力できません。',
  invisible: '表示される文字を1文字以上含めてください（空白やゼロ幅文字だけの値は入力できません）。',
};
