import { escapeFormula, formatCell, formatCertification, parseCell, parseCertification, unescapeFormula } from './cell-values';
import { CERTIFICATION_TYPES, NETWORK_SEGMENTS, PLATFORMS } from './ledger-columns';

const ok = (value: unknown) => ({ ok: true, value });

describe('formula escape', () => {
  it.each(['=1+2', '+81-3-1234-5678', '-5', '@SUM(A1)', '\tindent', '\rreturn', "'quoted", "'=already"])(
    'escapes %j and reads it back',
    (text) => {
      const escaped = escapeFormula(text);
      expect(escaped).toBe(`'${text}`);
      expect(unescapeFormula(escaped)).toBe(text);
    },
  );

  it.each(['普通の文字列', 'R8-委-014', 'a=b', '', "it's"])('leaves %j alone both ways', (text) => {
    expect(escapeFormula(text)).toBe(text);
    expect(unescapeFormula(text)).toBe(text);
  });

  it('removes the escape when reading a cell', () => {
    expect(parseCell({ type: 'text' }, '\'=HYPERLINK("http://evil")')).toEqual(ok('=HYPERLINK("http://evil")'));
    expect(parseCell({ type: 'text' }, "'-")).toEqual(ok('-'));
  });
});

describe('cell parsing', () => {
  it('reads a blank cell as nothing, whatever the type', () => {
    for (const raw of [null, '', '   ']) {
      expect(parseCell({ type: 'level', max: 3 }, raw)).toEqual(ok(undefined));
      expect(parseCell({ type: 'boolean' }, raw)).toEqual(ok(undefined));
    }
  });

  it('trims text and keeps numbers typed into a text column as written', () => {
    expect(parseCell({ type: 'text' }, '  委託  ')).toEqual(ok('委託'));
    expect(parseCell({ type: 'text' }, 1024)).toEqual(ok('1024'));
  });

  it('reads levels from numbers and (full-width) digits, within range', () => {
    expect(parseCell({ type: 'level', max: 3 }, 3)).toEqual(ok(3));
    expect(parseCell({ type: 'level', max: 3 }, '２')).toEqual(ok(2));
    expect(parseCell({ type: 'level', max: 2 }, 3)).toMatchObject({ ok: false });
    expect(parseCell({ type: 'level', max: 3 }, '1.5')).toMatchObject({ ok: false });
    expect(parseCell({ type: 'level', max: 3 }, '高')).toMatchObject({ ok: false });
  });

  it.each([
    ['有', true],
    ['無', false],
    ['はい', true],
    ['いいえ', false],
    ['TRUE', true],
    ['false', false],
    ['1', true],
    ['0', false],
    ['ｙｅｓ', true],
  ])('reads the boolean %s', (text, value) => {
    expect(parseCell({ type: 'boolean' }, text)).toEqual(ok(value));
  });

  it('reads booleans Excel stores as booleans, and refuses other words', () => {
    expect(parseCell({ type: 'boolean' }, true)).toEqual(ok(true));
    expect(parseCell({ type: 'boolean' }, false)).toEqual(ok(false));
    expect(parseCell({ type: 'boolean' }, 'たぶん')).toMatchObject({ ok: false });
  });

  it('reads enumerations by code or Japanese label, case and width folded', () => {
    const segment = { type: 'enum', options: NETWORK_SEGMENTS } as const;
    expect(parseCell(segment, 'LGWAN接続系')).toEqual(ok('LGWAN'));
    expect(parseCell(segment, 'my_number')).toEqual(ok('MY_NUMBER'));
    expect(parseCell(segment, 'ＩＮＴＥＲＮＥＴ')).toEqual(ok('INTERNET'));
    expect(parseCell({ type: 'enum', options: PLATFORMS }, 'X（旧Twitter）')).toEqual(ok('X'));
    expect(parseCell({ type: 'enum', options: PLATFORMS }, 'youtube')).toEqual(ok('YOUTUBE'));
    const refused = parseCell(segment, '閉域網');
    expect(refused).toMatchObject({ ok: false });
    expect(refused.ok === false && refused.message).toContain('LGWAN接続系（LGWAN）');
  });

  it('reads dates in every accepted form, Excel dates and serials included', () => {
    const cell = { type: 'date' } as const;
    expect(parseCell(cell, '2026/4/1')).toEqual(ok('2026-04-01'));
    expect(parseCell(cell, '令和8年4月1日')).toEqual(ok('2026-04-01'));
    expect(parseCell(cell, 'R8.4.1')).toEqual(ok('2026-04-01'));
    expect(parseCell(cell, new Date(Date.UTC(2026, 3, 1)))).toEqual(ok('2026-04-01'));
    expect(parseCell(cell, 46113)).toEqual(ok('2026-04-01'));
    expect(parseCell(cell, '2026/2/30')).toMatchObject({ ok: false });
  });

  it('says why an era date past the change of era does not exist', () => {
    expect(parseCell({ type: 'date' }, '平成31年5月1日')).toEqual({
      ok: false,
      message: '平成31年5月1日は存在しません（平成は2019年4月30日までで、2019年5月1日は令和元年5月1日です）。',
    });
    expect(parseCertification('ISMS:x:令和元年4月1日', CERTIFICATION_TYPES)).toEqual({
      ok: false,
      message: '認証の有効期限: 令和元年4月1日は存在しません（令和は2019年5月1日からで、2019年4月1日は平成31年4月1日です）。',
    });
  });

  it('reads corporate numbers with full-width digits and checks the check digit', () => {
    const cell = { type: 'corporateNumber' } as const;
    expect(parseCell(cell, '７０１０００１９９９９９９')).toEqual(ok('7010001999999'));
    expect(parseCell(cell, 7010001999999)).toEqual(ok('7010001999999'));
    expect(parseCell(cell, '7010-0019-99999')).toEqual(ok('7010001999999'));
    expect(parseCell(cell, '1010001999999')).toMatchObject({ ok: false });
    expect(parseCell(cell, '701000199999')).toMatchObject({ ok: false });
  });

  it('reads e-mail addresses lower-cased', () => {
    expect(parseCell({ type: 'email' }, ' Owner@Example.LG.JP ')).toEqual(ok('owner@example.lg.jp'));
    expect(parseCell({ type: 'email' }, '山田さん')).toMatchObject({ ok: false });
  });

  it('splits lists on semicolons, Japanese commas and line breaks', () => {
    expect(parseCell({ type: 'list' }, 'JP; US；DE、FR\nSG,')).toEqual(ok(['JP', 'US', 'DE', 'FR', 'SG']));
  });

  it('writes what it reads back', () => {
    const segment = { type: 'enum', options: NETWORK_SEGMENTS } as const;
    expect(parseCell(segment, formatCell(segment, 'MY_NUMBER'))).toEqual(ok('MY_NUMBER'));
    expect(parseCell({ type: 'boolean' }, formatCell({ type: 'boolean' }, false))).toEqual(ok(false));
    expect(parseCell({ type: 'list' }, formatCell({ type: 'list' }, ['JP', 'US']))).toEqual(ok(['JP', 'US']));
  });
});

