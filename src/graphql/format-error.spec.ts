import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { JsonLogger } from '../common/json-logger';
import { formatError, oneAnswerForBadVariables } from './format-error';

const bad = (field: string, line = 1): GraphQLFormattedError => ({
  message: `${field} が正しくありません。`,
  locations: [{ line, column: 10 }],
  extensions: { code: 'BAD_USER_INPUT', fieldErrors: [{ field, message: `${field} の理由` }] },
});

describe('oneAnswerForBadVariables', () => {
  it('joins the refused values of the variables into one BAD_USER_INPUT listing every field', () => {
    expect(oneAnswerForBadVariables([bad('name'), bad('networkSegment'), bad('n', 2)], undefined)).toEqual([
      {
        message: 'name が正しくありません。 networkSegment が正しくありません。 n が正しくありません。',
        locations: [
          { line: 1, column: 10 },
          { line: 2, column: 10 },
        ],
        extensions: {
          code: 'BAD_USER_INPUT',
          fieldErrors: [
            { field: 'name', message: 'name の理由' },
            { field: 'networkSegment', message: 'networkSegment の理由' },
            { field: 'n', message: 'n の理由' },
          ],
        },
      },
    ]);
  });

  it('leaves alone one error, errors of a run that produced data, and errors of other codes', () => {
    const one = [bad('name')];
    expect(oneAnswerForBadVariables(one, undefined)).toBe(one);
    const ran = [bad('name'), bad('n')];
    expect(oneAnswerForBadVariables(ran, { vendors: null })).toBe(ran);
    const mixed = [bad('name'), { message: '見つかりません。', extensions: { code: 'NOT_FOUND' } }];
    expect(oneAnswerForBadVariables(mixed, undefined)).toBe(mixed);
    expect(oneAnswerForBadVariables(undefined, undefined)).toBeUndefined();
  });
});

describe('formatError', () => {
  const write = jest.fn();
  const logger = { write } as unknown as JsonLogger;

  it("answers graphql-js's own stop after too many bad variables as BAD_USER_INPUT, in Japanese, without logging it", () => {
    const error = new GraphQLError('Too many errors processing variables, error limit reached. Execution aborted.');
    const formatted = formatError(logger)({ message: error.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, error);
    expect(formatted).toEqual({
      message: '変数の誤りが多すぎるため、処理を中止しました。',
      extensions: { code: 'BAD_USER_INPUT', fieldErrors: [{ field: 'input', message: '変数の誤りが多すぎるため、処理を中止しました。' }] },
    });
    expect(write).not.toHaveBeenCalled();
  });
});
