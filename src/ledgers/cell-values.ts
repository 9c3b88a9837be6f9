import { isValidCorporateNumber, normaliseCorporateNumber } from '../vendors/corporate-number';
import { dateRangeProblem, eraDateProblem, excelSerialToDate, parseWrittenDate } from './era-date';

/** An error value a spreadsheet shows in a cell (#N/A, #REF!...). */
export class CellError {
  constructor(readonly text: string) {}
}

/** A cell as read from a file: CSV gives text only; an .xlsx cell may hold a number, a boolean, a date or an error value. */
export type RawCell = string | number | boolean | Date | CellError | null;

/** A value an export writes into a cell. */
export type OutputCell = string | number | null;

export interface EnumOption {
  code: string;
  label: string;
  /** Other spellings people use, e.g. 'Twitter' for X. */
  aliases?: readonly string[];
}

export type CellType =
  | { type: 'text' }
  | { type: 'email' }
  | { type: 'corporateNumber' }
  | { type: 'date' }
  | { type: 'level'; max: 2 | 3 }
  | { type: 'boolean' }
  | { type: 'enum'; options: readonly EnumOption[] }
  | { type: 'list' };

export type CellValue = string | number | boolean | string[];

/** A parsed cell: a value, nothing (a blank cell), or a message for the person who filled it in. */
export type ParsedCell = { ok: true; value: CellValue | undefined } | { ok: false; message: string };

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Against formula injection: a text that a spreadsheet would take for a formula (=, +, -, @, a tab
 * or a CR first) gets a leading apostrophe, and so does one that already starts with an apostrophe,
 * so that `unescapeFormula` can always take exactly one off again.
 */
export function escapeFormula(text: string): string {
  return looksLikeFormula(text) || text.startsWith("'") ? `'${text}` : text;
}

/** Whether a spreadsheet would take this text for a formula (or the start of one) when it is typed or read from a CSV. */
export function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

/** Removes the apostrophe `escapeFormula` added; any other text is left as it is. */
export function unescapeFormula(text: string): string {
  if (text.startsWith("'") && text.length > 1 && (FORMULA_START.test(text[1]) || text[1] === "'")) return text.slice(1);
  return text;
}

const TRUE_WORDS = new Set(['有', 'あり', '有り', 'はい', 'true', '1', 'yes', 'y', '○', '〇', '要', '可']);
const FALSE_WORDS = new Set(['無', 'なし', '無し', 'いいえ', 'false', '0', 'no', 'n', '×', '否', '不要', '不可']);

/** The text of a cell (formula escape removed, surrounding blanks trimmed), or undefined when blank. */
export function cellText(raw: RawCell): string | undefined {
  if (raw === null) return undefined;
  if (raw instanceof Date) return raw.toISOString().slice(0, 10);
  if (typeof raw === 'number') return String(raw);
  if (typeof raw === 'boolean') return raw ? 'true' : 'false';
  if (raw instanceof CellError) return raw.text;
  const text = unescapeFormula(raw.trim()).trim();
  return text === '' ? undefined : text;
}

function fold(text: string): string {
  return text
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s_\-・]/g, '');
}

function dateOf(raw: RawCell): string | null {
  if (raw instanceof Date) {
    // exceljs reads a date cell as that day at 00:00 UTC.
    return Number.isNaN(raw.getTime()) ? null : raw.toISOString().slice(0, 10);
  }
  if (typeof raw === 'number') return excelSerialToDate(raw);
  return parseWrittenDate(cellText(raw) ?? '');
}

