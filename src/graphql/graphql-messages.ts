import type { FieldError } from '../common/errors';

/**
 * GraphQL's own messages (graphql-js for documents and variables, Apollo Server for requests) are
 * English; a person reads them in the workbench and in every client that shows `message`. They are
 * recognised by their wording here and rewritten in Japanese, keeping the names, types, values and
 * paths they hold. A message nothing here recognises gets the general sentence of its code, never
 * the English text.
 */

/** Japanese text (kana or kanji): a message that has it is ours already (our scalars, our limits). */
const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;

type Rule = readonly [RegExp, (...groups: string[]) => string];

/** ` Did you mean "A", "B", or "C"?` (or `the enum value "A"`, `to use an inline fragment on "A"`) → （候補: A、B、C） */
function hint(text: string | undefined): string {
  if (!text) return '';
  const names = [...text.matchAll(/"([^"]*)"/g)].map((match) => match[1]);
  return names.length > 0 ? `（候補: ${names.join('、')}）` : '';
}

/** A value or a type is quoted as graphql-js quotes it; the rest of the sentence is ours. */
const LEAF_RULES: readonly Rule[] = [
  [
    /^Field "([^"]+)" of required type "([^"]+)" was not provided\.$/,
    (field, type) => `必須の項目 ${field}（${type}）が指定されていません。`,
  ],
  [
    /^Field "([^"]+)" is not defined by type "([^"]+)"\.(.*)$/,
    (field, type, more) => `項目 ${field} は ${type} にありません。${hint(more)}`,
  ],
  [/^Expected non-nullable type "([^"]+)" not to be null\.$/, (type) => `null は指定できません（${type}）。`],
  [/^Expected type "([^"]+)" to be an object\.$/, (type) => `${type} の形（項目を持つオブジェクト）で指定してください。`],
  [/^Value "(.*)" does not exist in "([^"]+)" enum\.(.*)$/, (value, type, more) => `"${value}" は ${type} の値にありません。${hint(more)}`],
  [
    /^Enum "([^"]+)" cannot represent non-string value: (.*?)\.((?: Did you mean .*)?)$/,
    (type, value, more) => `${type} の値は列挙値の名前で指定してください（受け取った値: ${value}）。${hint(more)}`,
  ],
  [
    /^Enum "([^"]+)" cannot represent non-enum value: (.*?)\.((?: Did you mean .*)?)$/,
    (type, value, more) => `${type} の値は引用符を付けない列挙値の名前で指定してください（受け取った値: ${value}）。${hint(more)}`,
  ],
  [/^Int cannot represent non-integer value: (.*)$/, (value) => `整数で指定してください（受け取った値: ${value}）。`],
  [
    /^Int cannot represent non 32-bit signed integer value: (.*)$/,
    (value) => `-2147483648〜2147483647 の整数で指定してください（受け取った値: ${value}）。`,
  ],
  [/^Float cannot represent non numeric value: (.*)$/, (value) => `数値で指定してください（受け取った値: ${value}）。`],
  [/^String cannot represent a non string value: (.*)$/, (value) => `文字列で指定してください（受け取った値: ${value}）。`],
  [/^Boolean cannot represent a non boolean value: (.*)$/, (value) => `true 又は false で指定してください（受け取った値: ${value}）。`],
  [
    /^ID cannot represent (?:a non-string and non-integer )?value: (.*)$/,
    (value) => `ID は文字列で指定してください（受け取った値: ${value}）。`,
  ],
  [/^Exactly one key must be specified for OneOf type "([^"]+)"\.$/, (type) => `${type} には項目を1つだけ指定してください。`],
  [/^Field "([^"]+)" must be non-null\.$/, (field) => `項目 ${field} に null は指定できません。`],
  [/^Expected type "([^"]+)"\.$/, (type) => `${type} の値として受け付けられません。`],
];

