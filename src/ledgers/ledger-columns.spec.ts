import { formatCell, parseCell } from './cell-values';
import { choicesOf, exportColumns, LEDGERS, RECORD_ID } from './ledger-columns';

const COLUMNS = Object.values(LEDGERS).flatMap((ledger) => ledger.columns.map((column) => [ledger.kind, column.field, column] as const));

describe('ledger columns', () => {
  it.each(COLUMNS)('%s.%s: the example reads, and is written as an export writes it (labels, 有/無)', (_kind, _field, column) => {
    const parsed = parseCell(column.cell, column.example || null);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok || parsed.value === undefined || column.cell.type === 'list') return;
    expect(String(formatCell(column.cell, parsed.value))).toBe(column.example);
  });

  it('offers the labels the import reads as the choices of every column with fixed values', () => {
    for (const [, , column] of COLUMNS) {
      const choices = choicesOf(column.cell);
      if (!choices) continue;
      for (const choice of choices) expect(parseCell(column.cell, choice)).toMatchObject({ ok: true });
      // An .xlsx list is written as one quoted, comma-separated formula of at most 255 characters.
      expect(choices.join(',').length).toBeLessThanOrEqual(253);
      expect(choices.some((choice) => /[",]/.test(choice))).toBe(false);
    }
    expect(choicesOf({ type: 'boolean' })).toEqual(['有', '無']);
    expect(choicesOf({ type: 'level', max: 3 })).toEqual(['1', '2', '3']);
    expect(choicesOf({ type: 'text' })).toBeUndefined();
  });

  it('ends every export with the 登録ID column, which the import reads', () => {
    for (const ledger of Object.values(LEDGERS)) {
      const columns = exportColumns(ledger);
      expect(columns[columns.length - 1]).toEqual({ header: '登録ID', field: 'recordId', column: RECORD_ID });
    }
  });
});
