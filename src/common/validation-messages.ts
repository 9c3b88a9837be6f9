/**
 * The Japanese messages of the class-validator decorators the inputs share, as the decorators' options
 * (`@MaxChars(200, MAX_LENGTH)`, `@IsString({ each: true, ...IS_TEXT })`). class-validator replaces
 * `$constraint1` with the decorator's first argument. A decorator without a message would answer in
 * English; a unit test walks every input class and fails on one.
 */
export const IS_TEXT = { message: '文字列で指定してください。' };
export const IS_BOOLEAN = { message: 'true 又は false で指定してください。' };
export const IS_INTEGER = { message: '整数で指定してください。' };
export const IS_LIST = { message: '一覧（配列）で指定してください。' };
export const IS_DATE_TIME = { message: '日時で指定してください。' };
export const IS_KNOWN_VALUE = { message: '定められた値のいずれかで指定してください。' };
export const IS_NESTED = { message: '項目を持つ値（オブジェクト）で指定してください。' };
export const MAX_LENGTH = { message: '$constraint1文字以内で入力してください。' };
export const ARRAY_MAX_SIZE = { message: '$constraint1件以内で指定してください。' };
export const EXPECTED_VERSION = { message: '取得した時点の version（1以上の整数）を指定してください。' };
