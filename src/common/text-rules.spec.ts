import fc from 'fast-check';
import { hasLoneSurrogate, hasVisibleCharacter, MULTI_LINE, SINGLE_LINE, TEXT_PROBLEM_MESSAGES, textProblems } from './text-rules';

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;

describe('the text rules', () => {
  it.each([
    ['a Japanese name', '株式会社やまびこ印刷'],
    ['a name with inner spaces', 'ABC クラウド サービス'],
    ['emoji made of a surrogate pair', '広報📢アカウント'],
    ['a family emoji joined by ZWJ', '👨‍👩‍👧'],
    ['a private-use character (外字)', '\uE000田'],
    ['a combining mark after a letter', 'e\u0301'],
    ['Arabic written right to left without controls', 'شركة'],
    ['the empty text (optional fields; emptiness is for IsNotEmpty)', ''],
  ])('accept %s on one line', (_case, text) => {
    expect(textProblems(text, SINGLE_LINE)).toEqual([]);
  });

  it.each([
    ['a lone high surrogate', 'x\ud800y', ['loneSurrogate']],
    ['a lone low surrogate', '\udc00', ['loneSurrogate', 'invisible']],
    ['a reversed pair', '\udc00\ud800', ['loneSurrogate', 'invisible']],
    ['LF', 'a\nb', ['lineBreak']],
    ['CR LF', 'a\r\nb', ['lineBreak']],
    ['a NUL, which PostgreSQL cannot store', 'a\u0000b', ['nul']],
    ['a tab', 'a\tb', ['control']],
    ['an escape sequence', '\u001b[31mred', ['control']],
    ['DEL', 'a\u007f', ['control']],
    ['a C1 control', 'a\u0085b', ['control']],
    ['the line separator', 'a\u2028b', ['control']],
    ['the right-to-left override', 'invoice\u202Efdp.exe', ['bidiControl']],
    ['a left-to-right embedding', '\u202Aabc\u202C', ['bidiControl']],
    ['a first-strong isolate', 'a\u2068b\u2069', ['bidiControl']],
    ['zero-width spaces only', '\u200b\u200b', ['invisible']],
    ['a byte order mark only', '\ufeff', ['invisible']],
    ['an ideographic space only', '\u3000', ['invisible']],
    ['Hangul fillers only', '\u3164\u115f', ['invisible']],
    ['a blank braille pattern only', '\u2800', ['invisible']],
    ['combining marks only', '\u0301\u0302', ['invisible']],
    ['variation selectors only', '\ufe0f', ['invisible']],
    ['spaces only', '   ', ['invisible']],
  ])('refuse %s on one line', (_case, text, problems) => {
    expect(textProblems(text, SINGLE_LINE)).toEqual(problems);
  });

  it('keep line breaks in a multi-line text, and refuse every other control and override there too', () => {
    expect(textProblems('一行目\r\n二行目\n三行目', MULTI_LINE)).toEqual([]);
    expect(textProblems('a\tb', MULTI_LINE)).toEqual(['control']);
    expect(textProblems('a\u202Eb', MULTI_LINE)).toEqual(['bidiControl']);
    expect(textProblems('\n\r\n', MULTI_LINE)).toEqual(['invisible']);
    expect(textProblems('x\ud800', MULTI_LINE)).toEqual(['loneSurrogate']);
  });

  it('let a search filter be blank, but not hold controls', () => {
    const search = { ...SINGLE_LINE, requireVisible: false };
    expect(textProblems('  ', search)).toEqual([]);
    expect(textProblems('a\u202E', search)).toEqual(['bidiControl']);
  });

  it('say every problem in Japanese', () => {
    for (const message of Object.values(TEXT_PROBLEM_MESSAGES)) expect(message).toMatch(JAPANESE);
  });

  it('find a lone surrogate exactly where UTF-16 is not well formed', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffff })), (units) => {
        const text = String.fromCharCode(...units);
        // Encoding to UTF-8 replaces a lone surrogate with U+FFFD: the round trip differs exactly then.
        const wellFormed = Buffer.from(text, 'utf8').toString('utf8') === text;
        expect(hasLoneSurrogate(text)).toBe(!wellFormed);
      }),
    );
  });

  it('accept any text of letters, digits and CJK with controls only where a rule allows them', () => {
    const visible = fc.constantFrom(...'aZ09あア漢字ｱ！@#'.split(''));
    const anything = fc.constantFrom('\n', '\r', '\t', '\u202E', '\u200b', ' ', '\u3000', '\u0000');
    fc.assert(
      fc.property(fc.array(fc.oneof(visible, anything), { minLength: 1 }), (parts) => {
        const text = parts.join('');
        const problems = textProblems(text, SINGLE_LINE);
        expect(problems.includes('lineBreak')).toBe(/[\r\n]/.test(text));
        expect(problems.includes('control')).toBe(text.includes('\t'));
        expect(problems.includes('nul')).toBe(text.includes('\u0000'));
        expect(problems.includes('bidiControl')).toBe(text.includes('\u202E'));
        expect(problems.includes('invisible')).toBe(!hasVisibleCharacter(text));
        expect(hasVisibleCharacter(text)).toBe(/[aZ09あア漢字ｱ！@#]/.test(text));
      }),
    );
  });
});
