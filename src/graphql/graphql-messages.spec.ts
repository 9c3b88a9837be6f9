import {
  buildSchema,
  getVariableValues,
  GraphQLError,
  GraphQLScalarType,
  Kind,
  OperationDefinitionNode,
  parse,
  specifiedRules,
  validate,
} from 'graphql';
import { translateGraphQLError } from './graphql-messages';

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;
/** Three English words in a row: a sentence left untranslated. */
const ENGLISH = /\b[A-Za-z]{2,} [A-Za-z]{2,} [A-Za-z]{2,}\b/;

const schema = buildSchema(`
  enum NetworkSegment { MY_NUMBER LGWAN INTERNET NONE }
  scalar Date
  input CertificationInput { type: String! validUntil: Date }
  input ContractInput {
    name: String!
    confidentiality: Int!
    networkSegment: NetworkSegment!
    handlesMyNumber: Boolean
    ratio: Float
    vendorId: ID
    certifications: [CertificationInput!]
  }
  type Vendor { id: ID! name: String! }
  type Query { vendors(first: Int, search: String): [Vendor!]! vendor(id: ID!): Vendor }
  type Mutation { createContract(input: ContractInput!): Vendor }
`);
// Dates as the app's Date scalar refuses them: a GraphQLError with a Japanese message.
const date = schema.getType('Date') as GraphQLScalarType;
const refuseDate = (value: unknown): string => {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && value !== '2026-02-30') return value;
  throw new GraphQLError(`日付は YYYY-MM-DD 形式の実在する日付で指定してください（受け取った値: ${JSON.stringify(value)}）。`, {
    extensions: { code: 'BAD_USER_INPUT' },
  });
};
date.parseValue = refuseDate;
date.parseLiteral = (ast) => refuseDate(ast.kind === Kind.STRING ? ast.value : undefined);

const CREATE = 'mutation($input: ContractInput!) { createContract(input: $input) { id } }';

/** What graphql-js itself says about these variables, and what the client reads of it. */
function variableErrors(document: string, variables: Record<string, unknown>) {
  const operation = parse(document).definitions[0] as OperationDefinitionNode;
  const { errors } = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  return (errors ?? []).map((error) => ({
    english: error.message,
    ...translateGraphQLError('BAD_USER_INPUT', error.message, error.originalError?.message),
  }));
}

function documentErrors(document: string) {
  return validate(schema, parse(document), specifiedRules).map((error) => ({
    english: error.message,
    ...translateGraphQLError('GRAPHQL_VALIDATION_FAILED', error.message, error.originalError?.message),
  }));
}

const valid = { name: '契約', confidentiality: 1, networkSegment: 'LGWAN' };

