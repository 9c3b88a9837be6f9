/**
 * CSV as RFC 4180 and Excel write it: fields separated by commas (or tabs), quoted with double quotes
 * when they hold a separator, a quote or a line break, a quote inside doubled; lines end in CRLF, LF
 * or CR. Pure and small on purpose: the ledger needs every cell as the text the person typed, with
 * no guessing of numbers or dates.
 */
export class MalformedCsv extends Error {}

/** The separator of the first line: a tab when it has more tabs than commas. */
export function separatorOf(text: string): ',' | '\t' {
  const firstLine = text.slice(0, text.search(/[\r\n]|$/));
  const tabs = firstLine.split('\t').length - 1;
  const commas = firstLine.split(',').length - 1;
  return tabs > commas ? '\t' : ',';
}

/** The rows of a CSV text; every row an array of field texts (a final empty line is no row). */
export function parseCsv(text: string, separator: ',' | '\t' = separatorOf(text)): string[][] {
  const rows: string[][] = [];
  eachCsvRow(text, separator, (row) => {
    rows.push(row);
    return true;
  });
  return rows;
}

/**
 * Hands each row to `visit` as soon as it is complete; reading stops when `visit` answers false, so
 * a caller with a row limit keeps no more than it allows. Fields after the first `maxFields` of a
 * row are read past, not kept.
 */
export function eachCsvRow(
  text: string,
  separator: ',' | '\t',
  visit: (row: string[]) => boolean,
  maxFields = Number.POSITIVE_INFINITY,
): void {
  let stopped = false;
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  let i = 0;
  const endField = (): void => {
    if (row.length < maxFields) row.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRow = (): void => {
    endField();
    stopped = !visit(row);
    row = [];
  };
  while (i < text.length && !stopped) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
      i++;
    } else if (c === separator) {
      endField();
      i++;
    } else if (c === '\r' || c === '\n') {
      endRow();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      // A quote after other characters is taken literally, as Excel does.
      field += c;
      fieldStarted = true;
      i++;
    }
  }
  if (stopped) return;
  if (quoted) throw new MalformedCsv('a quoted field is not closed');
  if (fieldStarted || field !== '' || row.length > 0) endRow();
}

const NEEDS_QUOTES = /[",\r\n\t]|^\s|\s$/;

/** One CSV line, CRLF-terminated; fields quoted only when they must be. */
export function csvLine(fields: readonly string[]): string {
  return `${fields.map((field) => (NEEDS_QUOTES.test(field) ? `"${field.replace(/"/g, '""')}"` : field)).join(',')}\r\n`;
}
