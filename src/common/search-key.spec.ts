import { containsPattern, searchKey } from './search-key';

describe('search keys', () => {
  it('folds full-width and half-width Latin letters and digits together, in lower case', () => {
    expect(searchKey('ＡＢＣシステム')).toBe('abcしすてむ');
    expect(searchKey('ABC')).toBe(searchKey('ａｂｃ'));
    expect(searchKey('ＮＴＴデータ１２３')).toBe('nttでーた123');
  });

  it('turns half-width katakana into full-width, voiced marks included', () => {
    expect(searchKey('ｻｸﾗ情報株式会社')).toBe('さくら情報株式会社');
    expect(searchKey('ｶﾞｽ')).toBe(searchKey('ガス'));
    expect(searchKey('ﾊﾟｰﾄﾅｰ')).toBe('ぱーとなー');
  });

  it('folds katakana into hiragana, so ｻｸﾗ, サクラ and さくら match', () => {
    expect(searchKey('サクラ')).toBe('さくら');
    expect(searchKey('ｻｸﾗ')).toBe(searchKey('さくら'));
    expect(searchKey('ヴァイオリン')).toBe('ゔぁいおりん');
    expect(searchKey('ヶ丘')).toBe('ゖ丘');
    // Kanji and the long-vowel mark are left alone.
    expect(searchKey('東京ー')).toBe('東京ー');
  });

  it('collapses and trims blanks, full-width spaces included', () => {
    expect(searchKey('  株式会社　 テスト  ')).toBe('株式会社 てすと');
  });

  it('builds a contains pattern with LIKE wildcards and the escape character taken literally', () => {
    expect(containsPattern('ABC')).toBe('%abc%');
    expect(containsPattern('100%')).toBe('%100\\%%');
    expect(containsPattern('a_b')).toBe('%a\\_b%');
    expect(containsPattern('C:\\dir')).toBe('%c:\\\\dir%');
    // Full-width ％ and ＿ become their ASCII forms first, and are escaped too.
    expect(containsPattern('５０％＿')).toBe('%50\\%\\_%');
  });
});
