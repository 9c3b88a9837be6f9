import { encode } from 'iconv-lite';
import { decodeText, UndecodableText } from './text-encoding';

const HEADER =
  '委託契約名,契約番号,取引先法人番号,機密性,契約開始日\r\n保険料通知書印刷業務,R8-委-014,１２３４５６７８９０１２３,3,令和8年4月1日\r\n';

describe('CSV text encoding', () => {
  it('reads UTF-8 without a BOM', () => {
    expect(decodeText(Buffer.from(HEADER, 'utf8'))).toEqual({ text: HEADER, encoding: 'utf-8' });
  });

  it('reads UTF-8 with a BOM and drops the BOM', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(HEADER, 'utf8')]);
    expect(decodeText(bytes)).toEqual({ text: HEADER, encoding: 'utf-8' });
  });

  it('reads Shift_JIS (CP932), NEC and IBM extensions included', () => {
    const text = `${HEADER}①㈱髙橋﨑,ｶﾀｶﾅ,～\r\n`;
    const bytes = encode(text, 'cp932');
    expect(decodeText(bytes)).toEqual({ text, encoding: 'shift_jis' });
  });

  it('reads short Shift_JIS text that is not valid UTF-8', () => {
    expect(decodeText(encode('有', 'cp932'))).toEqual({ text: '有', encoding: 'shift_jis' });
    expect(decodeText(encode('機密性', 'cp932'))).toEqual({ text: '機密性', encoding: 'shift_jis' });
  });

  it('reads ASCII as UTF-8', () => {
    expect(decodeText(Buffer.from('name,corporateNumber\r\n'))).toEqual({ text: 'name,corporateNumber\r\n', encoding: 'utf-8' });
  });

  it('reads UTF-16LE with a BOM (Excel "Unicode text")', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('委託契約名\t契約番号\r\n', 'utf16le')]);
    expect(decodeText(bytes)).toEqual({ text: '委託契約名\t契約番号\r\n', encoding: 'utf-16le' });
  });

  it('refuses bytes that are neither UTF-8 nor Shift_JIS', () => {
    expect(() => decodeText(Buffer.from([0x82, 0xa0, 0xff, 0xfd, 0x80, 0x85]))).toThrow(UndecodableText);
  });
});