/** Messages about a variable as a whole (its value's own problems are LEAF_RULES behind a prefix). */
const VARIABLE_RULES: readonly Rule[] = [
  [
    /^Variable "\$([^"]+)" of required type "([^"]+)" was not provided\.$/,
    (name, type) => `変数 $${name}（${type}）が指定されていません。`,
  ],
  [
    /^Variable "\$([^"]+)" of non-null type "([^"]+)" must not be null\.$/,
    (name, type) => `変数 $${name}（${type}）に null は指定できません。`,
  ],
  [
    /^Variable "\$([^"]+)" expected value of type "([^"]+)" which cannot be used as an input type\.$/,
    (name, type) => `変数 $${name} の型 ${type} は入力に使えない型です。`,
  ],
  [
    /^Too many errors processing variables, error limit reached\. Execution aborted\.$/,
    () => '変数の誤りが多すぎるため、処理を中止しました。',
  ],
];

/** graphql-js's validation of a document against the schema. */
const DOCUMENT_RULES: readonly Rule[] = [
  [/^Expected value of type "([^"]+)", found (.*)\.$/, (type, value) => `${value} は ${type} の値として受け付けられません。`],
  [
    /^Field "([^"]+)" argument "([^"]+)" of type "([^"]+)" is required, but it was not provided\.$/,
    (field, argument, type) => `フィールド ${field} の必須の引数 ${argument}（${type}）が指定されていません。`,
  ],
  [
    /^Directive "@([^"]+)" argument "([^"]+)" of type "([^"]+)" is required, but it was not provided\.$/,
    (directive, argument, type) => `ディレクティブ @${directive} の必須の引数 ${argument}（${type}）が指定されていません。`,
  ],
  [
    /^Cannot query field "([^"]+)" on type "([^"]+)"\.(.*)$/,
    (field, type, more) => `${type} にフィールド ${field} はありません。${hint(more)}`,
  ],
  [
    /^Unknown argument "([^"]+)" on field "([^"]+)"\.(.*)$/,
    (argument, field, more) => `フィールド ${field} に引数 ${argument} はありません。${hint(more)}`,
  ],
  [
    /^Unknown argument "([^"]+)" on directive "@([^"]+)"\.(.*)$/,
    (argument, directive, more) => `ディレクティブ @${directive} に引数 ${argument} はありません。${hint(more)}`,
  ],
  [
    /^Field "([^"]+)" must not have a selection since type "([^"]+)" has no subfields\.$/,
    (field, type) => `フィールド ${field}（${type}）は下位の項目を持たないため、{ } で項目を選べません。`,
  ],
  [
    /^Field "([^"]+)" of type "([^"]+)" must have a selection of subfields\. Did you mean "(.*)"\?$/,
    (field, type, example) => `フィールド ${field}（${type}）には取得する下位の項目を { } で選んでください（例: ${example}）。`,
  ],
  [
    /^Field "([^"]+)" of type "([^"]+)" must have at least one field selected\.$/,
    (field, type) => `フィールド ${field}（${type}）には下位の項目を1つ以上選んでください。`,
  ],
  [
    /^Variable "\$([^"]+)" of type "([^"]+)" used in position expecting type "([^"]+)"\.$/,
    (name, type, expected) => `変数 $${name} の型 ${type} は、型 ${expected} が必要な場所には使えません。`,
  ],
  [/^Variable "\$([^"]+)" is not defined(?: by operation "[^"]+")?\.$/, (name) => `変数 $${name} が宣言されていません。`],
  [/^Variable "\$([^"]+)" is never used(?: in operation "[^"]+")?\.$/, (name) => `変数 $${name} が宣言されていますが使われていません。`],
  [
    /^Variable "\$([^"]+)" cannot be non-input type "([^"]+)"\.$/,
    (name, type) => `変数 $${name} に入力に使えない型 ${type} は指定できません。`,
  ],
  [
    /^Variable "\$([^"]+)" is of type "([^"]+)" but must be non-nullable to be used for OneOf Input Object "([^"]+)"\.$/,
    (name, type, input) => `変数 $${name}（${type}）を ${input} に使うには null を許さない型にしてください。`,
  ],
  [/^Unknown type "([^"]+)"\.(.*)$/, (type, more) => `型 ${type} はありません。${hint(more)}`],
  [/^There can be only one argument named "([^"]+)"\.$/, (name) => `引数 ${name} が重複しています。`],
  [/^There can be only one input field named "([^"]+)"\.$/, (name) => `項目 ${name} が重複しています。`],
  [/^There can be only one variable named "\$([^"]+)"\.$/, (name) => `変数 $${name} が重複して宣言されています。`],
  [/^There can be only one operation named "([^"]+)"\.$/, (name) => `操作名 ${name} が重複しています。`],
  [/^There can be only one fragment named "([^"]+)"\.$/, (name) => `フラグメント ${name} が重複しています。`],
  [/^There can be only one directive named "@([^"]+)"\.$/, (name) => `ディレクティブ @${name} が重複しています。`],
  [/^Unknown directive "@([^"]+)"\.$/, (name) => `ディレクティブ @${name} はありません。`],
  [/^Directive "@([^"]+)" may not be used on ([A-Z_]+)\.$/, (name, location) => `ディレクティブ @${name} は ${location} には使えません。`],
  [
    /^The directive "@([^"]+)" can only be used once at this location\.$/,
    (name) => `ディレクティブ @${name} は同じ場所に1回だけ使えます。`,
  ],
  [/^Unknown fragment "([^"]+)"\.$/, (name) => `フラグメント ${name} は定義されていません。`],
  [/^Fragment "([^"]+)" is never used\.$/, (name) => `フラグメント ${name} が定義されていますが使われていません。`],
  [/^Cannot spread fragment "([^"]+)" within itself/, (name) => `フラグメント ${name} が自分自身を（直接又は間接に）展開しています。`],
  [
    /^Fragment (?:"[^"]+" )?cannot be spread here as objects of type "([^"]+)" can never be of type "([^"]+)"\.$/,
    (type, fragmentType) => `型 ${type} の場所に型 ${fragmentType} のフラグメントは展開できません。`,
  ],
  [
    /^Fragment (?:"[^"]+" )?cannot condition on non composite type "([^"]+)"\.$/,
    (type) => `フラグメントの型にオブジェクト型でない ${type} は指定できません。`,
  ],
  [
    /^Fields "([^"]+)" conflict because /,
    (field) => `同じ名前 ${field} で異なる内容のフィールドを取得しています。別名（alias）を付けて区別してください。`,
  ],
  [/^This anonymous operation must be the only defined operation\.$/, () => '名前のない操作は、文書の中の唯一の操作にしてください。'],
  [/^The (.+) definition is not executable\.$/, (name) => `実行できない定義（${name}）が含まれています。`],
  [/^Maximum introspection depth exceeded$/, () => 'イントロスペクションの深さが上限を超えています。'],
  [/^OneOf Input Object "([^"]+)" must specify exactly one key\.$/, (type) => `${type} には項目を1つだけ指定してください。`],
  [/^(?:Subscription "[^"]+"|Anonymous Subscription) must /, () => 'サブスクリプションはトップレベルのフィールドを1つだけ選んでください。'],
];

