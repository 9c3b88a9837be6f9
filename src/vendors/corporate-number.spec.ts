import { corporateNumberCheckDigit, isValidCorporateNumber, normaliseCorporateNumber } from './corporate-number';

describe('corporate number (法人番号)', () => {
  it('computes the check digit over the twelve base digits', () => {
    expect(corporateNumberCheckDigit('000012050002')).toBe(7);
    // トヨタ自動車株式会社, a published number.
    expect(corporateNumberCheckDigit('180301018771')).toBe(1);
    // From the right, weights 1,2,1,2…: 2+2+0+18+8+14+6+10+4+6+2+2 = 74, 74 mod 9 = 2, 9 − 2 = 7.
    expect(corporateNumberCheckDigit('123456789012')).toBe(7);
    // A sum divisible by 9 gives 9, never 0.
    expect(corporateNumberCheckDigit('000000000000')).toBe(9);
  });

  it.each(['7000012050002', '1180301018771', '7123456789012', '9000000000000'])('accepts %s', (value) => {
    expect(isValidCorporateNumber(value)).toBe(true);
  });

  it.each([
    ['a wrong check digit', '6000012050002'],
    ['another wrong check digit', '8000012050002'],
    ['a changed base digit', '7000012050003'],
    ['a check digit of 0', '0000000000000'],
  ])('rejects %s', (_case, value) => {
    expect(isValidCorporateNumber(value)).toBe(false);
  });

  it.each([
    ['12 digits', '700001205000'],
    ['14 digits', '70000120500020'],
    ['nothing', ''],
    ['a letter', '700001205000A'],
    ['a hyphen', '7000-012050002'],
    ['a blank', ' 7000012050002'],
    ['full-width digits that were not normalised', '７００００１２０５０００２'],
  ])('rejects %s', (_case, value) => {
    expect(isValidCorporateNumber(value)).toBe(false);
  });

  it('normalises full-width digits, blanks and hyphens before validation', () => {
    expect(normaliseCorporateNumber('７００００１２０５０００２')).toBe('7000012050002');
    expect(normaliseCorporateNumber(' 7000-0120-50002 ')).toBe('7000012050002');
    expect(normaliseCorporateNumber('７０００　０１２０　５０００２')).toBe('7000012050002');
    expect(isValidCorporateNumber(normaliseCorporateNumber('７００００１２０５０００２'))).toBe(true);
  });
});
