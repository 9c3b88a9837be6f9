import { eraDateProblem, excelSerialToDate, parseEraDate, parseWrittenDate, toEraDate } from './era-date';

describe('Japanese era dates', () => {
  it.each([
    ['令和8年4月1日', '2026-04-01'],
    ['令和元年5月1日', '2019-05-01'],
    ['令和1年5月1日', '2019-05-01'],
    ['平成31年4月30日', '2019-04-30'],
    ['平成元年1月8日', '1989-01-08'],
    ['昭和64年1月7日', '1989-01-07'],
    ['昭和51年12月3日', '1976-12-03'],
    ['大正15年12月24日', '1926-12-24'],
    ['令和 8 年 4 月 1 日', '2026-04-01'],
    ['令和８年４月１日', '2026-04-01'],
    ['㋿8年4月1日', '2026-04-01'],
    ['㍻31年4月30日', '2019-04-30'],
    ['R8.4.1', '2026-04-01'],
    ['r08.04.01', '2026-04-01'],
    ['R8/4/1', '2026-04-01'],
    ['Ｒ８．４．１', '2026-04-01'],
    ['H31.4.30', '2019-04-30'],
    ['S64.1.7', '1989-01-07'],
  ])('reads %s as %s', (text, expected) => {
    expect(parseEraDate(text)).toBe(expected);
  });

  it.each([
    ['平成31年5月1日', 'after Heisei ended'],
    ['令和元年4月30日', 'before Reiwa began'],
    ['昭和64年1月8日', 'the first day of Heisei'],
    ['平成元年1月7日', 'the last day of Showa'],
    ['令和8年2月30日', 'no such day'],
    ['令和0年4月1日', 'no year zero'],
    ['令和8年13月1日', 'no thirteenth month'],
    ['X8.4.1', 'an unknown era letter'],
    ['令和8年4月', 'no day'],
    ['2026-04-01', 'not an era date'],
    ['', 'empty'],
  ])('refuses %s (%s)', (text) => {
    expect(parseEraDate(text)).toBeNull();
  });

  it('writes the era form, 元年 for the first year', () => {
    expect(toEraDate('2026-04-01')).toBe('令和8年4月1日');
    expect(toEraDate('2019-05-01')).toBe('令和元年5月1日');
    expect(toEraDate('2019-04-30')).toBe('平成31年4月30日');
    expect(toEraDate('1989-01-08')).toBe('平成元年1月8日');
    expect(toEraDate('1989-01-07')).toBe('昭和64年1月7日');
    expect(toEraDate('1800-01-01')).toBe('1800-01-01');
  });

  it('reads back what it writes for every day across the Heisei–Reiwa boundary', () => {
    for (let day = 0; day < 800; day++) {
      const date = new Date(Date.UTC(2018, 0, 1 + day)).toISOString().slice(0, 10);
      expect(parseEraDate(toEraDate(date))).toBe(date);
    }
  });
});

describe('written dates', () => {
  it.each([
    ['2026-04-01', '2026-04-01'],
    ['2026/4/1', '2026-04-01'],
    ['2026/04/01', '2026-04-01'],
    ['2026.4.1', '2026-04-01'],
    ['2026年4月1日', '2026-04-01'],
    ['２０２６／４／１', '2026-04-01'],
    [' 2026-04-01 ', '2026-04-01'],
    ['令和8年4月1日', '2026-04-01'],
    ['R8.4.1', '2026-04-01'],
  ])('reads %s as %s', (text, expected) => {
    expect(parseWrittenDate(text)).toBe(expected);
  });

  it.each(['2026-02-30', '2026/13/1', '26/4/1', '4/1/2026', 'April 1, 2026', 'あした', '20260401'])('refuses %s', (text) => {
    expect(parseWrittenDate(text)).toBeNull();
  });
});

describe('Excel serial dates', () => {
  it('counts from 1899-12-30 past the phantom 29 February 1900', () => {
    expect(excelSerialToDate(46113)).toBe('2026-04-01');
    expect(excelSerialToDate(46113.75)).toBe('2026-04-01');
    expect(excelSerialToDate(61)).toBe('1900-03-01');
    expect(excelSerialToDate(59)).toBe('1900-02-28');
    expect(excelSerialToDate(1)).toBe('1900-01-01');
  });

  it('refuses what is no day', () => {
    expect(excelSerialToDate(60)).toBeNull();
    expect(excelSerialToDate(0)).toBeNull();
    expect(excelSerialToDate(-3)).toBeNull();
    expect(excelSerialToDate(Number.NaN)).toBeNull();
    expect(excelSerialToDate(3_000_000)).toBeNull();
  });
});

describe('era dates outside their era', () => {
  it.each([
    ['平成31年5月1日', '平成31年5月1日は存在しません（平成は2019年4月30日までで、2019年5月1日は令和元年5月1日です）。'],
    ['H31.5.1', 'H31.5.1は存在しません（平成は2019年4月30日までで、2019年5月1日は令和元年5月1日です）。'],
    ['平成35年1月1日', '平成35年1月1日は存在しません（平成は2019年4月30日までで、2023年1月1日は令和5年1月1日です）。'],
    ['令和元年4月30日', '令和元年4月30日は存在しません（令和は2019年5月1日からで、2019年4月30日は平成31年4月30日です）。'],
    ['昭和64年1月8日', '昭和64年1月8日は存在しません（昭和は1989年1月7日までで、1989年1月8日は平成元年1月8日です）。'],
    ['平成元年1月7日', '平成元年1月7日は存在しません（平成は1989年1月8日からで、1989年1月7日は昭和64年1月7日です）。'],
    ['昭和元年12月24日', '昭和元年12月24日は存在しません（昭和は1926年12月25日からで、1926年12月24日は大正15年12月24日です）。'],
    ['大正15年12月25日', '大正15年12月25日は存在しません（大正は1926年12月24日までで、1926年12月25日は昭和元年12月25日です）。'],
    ['大正元年7月29日', '大正元年7月29日は存在しません（大正は1912年7月30日からで、1912年7月29日は明治45年7月29日です）。'],
    ['明治45年7月30日', '明治45年7月30日は存在しません（明治は1912年7月29日までで、1912年7月30日は大正元年7月30日です）。'],
    ['明治元年1月1日', '明治元年1月1日は存在しません（明治は1868年10月23日からです）。'],
  ])('explains %s', (text, message) => {
    expect(parseEraDate(text)).toBeNull();
    expect(eraDateProblem(text)).toBe(message);
  });

  it.each(['令和元年5月1日', '平成31年4月30日', '令和8年2月30日', '2026-04-01', 'あした', ''])('has nothing to explain for %s', (text) => {
    expect(eraDateProblem(text)).toBeUndefined();
  });
});
