import { Cell, ValueType, Workbook, Worksheet } from 'exceljs';
import { Role } from '../src/common/role';
import { parseCsv } from '../src/ledgers/csv';
import { createContract, createVendor, organizationWithRoles, startApp, TestApp } from './support/harness';

const KINDS = ['vendors', 'outsourcing-contracts', 'cloud-services', 'social-media-accounts'] as const;

/** The drop-down list each column with fixed values offers, by field name. */
const LISTS: Record<string, string> = {
  createVendor: '"有,無"',
  confidentiality: '"1,2,3"',
  integrity: '"1,2"',
  availability: '"1,2"',
  networkSegment: '"マイナンバー利用事務系,LGWAN接続系,インターネット接続系,接続なし"',
  handlesPersonalInformation: '"有,無"',
  handlesMyNumber: '"有,無"',
  subcontractingAllowed: '"有,無"',
  usageType: '"約款型,契約型"',
  platform: '"X（旧Twitter）,Facebook,Instagram,LINE,YouTube,TikTok,note,その他"',
};

const DATES = ['startDate', 'endDate', 'lastReviewedOn', 'nextReviewDue'];

function columnLetter(index: number): string {
  return index < 26 ? String.fromCharCode(65 + index) : `A${String.fromCharCode(65 + index - 26)}`;
}