describe('variables graphql-js refuses', () => {
  it('names a missing required field in Japanese, with its path', () => {
    const [error] = variableErrors(CREATE, { input: { confidentiality: 1, networkSegment: 'LGWAN' } });
    expect(error.english).toMatch(/Field "name" of required type "String!" was not provided/);
    expect(error.message).toBe('変数 $input の値が正しくありません（input.name）: 必須の項目 name（String!）が指定されていません。');
    expect(error.fieldError).toEqual({ field: 'name', message: '必須の項目 name（String!）が指定されていません。' });
  });

  it('names a missing field inside a list item with the item index', () => {
    const [error] = variableErrors(CREATE, { input: { ...valid, certifications: [{ type: 'ISMS' }, { validUntil: '2026-03-31' }] } });
    expect(error.fieldError).toEqual({ field: 'certifications.1.type', message: '必須の項目 type（String!）が指定されていません。' });
    expect(error.message).toContain('input.certifications[1].type');
  });

  it('says a wrong enum value in Japanese with the suggestion', () => {
    const [error] = variableErrors(CREATE, { input: { ...valid, networkSegment: 'mynumber' } });
    expect(error.english).toMatch(/Value "mynumber" does not exist in "NetworkSegment" enum/);
    expect(error.fieldError).toEqual({
      field: 'networkSegment',
      message: '"mynumber" は NetworkSegment の値にありません。（候補: MY_NUMBER）',
    });
    expect(error.message).toBe(`変数 $input の値が正しくありません（input.networkSegment）: ${error.fieldError!.message}`);
  });

  it('says a value of the wrong type in Japanese, with the value', () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ confidentiality: 'high' }, 'confidentiality', /^整数で指定してください（受け取った値: "high"）。$/],
      [{ confidentiality: 1.5 }, 'confidentiality', /^整数で指定してください（受け取った値: 1\.5）。$/],
      [{ confidentiality: 2 ** 40 }, 'confidentiality', /^-2147483648〜2147483647 の整数/],
      [{ name: 42 }, 'name', /^文字列で指定してください（受け取った値: 42）。$/],
      [{ handlesMyNumber: 'yes' }, 'handlesMyNumber', /^true 又は false で指定してください/],
      [{ ratio: 'half' }, 'ratio', /^数値で指定してください/],
      [{ vendorId: true }, 'vendorId', /^ID は文字列で指定してください/],
      [{ networkSegment: 3 }, 'networkSegment', /^NetworkSegment の値は列挙値の名前で指定してください/],
      [{ name: null }, 'name', /^null は指定できません（String!）。$/],
      [{ certifications: [{ type: 'ISMS', validUntil: '2026-02-30' }] }, 'certifications.0.validUntil', /^日付は YYYY-MM-DD/],
      [{ certifications: ['ISMS'] }, 'certifications.0', /^CertificationInput の形（項目を持つオブジェクト）で指定してください。$/],
    ];
    for (const [change, field, message] of cases) {
      const errors = variableErrors(CREATE, { input: { ...valid, ...change } });
      expect(errors).toHaveLength(1);
      expect({ change, field: errors[0].fieldError?.field }).toEqual({ change, field });
      expect(errors[0].fieldError?.message).toMatch(message);
      expect(errors[0].message).not.toMatch(ENGLISH);
    }
  });

  it('names an unknown field and suggests the nearest one', () => {
    const [error] = variableErrors(CREATE, { input: { ...valid, nmae: 'x' } });
    expect(error.fieldError).toEqual({ field: 'nmae', message: '項目 nmae は ContractInput にありません。（候補: name）' });
  });

  it('lists every bad field of one variable as its own error', () => {
    const errors = variableErrors(CREATE, { input: { confidentiality: 'x', networkSegment: 'mynumber' } });
    expect(errors.map((e) => e.fieldError?.field).sort()).toEqual(['confidentiality', 'name', 'networkSegment']);
  });

  it('names a variable that is missing, null or of the wrong type as a whole', () => {
    expect(variableErrors(CREATE, {})[0]).toMatchObject({
      message: '変数 $input（ContractInput!）が指定されていません。',
      fieldError: { field: 'input' },
    });
    expect(variableErrors(CREATE, { input: null })[0]).toMatchObject({
      message: '変数 $input（ContractInput!）に null は指定できません。',
      fieldError: { field: 'input' },
    });
    expect(variableErrors(CREATE, { input: 'text' })[0]).toMatchObject({ fieldError: { field: 'input' } });
    expect(variableErrors('query($n: Int) { vendors(first: $n) { id } }', { n: 'many' })[0]).toMatchObject({
      message: '変数 $n の値が正しくありません（n）: 整数で指定してください（受け取った値: "many"）。',
      fieldError: { field: 'n', message: '整数で指定してください（受け取った値: "many"）。' },
    });
  });

  it('is not misled by a value that holds the separator graphql-js uses', () => {
    const [error] = variableErrors(CREATE, { input: { ...valid, confidentiality: 'a; b at "x"' } });
    expect(error.fieldError).toEqual({ field: 'confidentiality', message: '整数で指定してください（受け取った値: "a; b at \\"x\\""）。' });
  });
});

describe('documents graphql-js refuses', () => {
  const cases: [string, RegExp][] = [
    ['{ vendors { secretColumn } }', /^Vendor にフィールド secretColumn はありません。$/],
    ['{ vendors { nme } }', /^Vendor にフィールド nme はありません。（候補: name）$/],
    ['{ vendors(frist: 1) { id } }', /^フィールド Query\.vendors に引数 frist はありません。（候補: first）$/],
    ['{ vendor { id } }', /^フィールド vendor の必須の引数 id（ID!）が指定されていません。$/],
    ['{ vendors }', /^フィールド vendors（\[Vendor!\]!）には取得する下位の項目を \{ \} で選んでください（例: vendors \{ \.\.\. \}）。$/],
    ['{ vendors { id { x } } }', /^フィールド id（ID!）は下位の項目を持たないため/],
    [
      'mutation { createContract(input: { confidentiality: 1, networkSegment: LGWAN }) { id } }',
      /^必須の項目 ContractInput\.name（String!）/,
    ],
    [
      'mutation { createContract(input: { name: "a", confidentiality: 1, networkSegment: mynumber }) { id } }',
      /^"mynumber" は NetworkSegment の値にありません。（候補: MY_NUMBER）$/,
    ],
    [
      'mutation { createContract(input: { name: "a", confidentiality: 1, networkSegment: "LGWAN" }) { id } }',
      /^NetworkSegment の値は引用符を付けない列挙値の名前で指定してください/,
    ],
    [
      'mutation { createContract(input: { name: 1, confidentiality: 1, networkSegment: LGWAN }) { id } }',
      /^文字列で指定してください（受け取った値: 1）。$/,
    ],
    [
      'mutation { createContract(input: { name: "a", colour: 1, confidentiality: 1, networkSegment: LGWAN }) { id } }',
      /^項目 colour は ContractInput にありません。$/,
    ],
    ['query($n: String) { vendors(first: $n) { id } }', /^変数 \$n の型 String は、型 Int が必要な場所には使えません。$/],
    ['{ vendors(first: $n) { id } }', /^変数 \$n が宣言されていません。$/],
    ['query($n: Int) { vendors { id } }', /^変数 \$n が宣言されていますが使われていません。$/],
    ['query($n: Nothing) { vendors(first: $n) { id } }', /^型 Nothing はありません。（候補: String）$/],
    ['{ vendors(first: 1, first: 2) { id } }', /^引数 first が重複しています。$/],
    ['{ vendors @skipp(if: true) { id } }', /^ディレクティブ @skipp はありません。$/],
    ['{ vendors { ...F } }', /^フラグメント F は定義されていません。$/],
    ['{ vendors { id } } fragment F on Vendor { id }', /^フラグメント F が定義されていますが使われていません。$/],
    ['{ vendors { a: id a: name } }', /^同じ名前 a で異なる内容のフィールドを取得しています。/],
    [
      'mutation { createContract(input: { name: "a", confidentiality: 1, networkSegment: LGWAN, certifications: [{ type: "ISMS", validUntil: "2026-02-30" }] }) { id } }',
      /^日付は YYYY-MM-DD 形式の実在する日付で指定してください（受け取った値: "2026-02-30"）。$/,
    ],
  ];

  it.each(cases)('says %s in Japanese', (document, expected) => {
    const errors = documentErrors(document);
    expect(errors.length).toBeGreaterThan(0);
    const messages = errors.map((e) => e.message);
    expect(messages.some((m) => expected.test(m))).toBe(true);
    for (const message of messages) {
      expect(message).toMatch(JAPANESE);
      expect(message).not.toMatch(ENGLISH);
    }
  });
});