/** A token as graphql-js names it: `<EOF>`, `Name "vendors"`, `"}"`... */
function token(text: string): string {
  const kinds: Record<string, string> = {
    '<EOF>': '文書の終わり',
    '<SOF>': '文書の始まり',
    Name: '名前',
    Int: '整数',
    Float: '数値',
    String: '文字列',
    BlockString: '複数行の文字列',
    Comment: 'コメント',
  };
  const [, kind, value] = /^(<EOF>|<SOF>|Name|Int|Float|String|BlockString|Comment)(?: (.*))?$/.exec(text) ?? [];
  if (kind) return value ? `${kinds[kind]} ${value}` : kinds[kind];
  return text;
}

/** The lexer's and the parser's words after `Syntax Error: `. */
const SYNTAX_RULES: readonly Rule[] = [
  [/^Expected (.+), found (.+)\.$/, (expected, found) => `${token(expected)} が必要な場所に ${token(found)} があります。`],
  [/^Unexpected single quote character/, () => '文字列は一重引用符（\'）ではなく二重引用符（"）で囲んでください。'],
  [/^Unexpected variable "\$([^"]+)" in constant value\.$/, (name) => `定数を書く場所に変数 $${name} は使えません。`],
  [/^Unexpected description, /, () => '説明文（description）はこの場所には書けません。'],
  [/^Unexpected character: (.+)\.$/, (character) => `使えない文字 ${character} があります。`],
  [/^Unexpected (.+)\.$/, (found) => `予期しない ${token(found)} があります。`],
  [/^Unterminated string\.$/, () => '文字列が閉じられていません。'],
  [/^Invalid character within String: (.+)\.$/, (character) => `文字列に使えない文字 ${character} があります。`],
  [/^Invalid number, /, () => '数値の書き方が正しくありません。'],
  [/^Invalid (?:Unicode|character) escape sequence: (.+)\.$/, (escape) => `文字列のエスケープ ${escape} が正しくありません。`],
  [/^(?:Document|Source) contains more th[ae]n /, () => '文書が大きすぎるため解析を中止しました。'],
];

