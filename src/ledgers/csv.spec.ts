import { csvLine, MalformedCsv, parseCsv, separatorOf } from './csv';

describe('CSV', () => {
  it('reads plain fields with CRLF, LF and CR line ends', () => {
    expect(parseCsv('a,b,c\r\n1,2,3\n4,5,6\r7,8,9')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
      ['4', '5', '6'],
      ['7', '8', '9'],
    ]);
  });

  it('reads quoted fields with separators, doubled quotes and line breaks', () => {
    expect(parseCsv('名称,備考\r\n"株式会社A,B","彼は""はい""と言った"\r\n"一行目\r\n二行目",\r\n')).toEqual([
      ['名称', '備考'],
      ['株式会社A,B', '彼は"はい"と言った'],
      ['一行目\r\n二行目', ''],
    ]);
  });

  it('keeps empty fields and ignores the final line end', () => {
    expect(parseCsv(',,\r\n')).toEqual([['', '', '']]);
    expect(parseCsv('a\r\n\r\nb\r\n')).toEqual([['a'], [''], ['b']]);
    expect(parseCsv('')).toEqual([]);
  });

  it('takes a quote inside an unquoted field literally', () => {
    expect(parseCsv('5" floppy,x')).toEqual([['5" floppy', 'x']]);
  });

  it('refuses a quoted field that is never closed', () => {
    expect(() => parseCsv('"abc,def\r\n')).toThrow(MalformedCsv);
  });

  it('detects tab-separated text', () => {
    expect(separatorOf('委託契約名\t契約番号\r\nx\ty')).toBe('\t');
    expect(separatorOf('a,b\tc,d')).toBe(',');
    expect(parseCsv('a\tb,c\r\n1\t2', '\t')).toEqual([
      ['a', 'b,c'],
      ['1', '2'],
    ]);
  });

  it('writes lines that read back as the same fields', () => {
    const fields = ['plain', 'a,b', 'say "hi"', 'two\r\nlines', ' padded ', '', '全角，カンマ', "'=1+2"];
    const line = csvLine(fields);
    expect(line.endsWith('\r\n')).toBe(true);
    expect(parseCsv(line)).toEqual([fields]);
    expect(csvLine(['a', 'b'])).toBe('a,b\r\n');
  });
});