describe('ledgers: templates and exports read as spreadsheets a person works in', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  async function download(path: string, token: string): Promise<Buffer> {
    const response = await fetch(`${testApp.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    return Buffer.from(await response.arrayBuffer());
  }

  async function ledgerSheet(path: string, token: string): Promise<Worksheet> {
    const book = new Workbook();
    await book.xlsx.load((await download(path, token)) as unknown as ArrayBuffer);
    return book.worksheets[0];
  }

  function fieldsOf(sheet: Worksheet): string[] {
    return (sheet.getRow(2).values as string[]).slice(1);
  }

  /** The heading rows, the frozen pane, the auto-filter over every row and a drop-down list on every column with fixed values. */
  function expectLedgerLayout(sheet: Worksheet, rows: number): void {
    const fields = fieldsOf(sheet);
    const last = columnLetter(fields.length - 1);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.getRow(1).getCell(fields.length).font?.bold).toBe(true);
    expect(sheet.getRow(3).getCell(1).font?.bold).toBeFalsy();
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(sheet.autoFilter).toBe(`A2:${last}${rows}`);
    const validations = (sheet as Worksheet & { dataValidations: { model: Record<string, any> } }).dataValidations.model;
    fields.forEach((field, index) => {
      for (const row of [3, rows, rows + 100]) {
        const validation = validations[`${columnLetter(index)}${row}`];
        if (LISTS[field]) {
          expect({ field, row, validation }).toEqual({
            field,
            row,
            validation: expect.objectContaining({ type: 'list', allowBlank: true, formulae: [LISTS[field]], showErrorMessage: true }),
          });
        } else {
          expect({ field, row, validation }).toEqual({ field, row, validation: undefined });
        }
      }
    });
  }

  function expectDateCell(cell: Cell, date: string): void {
    expect({ address: cell.address, type: cell.type, value: cell.value, numFmt: cell.numFmt }).toEqual({
      address: cell.address,
      type: ValueType.Date,
      value: new Date(`${date}T00:00:00Z`),
      numFmt: 'yyyy/mm/dd',
    });
  }

  it('templates: bold frozen headings, an auto-filter, drop-down lists, date cells and an example in the words a person types', async () => {
    const { tokens } = await organizationWithRoles(testApp);
    for (const kind of KINDS) {
      const sheet = await ledgerSheet(`/api/ledgers/${kind}/template.xlsx`, tokens[Role.STAFF]);
      expectLedgerLayout(sheet, 3);
      const fields = fieldsOf(sheet);
      const example = (field: string): Cell => sheet.getRow(3).getCell(fields.indexOf(field) + 1);
      for (const field of fields.filter((f) => DATES.includes(f))) {
        expect(example(field).type).toBe(ValueType.Date);
        expect(example(field).numFmt).toBe('yyyy/mm/dd');
      }
      const csv = parseCsv((await download(`/api/ledgers/${kind}/template.csv`, tokens[Role.STAFF])).subarray(3).toString('utf8'));
      // The CSV example says the same, dates as text.
      expect(csv[2].length).toBe(fields.length);
      if (kind !== 'vendors') expect(csv[2][fields.indexOf(kind === 'social-media-accounts' ? 'platform' : 'name')]).toBeTruthy();
    }
    const contracts = await ledgerSheet('/api/ledgers/outsourcing-contracts/template.xlsx', tokens[Role.STAFF]);
    const contractFields = fieldsOf(contracts);
    const contractExample = (field: string): Cell => contracts.getRow(3).getCell(contractFields.indexOf(field) + 1);
    expect(contractExample('networkSegment').value).toBe('LGWAN接続系');
    expect(contractExample('handlesPersonalInformation').value).toBe('有');
    expect(contractExample('handlesMyNumber').value).toBe('無');
    expect(contractExample('createVendor').value).toBe('有');
    expectDateCell(contractExample('startDate'), '2026-04-01');
    const cloud = await ledgerSheet('/api/ledgers/cloud-services/template.xlsx', tokens[Role.STAFF]);
    expect(cloud.getRow(3).getCell(fieldsOf(cloud).indexOf('usageType') + 1).value).toBe('契約型');
    const social = await ledgerSheet('/api/ledgers/social-media-accounts/template.xlsx', tokens[Role.STAFF]);
    expect(social.getRow(3).getCell(fieldsOf(social).indexOf('platform') + 1).value).toBe('X（旧Twitter）');
    const vendors = await ledgerSheet('/api/ledgers/vendors/template.xlsx', tokens[Role.STAFF]);
    expect(vendors.getRow(3).getCell(fieldsOf(vendors).indexOf('certifications') + 1).value).toBe(
      'ISMS:IS 123456:2027-03-31;プライバシーマーク:第10820123(05)号:2026-06-30',
    );
    const csv = parseCsv(
      (await download('/api/ledgers/outsourcing-contracts/template.csv', tokens[Role.AUDITOR])).subarray(3).toString('utf8'),
    );
    expect(csv[2][csv[1].indexOf('networkSegment')]).toBe('LGWAN接続系');
    expect(csv[2][csv[1].indexOf('handlesPersonalInformation')]).toBe('有');
    expect(csv[2][csv[1].indexOf('startDate')]).toBe('2026-04-01');
  });

  it('exports: the same layout over every row, dates as date cells beside their era form, formula-like texts as text cells without an apostrophe', async () => {
    const { tokens } = await organizationWithRoles(testApp);
    const token = tokens[Role.ADMIN];
    const vendor = await createVendor(testApp, token, { name: '@危険な名前株式会社' });
    await createContract(testApp, token, vendor.id, {
      name: '=HYPERLINK("http://evil.example","x")',
      contractNumber: 'E-1',
      startDate: '2026-04-01',
      endDate: '2027-03-31',
      workLocation: '+81-3-0000-0000（受付）',
    });
    await createContract(testApp, token, vendor.id, { name: '通常の契約', contractNumber: "'=already", startDate: '2025-04-01' });

    const sheet = await ledgerSheet('/api/ledgers/outsourcing-contracts/export.xlsx', tokens[Role.AUDITOR]);
    expectLedgerLayout(sheet, 4);
    const fields = fieldsOf(sheet);
    const rowOf = (number: string): number =>
      [3, 4].find((row) => sheet.getRow(row).getCell(fields.indexOf('contractNumber') + 1).value === number)!;
    const cell = (row: number, field: string): Cell => sheet.getRow(row).getCell(fields.indexOf(field) + 1);
    const row = rowOf('E-1');
    expectDateCell(cell(row, 'startDate'), '2026-04-01');
    expectDateCell(cell(row, 'endDate'), '2027-03-31');
    expect(cell(row, 'endDateEra').value).toBe('令和9年3月31日');
    expect(cell(row, 'nextReviewDue').type).toBe(ValueType.Date);
    expect(cell(row, 'nextReviewDue').numFmt).toBe('yyyy/mm/dd');
    for (const [field, text] of [
      ['name', '=HYPERLINK("http://evil.example","x")'],
      ['vendorName', '@危険な名前株式会社'],
      ['workLocation', '+81-3-0000-0000（受付）'],
    ]) {
      expect({ field, type: cell(row, field).type, value: cell(row, field).value, numFmt: cell(row, field).numFmt }).toEqual({
        field,
        type: ValueType.String,
        value: text,
        numFmt: '@',
      });
    }
    // A plain text is no text-formatted cell; one that itself starts with an apostrophe keeps the escape import takes off.
    expect(cell(row, 'contractNumber').numFmt).not.toBe('@');
    expect(rowOf("''=already")).toBe(row === 3 ? 4 : 3);

    // The CSV keeps the apostrophe and the ISO dates.
    const csv = parseCsv((await download('/api/ledgers/outsourcing-contracts/export.csv', token)).subarray(3).toString('utf8'));
    const csvRow = csv.find((r) => r[csv[1].indexOf('contractNumber')] === 'E-1')!;
    expect(csvRow[csv[1].indexOf('name')]).toBe('\'=HYPERLINK("http://evil.example","x")');
    expect(csvRow[csv[1].indexOf('startDate')]).toBe('2026-04-01');

    // Read back, every cell is the text it was: the export imports as all UNCHANGED.
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await download('/api/ledgers/outsourcing-contracts/export.xlsx', token))]), 'export.xlsx');
    const response = await fetch(`${testApp.url}/api/ledgers/outsourcing-contracts/import`, {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ created: 0, updated: 0, unchanged: 2, errors: [] });
    const names = await testApp.gql('{ subjects(first: 10) { nodes { name } } }', {}, token);
    expect(names.data!.subjects.nodes.map((n: { name: string }) => n.name).sort()).toEqual([
      '=HYPERLINK("http://evil.example","x")',
      '通常の契約',
    ]);
  });
});