describe('syntax errors', () => {
  const cases: [string, RegExp][] = [
    ['{ vendors { id }', /^構文エラー: 名前 が必要な場所に 文書の終わり があります。$/],
    ['{ vendors(first: ) { id } }', /^構文エラー: 予期しない "\)" があります。$/],
    ["{ vendors(search: 'x') { id } }", /^構文エラー: 文字列は一重引用符/],
    ['{ vendors(search: "x) { id } }', /^構文エラー: 文字列が閉じられていません。$/],
    ['{ vendors(first: 01) { id } }', /^構文エラー: 数値の書き方が正しくありません。$/],
    ['{ vendors ^ }', /^構文エラー: 使えない文字 "\^" があります。$/],
  ];

  it.each(cases)('says %s in Japanese', (document, expected) => {
    let message = '';
    try {
      parse(document);
    } catch (error) {
      message = translateGraphQLError('GRAPHQL_PARSE_FAILED', (error as Error).message).message;
    }
    expect(message).toMatch(expected);
  });
});

describe('a literal a scalar refuses with an error of its own', () => {
  it('joins the literal and the reason', () => {
    expect(
      translateGraphQLError('GRAPHQL_VALIDATION_FAILED', 'Expected value of type "Money", found "1; 2"; Bad money.', 'Bad money.').message,
    ).toBe('"1; 2" は Money の値として受け付けられません。');
    expect(
      translateGraphQLError(
        'GRAPHQL_VALIDATION_FAILED',
        'Expected value of type "Int", found "x"; Int cannot represent non-integer value: "x"',
      ).message,
    ).toBe('"x" は Int の値として受け付けられません: 整数で指定してください（受け取った値: "x"）。');
  });
});

describe('what nothing recognises', () => {
  it('keeps a message that is Japanese already (our scalars and limits)', () => {
    expect(translateGraphQLError('GRAPHQL_VALIDATION_FAILED', 'クエリの深さ 13 が上限 12 を超えています。').message).toBe(
      'クエリの深さ 13 が上限 12 を超えています。',
    );
  });

  it('says the general sentence of the code, never the English', () => {
    expect(translateGraphQLError('GRAPHQL_VALIDATION_FAILED', 'Some future rule failed here.').message).toBe(
      'GraphQL の文書がスキーマに合っていません。',
    );
    expect(translateGraphQLError('BAD_REQUEST', 'Something else entirely.').message).toBe('リクエストの形式が正しくありません。');
    expect(translateGraphQLError('GRAPHQL_PARSE_FAILED', 'Syntax Error: Something new.').message).toBe(
      '構文エラー: GraphQL の文書に構文の誤りがあります。',
    );
  });

  it("says Apollo Server's request errors in Japanese", () => {
    expect(translateGraphQLError('BAD_REQUEST', 'Operation batching disabled.').message).toMatch(
      /^複数の操作をまとめて送ること（batching）/,
    );
    expect(
      translateGraphQLError(
        'BAD_REQUEST',
        "This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). Please either specify a 'content-type' header",
      ).message,
    ).toMatch(/^クロスサイトリクエストフォージェリ（CSRF）/);
    expect(translateGraphQLError('BAD_REQUEST', 'GET requests only support query operations, not mutation operations').message).toBe(
      'GET では mutation は実行できません。POST で送ってください。',
    );
  });
});