/** Reads one cell as its column's type. A blank cell is `{ ok: true, value: undefined }`. */
export function parseCell(cell: CellType, raw: RawCell): ParsedCell {
  if (raw instanceof CellError) return { ok: false, message: `セルがエラー値（${raw.text}）です。` };
  const text = cellText(raw);
  if (text === undefined) return { ok: true, value: undefined };
  switch (cell.type) {
    case 'text':
      return { ok: true, value: text };
    case 'email':
      return /^[^\s@]+@[^\s@]+$/.test(text.normalize('NFKC'))
        ? { ok: true, value: text.normalize('NFKC').toLowerCase() }
        : { ok: false, message: `メールアドレスの形式ではありません（${text}）。` };
    case 'corporateNumber': {
      const digits = normaliseCorporateNumber(text);
      return isValidCorporateNumber(digits)
        ? { ok: true, value: digits }
        : { ok: false, message: `法人番号は検査用数字の正しい13桁の数字で入力してください（${text}）。` };
    }
    case 'date': {
      const date = dateOf(raw);
      if (date) {
        const outOfRange = dateRangeProblem(date, text);
        return outOfRange ? { ok: false, message: outOfRange } : { ok: true, value: date };
      }
      return {
        ok: false,
        message: eraDateProblem(text) ?? `日付として読めません（${text}）。2026-04-01、2026/4/1、令和8年4月1日 のように入力してください。`,
      };
    }
    case 'level': {
      const digits = text.normalize('NFKC');
      const value = /^\d+$/.test(digits) ? Number(digits) : Number.NaN;
      return Number.isInteger(value) && value >= 1 && value <= cell.max
        ? { ok: true, value }
        : { ok: false, message: `1〜${cell.max} の整数で入力してください（${text}）。` };
    }
    case 'boolean': {
      const word = text.normalize('NFKC').trim().toLowerCase();
      if (TRUE_WORDS.has(word)) return { ok: true, value: true };
      if (FALSE_WORDS.has(word)) return { ok: true, value: false };
      return { ok: false, message: `有／無（はい／いいえ、true／false、1／0）で入力してください（${text}）。` };
    }
    case 'enum': {
      const wanted = fold(text);
      const option = cell.options.find((o) => [o.code, o.label, ...(o.aliases ?? [])].some((name) => fold(name) === wanted));
      return option
        ? { ok: true, value: option.code }
        : {
            ok: false,
            message: `「${text}」は選べる値ではありません（${cell.options.map((o) => `${o.label}（${o.code}）`).join('、')}）。`,
          };
    }
    case 'list':
      return {
        ok: true,
        value: text
          .split(/[;；、,，\r\n]+/)
          .map((item) => item.trim())
          .filter((item) => item !== ''),
      };
  }
}

/** How an export writes a value of this type: labels for enums, 有/無 for booleans, ';'-joined lists. */
export function formatCell(cell: CellType, value: CellValue | null | undefined): OutputCell {
  if (value === null || value === undefined) return null;
  switch (cell.type) {
    case 'boolean':
      return value === true ? '有' : '無';
    case 'enum':
      return cell.options.find((o) => o.code === value)?.label ?? String(value);
    case 'list':
      return Array.isArray(value) ? value.join(';') : String(value);
    case 'level':
      return typeof value === 'number' ? value : Number(value);
    case 'text':
    case 'email':
    case 'corporateNumber':
    case 'date':
      return Array.isArray(value) ? value.join(';') : String(value);
  }
}

export interface ParsedCertification {
  type: string;
  identifier: string | null;
  validUntil: string | null;
}

/**
 * One item of a certifications cell, 「種別:番号:有効期限」: the type by label or code, the
 * identifier (which may itself hold colons) and the expiry date in any accepted form; the last two
 * may be left empty (ISMS::2027-03-31, ISMAP:C0000123:).
 */
export function parseCertification(
  item: string,
  types: readonly EnumOption[],
): { ok: true; value: ParsedCertification } | { ok: false; message: string } {
  const parts = item.split(/[:：]/);
  const typeCell = parseCell({ type: 'enum', options: types }, parts[0]);
  if (!typeCell.ok || typeCell.value === undefined) {
    return {
      ok: false,
      message: `認証の種別「${parts[0]}」は選べる値ではありません（${types.map((o) => `${o.label}（${o.code}）`).join('、')}）。`,
    };
  }
  const dateText = parts.length >= 3 ? parts[parts.length - 1].trim() : '';
  const identifier = (parts.length >= 3 ? parts.slice(1, -1) : parts.slice(1)).join(':').trim();
  const validUntil = dateText === '' ? null : parseWrittenDate(dateText);
  if (dateText !== '' && validUntil === null) {
    const eraProblem = eraDateProblem(dateText);
    return { ok: false, message: eraProblem ? `認証の有効期限: ${eraProblem}` : `認証の有効期限「${dateText}」を日付として読めません。` };
  }
  const outOfRange = validUntil === null ? undefined : dateRangeProblem(validUntil, dateText);
  if (outOfRange) return { ok: false, message: `認証の有効期限: ${outOfRange}` };
  return { ok: true, value: { type: String(typeCell.value), identifier: identifier || null, validUntil } };
}

/** How export writes one certification: always three parts, so that it reads back the same. */
export function formatCertification(certification: ParsedCertification, types: readonly EnumOption[]): string {
  const label = types.find((o) => o.code === certification.type)?.label ?? certification.type;
  return `${label}:${certification.identifier ?? ''}:${certification.validUntil ?? ''}`;
}