describe('certifications', () => {
  it('reads type, identifier and expiry, any part but the type empty', () => {
    expect(parseCertification('ISMS:IS 123456:2027-03-31', CERTIFICATION_TYPES)).toEqual(
      ok({ type: 'ISMS', identifier: 'IS 123456', validUntil: '2027-03-31' }),
    );
    expect(parseCertification('プライバシーマーク：第10820123(05)号：令和8年6月30日', CERTIFICATION_TYPES)).toEqual(
      ok({ type: 'PRIVACY_MARK', identifier: '第10820123(05)号', validUntil: '2026-06-30' }),
    );
    expect(parseCertification('ISMAP:C0000123:', CERTIFICATION_TYPES)).toEqual(
      ok({ type: 'ISMAP', identifier: 'C0000123', validUntil: null }),
    );
    expect(parseCertification('SOC2', CERTIFICATION_TYPES)).toEqual(ok({ type: 'SOC2', identifier: null, validUntil: null }));
    expect(parseCertification('OTHER:urn:x:1:2027/1/31', CERTIFICATION_TYPES)).toEqual(
      ok({ type: 'OTHER', identifier: 'urn:x:1', validUntil: '2027-01-31' }),
    );
  });

  it('refuses an unknown type or an unreadable date', () => {
    expect(parseCertification('ISO9001:x:2027-01-01', CERTIFICATION_TYPES)).toMatchObject({ ok: false });
    expect(parseCertification('ISMS:x:来年', CERTIFICATION_TYPES)).toMatchObject({ ok: false });
  });

  it('writes what it reads back', () => {
    for (const value of [
      { type: 'ISMS', identifier: 'IS 1', validUntil: '2027-03-31' },
      { type: 'ISO27017', identifier: null, validUntil: null },
      { type: 'OTHER', identifier: 'a:b', validUntil: '2026-01-01' },
    ]) {
      expect(parseCertification(formatCertification(value, CERTIFICATION_TYPES), CERTIFICATION_TYPES)).toEqual(ok(value));
    }
  });
});

describe('dates outside 1900-01-01..2999-12-31', () => {
  const RANGE = '1900年1月1日から2999年12月31日までの範囲で入力してください';

  it.each([
    ['ISO text', '9999-12-31'],
    ['slashes', '3000/1/1'],
    ['an era date before 1900', '明治32年12月31日'],
    ['an .xlsx date cell', new Date(Date.UTC(9999, 11, 31))],
    ['the largest Excel serial', 2958465],
  ])('are refused with the reason, in %s', (_case, raw) => {
    const parsed = parseCell({ type: 'date' }, raw);
    expect(parsed).toEqual({ ok: false, message: expect.stringContaining(RANGE) });
  });

  it.each([
    ['1900-01-01', '1900-01-01'],
    ['2999/12/31', '2999-12-31'],
    ['明治33年1月1日', '1900-01-01'],
  ])('take the edges: %s', (text, date) => {
    expect(parseCell({ type: 'date' }, text)).toEqual(ok(date));
  });

  it("refuse a certification's expiry outside them too", () => {
    expect(parseCertification('ISMS:IS 1234:9999-12-31', CERTIFICATION_TYPES)).toEqual({
      ok: false,
      message: expect.stringMatching(/^認証の有効期限: 9999-12-31は取り込めません/),
    });
    expect(parseCertification('ISMS:IS 1234:2999-12-31', CERTIFICATION_TYPES)).toMatchObject({ ok: true });
  });
});
