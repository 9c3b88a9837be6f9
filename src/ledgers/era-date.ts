import { EARLIEST_DATE, isCalendarDate, isDateInRange, LATEST_DATE } from '../common/calendar';

/**
 * Dates as Japanese ledgers write them: ISO (2026-04-01), slashes (2026/4/1), 年月日 (2026年4月1日)
 * and the Japanese era (令和8年4月1日, 令和元年5月1日, R8.4.1, H31/4/30). Pure: no time zones, the
 * result is a calendar date YYYY-MM-DD.
 */
interface Era {
  name: string;
  letter: string;
  /** The first day of the era. */
  start: string;
}

/** Newest first; a date belongs to the newest era that started on or before it. */
const ERAS: readonly Era[] = [
  { name: '令和', letter: 'R', start: '2019-05-01' },
  { name: '平成', letter: 'H', start: '1989-01-08' },
  { name: '昭和', letter: 'S', start: '1926-12-25' },
  { name: '大正', letter: 'T', start: '1912-07-30' },
  { name: '明治', letter: 'M', start: '1868-10-23' },
];

function iso(year: number, month: number, day: number): string | null {
  const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isCalendarDate(text) ? text : null;
}

function eraOf(nameOrLetter: string): Era | undefined {
  const wanted = nameOrLetter.toUpperCase();
  return ERAS.find((era) => era.name === nameOrLetter || era.letter === wanted);
}

/** The era that contains `date` (YYYY-MM-DD), or undefined before Meiji. */
function eraContaining(date: string): Era | undefined {
  return ERAS.find((era) => date >= era.start);
}

const ISO_LIKE = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/;
const ERA_KANJI = /^(令和|平成|昭和|大正|明治)\s*(元|\d{1,2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$/;
const ERA_LETTER = /^([RHSTMrhstm])\s*(\d{1,2})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{1,2})$/;

/** An era date as written: the day it names and the era it names, which need not contain that day. */
interface WrittenEraDate {
  era: Era;
  date: string;
}

/** The era date a text names, whether or not the day falls inside that era; null when it is no era date or no such day. */
function readEraDate(text: string): WrittenEraDate | null {
  const normalised = text.normalize('NFKC').trim();
  const match = ERA_KANJI.exec(normalised) ?? ERA_LETTER.exec(normalised);
  if (!match) return null;
  const era = eraOf(match[1]);
  if (!era) return null;
  const eraYear = match[2] === '元' ? 1 : Number(match[2]);
  if (eraYear < 1) return null;
  const year = Number(era.start.slice(0, 4)) + eraYear - 1;
  const date = iso(year, Number(match[3]), Number(match[4]));
  return date === null ? null : { era, date };
}

/**
 * A Japanese-era date to YYYY-MM-DD, or null when the text is not one or names a day outside its
 * era (平成31年5月1日 is 令和元年5月1日; 令和元年4月30日 does not exist).
 */
export function parseEraDate(text: string): string | null {
  const written = readEraDate(text);
  return written && eraContaining(written.date) === written.era ? written.date : null;
}

function westernDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/**
 * Why an era date that names a day outside its era does not exist, in the words of the person who
 * wrote it: 「平成31年5月1日は存在しません（平成は2019年4月30日までで、2019年5月1日は令和元年5月1日です）」.
 * Undefined for any other text (a valid date, no era date at all, or no such day in any calendar).
 */
export function eraDateProblem(text: string): string | undefined {
  const written = readEraDate(text);
  if (!written) return undefined;
  const { era, date } = written;
  const actual = eraContaining(date);
  if (actual === era) return undefined;
  const shown = text.normalize('NFKC').trim();
  if (date < era.start) {
    const instead = actual ? `からで、${westernDate(date)}は${toEraDate(date)}です` : 'からです';
    return `${shown}は存在しません（${era.name}は${westernDate(era.start)}${instead}）。`;
  }
  // A day after the era ended: the era that followed it.
  const next = ERAS[ERAS.indexOf(era) - 1];
  return `${shown}は存在しません（${era.name}は${westernDate(dayBefore(next.start))}までで、${westernDate(date)}は${toEraDate(date)}です）。`;
}

/**
 * Why a date that reads fine is still refused: it lies outside the days the service accepts
 * (1900-01-01 to 2999-12-31; 9999-12-31 typed for "never" is the usual case). Undefined within them.
 */
export function dateRangeProblem(date: string, shown: string): string | undefined {
  if (isDateInRange(date)) return undefined;
  return `${shown}は取り込めません（日付は${westernDate(EARLIEST_DATE)}から${westernDate(LATEST_DATE)}までの範囲で入力してください）。`;
}

/** Any of the accepted written forms (ISO, slashes, 年月日, Japanese era) to YYYY-MM-DD, or null. */
export function parseWrittenDate(text: string): string | null {
  const normalised = text.normalize('NFKC').trim();
  const match = ISO_LIKE.exec(normalised);
  if (match) return iso(Number(match[1]), Number(match[2]), Number(match[3]));
  return parseEraDate(normalised);
}

/** 2026-04-01 → 令和8年4月1日 (令和元年 for the first year); the ISO text itself before Meiji. */
export function toEraDate(date: string): string {
  const era = eraContaining(date);
  if (!era) return date;
  const [year, month, day] = date.split('-').map(Number);
  const eraYear = year - Number(era.start.slice(0, 4)) + 1;
  return `${era.name}${eraYear === 1 ? '元' : eraYear}年${month}月${day}日`;
}

/**
 * An Excel serial day number (1900 date system) to YYYY-MM-DD; the time of day is dropped. Excel
 * counts a 29 February 1900 that never was (serial 60), so serials from 61 on count from 1899-12-30.
 */
export function excelSerialToDate(serial: number): string | null {
  if (!Number.isFinite(serial)) return null;
  const days = Math.floor(serial);
  if (days < 1 || days === 60 || days > 2958465) return null;
  const base = days < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  return new Date(base + days * 86_400_000).toISOString().slice(0, 10);
}
