import { CellType } from './cell-values';
import { allowedValues, choicesOf, LedgerColumn, LedgerDefinition, RECORD_ID } from './ledger-columns';
import { TableLayout, TableOutput } from './ledger-output';

const TYPE_NAMES: Record<CellType['type'], string> = {
  text: '文字列',
  email: 'メールアドレス',
  corporateNumber: '法人番号',
  date: '日付',
  level: '整数',
  boolean: '有／無',
  enum: '選択',
  list: '一覧',
};

/** How a ledger's columns look in an .xlsx: two heading rows, date cells, and drop-down lists where the values are fixed. */
export function tableLayoutOf(columns: readonly { column?: LedgerColumn; date?: boolean }[]): TableLayout {
  return {
    headerRows: 2,
    columns: columns.map(({ column, date }) => ({
      date: date === true || column?.cell.type === 'date',
      choices: column ? choicesOf(column.cell) : undefined,
    })),
  };
}

/** The header rows every ledger file starts with: Japanese headers, then the English field names. */
export function headerRows(columns: readonly { header: string; field: string }[]): string[][] {
  return [columns.map((c) => c.header), columns.map((c) => c.field)];
}

/**
 * The template of a ledger: the two header rows and one example row in the words a person types
 * (labels such as LGWAN接続系, 有/無), which imports as it is; in an .xlsx the columns with fixed values
 * offer them in drop-down lists, dates are date cells, and a notes sheet lists every column's type,
 * whether it is required and the allowed values of the enumerated ones.
 */
export async function writeTemplate(definition: LedgerDefinition, output: TableOutput, withNotes: boolean): Promise<void> {
  const { columns } = definition;
  const sheet = await output.sheet(
    definition.title,
    columns.map((c) => Math.max(12, c.header.length * 2 + 4)),
    tableLayoutOf(columns.map((column) => ({ column }))),
  );
  for (const row of headerRows(columns)) await sheet.addRow(row);
  await sheet.addRow(columns.map((c) => c.example || null));
  if (withNotes) {
    const notes = await output.sheet('記入方法', [22, 26, 14, 10, 60, 70]);
    await notes.addRow([`${definition.title}の記入方法`]);
    await notes.addRow([
      `1行目は見出し（日本語）、2行目は項目名（英語）です。3行目の記入例を消して、3行目から1行に1件ずつ記入してください。`,
    ]);
    await notes.addRow([
      `既存の登録を探すキー: ${definition.naturalKey}。同じキーの行はその登録を更新し、空欄のセルは登録済みの値を変えません。`,
    ]);
    await notes.addRow(['日付は 2026-04-01、2026/4/1、令和8年4月1日、R8.4.1 のいずれでも、Excel の日付でも記入できます。']);
    await notes.addRow([
      `エクスポートしたファイルの最後の列「${RECORD_ID.header}」は登録の識別子です。その行はこの識別子の登録を更新します（変更しないでください）。`,
    ]);
    await notes.addRow([]);
    await notes.addRow(['見出し', '項目名', '種類', '必須', '入力できる値', '説明']);
    for (const column of columns) {
      await notes.addRow([
        column.header,
        column.field,
        TYPE_NAMES[column.cell.type],
        column.key ? 'キー（必須）' : column.required ? '新規は必須' : '',
        allowedValues(column),
        column.description,
      ]);
    }
  }
  await output.finish();
}