/** Apollo Server's answers to a request it cannot run. */
const REQUEST_RULES: readonly Rule[] = [
  [
    /^Operation batching disabled\.$/,
    () => '複数の操作をまとめて送ること（batching）はできません。1つのリクエストに1つの操作を送ってください。',
  ],
  [
    /^This operation has been blocked as a potential Cross-Site Request Forgery/,
    () =>
      'クロスサイトリクエストフォージェリ（CSRF）の疑いがあるため拒否しました。content-type: application/json を付けるか、apollo-require-preflight ヘッダーを付けて送ってください。',
  ],
  [
    /^POST body missing, invalid Content-Type, or JSON object has no keys\.$/,
    () => 'リクエスト本文が空か、content-type が正しくありません。',
  ],
  [/^GraphQL operations must contain a non-empty `query`/, () => 'リクエストに query（GraphQL の文書）がありません。'],
  [/^GraphQL queries must be strings/, () => 'query は GraphQL の文書を文字列で指定してください。'],
  [/^`(variables|extensions|operationName)` in a POST body /, (name) => `リクエスト本文の ${name} の形式が正しくありません。`],
  [/^The (?:'([^']+)'|(\S+)) search parameter /, (quoted, plain) => `URL のパラメーター ${quoted || plain} が正しくありません。`],
  [
    /^GET requests only support query operations, not (\w+) operations$/,
    (kind) => `GET では ${kind} は実行できません。POST で送ってください。`,
  ],
  [/^GET requests may not have a content-type header/, () => 'GET のリクエストに指定できる content-type は application/json だけです。'],
  [/^Apollo Server supports only GET\/POST requests\.$/, () => 'GET 又は POST で送ってください。'],
  [
    /^An 'accept' header was provided for this request which does not accept /,
    () => 'accept ヘッダーに application/json を含めてください。',
  ],
  [/incremental delivery/, () => '@defer 及び @stream には対応していません。'],
  [/^No operations found in request\.$/, () => 'リクエストに操作がありません。'],
  [/^Unknown operation named "([^"]+)"\.$/, (name) => `操作 ${name} が文書にありません。`],
  [
    /^Must provide operation name if query contains multiple operations\.$/,
    () => '文書に複数の操作があるときは operationName を指定してください。',
  ],
  [/^Must provide an operation\.$/, () => '文書に操作がありません。'],
  [/^PersistedQueryNotFound$/, () => '保存済みのクエリが見つかりません。'],
  [/^PersistedQueryNotSupported$/, () => '保存済みのクエリ（persisted query）には対応していません。'],
];

/** What a message of each code says when nothing more specific applies. */
const GENERAL: Record<string, string> = {
  GRAPHQL_PARSE_FAILED: 'GraphQL の文書に構文の誤りがあります。',
  GRAPHQL_VALIDATION_FAILED: 'GraphQL の文書がスキーマに合っていません。',
  BAD_USER_INPUT: '入力値が正しくありません。',
  BAD_REQUEST: 'リクエストの形式が正しくありません。',
  PERSISTED_QUERY_NOT_FOUND: '保存済みのクエリが見つかりません。',
  PERSISTED_QUERY_NOT_SUPPORTED: '保存済みのクエリ（persisted query）には対応していません。',
  OPERATION_RESOLUTION_FAILURE: '実行する操作を特定できません。',
};

function apply(rules: readonly Rule[], message: string): string | undefined {
  for (const [pattern, write] of rules) {
    const match = pattern.exec(message);
    if (match) return write(...match.slice(1).map((group) => group ?? ''));
  }
  return undefined;
}

/** One of graphql-js's messages about a single value (a missing or unknown field, a wrong type or enum value), in Japanese. */
function translateValueMessage(message: string): string | undefined {
  if (JAPANESE.test(message)) return message;
  return apply(LEAF_RULES, message);
}

/**
 * `Variable "$input" got invalid value … at "input.certifications[0].validUntil"; <the value's problem>`:
 * the variable, the path inside it as graphql-js prints it, and the problem. `inner` is the problem's
 * own message when the caller has it (the error's originalError): then a value holding `; ` cannot
 * confuse where the problem starts.
 */
function variableValue(message: string, inner?: string): { variable: string; path: string | undefined; problem: string } | undefined {
  const head = /^Variable "\$([^"]+)" (?:got|has) invalid value /.exec(message);
  if (!head) return undefined;
  let prefix: string;
  let problem: string;
  if (inner && message.endsWith(`; ${inner}`)) {
    prefix = message.slice(0, message.length - inner.length - 2);
    problem = inner;
  } else {
    const split = message.indexOf('; ', head[0].length);
    if (split < 0) return undefined;
    prefix = message.slice(0, split);
    problem = message.slice(split + 2);
  }
  const path = / at "([^"]+)"$/.exec(prefix)?.[1];
  return { variable: head[1], path, problem };
}

/** `input.certifications[0].validUntil` (graphql-js) → `certifications.0.validUntil` (as class-validator names fields). */
function fieldPath(variable: string, path: string | undefined): string {
  if (!path) return '';
  const dotted = path.replace(/\[(\d+)\]/g, '.$1');
  return dotted === variable ? '' : dotted.startsWith(`${variable}.`) ? dotted.slice(variable.length + 1) : dotted;
}

/** `Expected value of type "Date", found "2026-02-30"; <the scalar's own message>`: a literal in the document that a scalar refused. */
function refusedLiteral(message: string, inner?: string): { head: string; problem: string } | undefined {
  if (!message.startsWith('Expected value of type "')) return undefined;
  if (inner && message.endsWith(`; ${inner}`)) return { head: message.slice(0, message.length - inner.length - 2), problem: inner };
  const split = message.indexOf('; ');
  return split < 0 ? undefined : { head: message.slice(0, split), problem: message.slice(split + 2) };
}

const join = (...parts: string[]): string => parts.filter(Boolean).join('.');

export interface TranslatedError {
  message: string;
  /** For a refused variable value: the field, as the API's other field errors name it, and what is wrong with it. */
  fieldError?: FieldError;
}

/**
 * The Japanese for one of GraphQL's protocol errors: `code` is its extensions.code, `message` its
 * message and `inner` the message of the error it wraps, if any (a variable's refused value, a literal
 * a scalar refused).
 */
export function translateGraphQLError(code: string, message: string, inner?: string): TranslatedError {
  const value = variableValue(message, inner);
  if (value) {
    const problem = translateValueMessage(value.problem) ?? GENERAL.BAD_USER_INPUT;
    // A missing or unknown field is reported at the object that holds it: the field is one step further.
    const named = /^Field "([^"]+)" (?:of required type|is not defined by type) /.exec(value.problem)?.[1];
    const field = join(fieldPath(value.variable, value.path), named ?? '') || value.variable;
    const where = join(value.path ?? value.variable, named ?? '');
    return { message: `変数 $${value.variable} の値が正しくありません（${where}）: ${problem}`, fieldError: { field, message: problem } };
  }
  const variable = apply(VARIABLE_RULES, message);
  if (variable) {
    const name = /^Variable "\$([^"]+)"/.exec(message)?.[1];
    return { message: variable, ...(name ? { fieldError: { field: name, message: variable } } : {}) };
  }
  const literal = refusedLiteral(message, inner);
  if (literal) {
    const refused = apply(DOCUMENT_RULES, `${literal.head}.`) ?? GENERAL[code];
    const problem = translateValueMessage(literal.problem);
    return { message: problem ? `${refused.replace(/。$/, '')}: ${problem}` : refused };
  }
  if (JAPANESE.test(message)) return { message };
  const syntax = /^Syntax Error: ([\s\S]*)$/.exec(message);
  if (syntax) return { message: `構文エラー: ${apply(SYNTAX_RULES, syntax[1]) ?? GENERAL.GRAPHQL_PARSE_FAILED}` };
  const known = apply(LEAF_RULES, message) ?? apply(DOCUMENT_RULES, message) ?? apply(REQUEST_RULES, message);
  return { message: known ?? GENERAL[code] ?? GENERAL.BAD_REQUEST };
}
