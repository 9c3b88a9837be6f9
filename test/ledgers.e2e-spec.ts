import { Workbook } from 'exceljs';
import { encode } from 'iconv-lite';
import { randomBytes } from 'node:crypto';
import { Role } from '../src/common/role';
import { parseCsv } from '../src/ledgers/csv';
import { corporateNumberCheckDigit } from '../src/vendors/corporate-number';
import {
  createCloudService,
  createContract,
  createDepartment,
  createOrganization,
  createSocialMediaAccount,
  createUser,
  createVendor,
  login,
  organizationWithRoles,
  startApp,
  TestApp,
} from './support/harness';

const KINDS = ['vendors', 'outsourcing-contracts', 'cloud-services', 'social-media-accounts'] as const;

const SUBJECTS = `query($filter: SubjectFilter, $after: String) {
  subjects(filter: $filter, first: 100, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id name version riskTier confidentiality owner { email } department { name }
      compliance { status findings { code message } } nextReview { kind dueDate }
      ... on OutsourcingContract { contractNumber startDate endDate networkSegment handlesMyNumber vendor { name corporateNumber } subcontractors { name } }
      ... on CloudService { usageType purpose dataLocations vendor { name corporateNumber } }
      ... on SocialMediaAccount { platform accountName } } } }`;
const VENDORS = `{ vendors(first: 100) { totalCount nodes { id name corporateNumber certifications { type identifier validUntil } } } }`;
const AUDIT = `query($filter: AuditEventFilter) { auditEvents(filter: $filter, first: 100) { nodes { action entityType changes } } }`;

/** A corporate number with a valid check digit, different on every call. */
function corporateNumber(): string {
  const base = `9${randomBytes(6).readUIntBE(0, 6).toString().padStart(11, '0').slice(-11)}`;
  return `${corporateNumberCheckDigit(base)}${base}`;
}

function csvText(rows: (string | number)[][]): string {
  return (
    rows
      .map((row) => row.map((cell) => (/[",\r\n]/.test(String(cell)) ? `"${String(cell).replace(/"/g, '""')}"` : String(cell))).join(','))
      .join('\r\n') + '\r\n'
  );
}

const withBom = (text: string): Buffer => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);

interface ImportAnswer {
  dryRun: boolean;
  created: number;
  updated: number;
  unchanged: number;
  rows: { row: number; action: string; key: string }[];
  errors: { row: number; column: string; message: string }[];
}

describe('ledgers: import and export of the registers as spreadsheet files', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  async function upload(
    kind: string,
    bytes: Buffer,
    token: string | undefined,
    options: { dryRun?: boolean; filename?: string; field?: string } = {},
  ): Promise<{ status: number; body: any }> {
    const form = new FormData();
    form.append(options.field ?? 'file', new Blob([new Uint8Array(bytes)]), options.filename ?? 'ledger.csv');
    const query = options.dryRun === undefined ? '' : `?dryRun=${options.dryRun}`;
    const response = await fetch(`${testApp.url}/api/ledgers/${kind}/import${query}`, {
      method: 'POST',
      body: form,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  async function importOk(kind: string, bytes: Buffer, token: string, dryRun = false): Promise<ImportAnswer> {
    const { status, body } = await upload(kind, bytes, token, { dryRun });
    if (status !== 200) throw new Error(`import answered ${status}: ${JSON.stringify(body)}`);
    expect(body.errors).toEqual([]);
    return body as ImportAnswer;
  }

  async function download(
    path: string,
    token: string,
  ): Promise<{ status: number; type: string | null; disposition: string | null; bytes: Buffer }> {
    const response = await fetch(`${testApp.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      disposition: response.headers.get('content-disposition'),
      bytes: Buffer.from(await response.arrayBuffer()),
    };
  }

  async function csvRows(path: string, token: string): Promise<string[][]> {
    const file = await download(path, token);
    expect(file.status).toBe(200);
    expect(file.type).toBe('text/csv; charset=utf-8');
    expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = file.bytes.subarray(3).toString('utf8');
    // Every line ends in CRLF (line breaks inside quoted cells aside).
    expect(text.endsWith('\r\n')).toBe(true);
    expect(
      text
        .replace(/"[^"]*"/g, '')
        .split('\n')
        .every((line, i, all) => i === all.length - 1 || line.endsWith('\r')),
    ).toBe(true);
    return parseCsv(text);
  }

  async function workbook(path: string, token: string): Promise<Workbook> {
    const file = await download(path, token);
    expect(file.status).toBe(200);
    expect(file.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new Workbook();
    await book.xlsx.load(file.bytes as unknown as ArrayBuffer);
    return book;
  }

  function sheetRows(book: Workbook, name?: string): unknown[][] {
    const sheet = name ? book.getWorksheet(name)! : book.worksheets[0];
    const rows: unknown[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row, number) => {
      rows[number - 1] = (row.values as unknown[]).slice(1);
    });
    return rows;
  }

  async function subjects(token: string, filter: Record<string, unknown>): Promise<any[]> {
    const nodes: any[] = [];
    let after: string | undefined;
    for (;;) {
      const result = await testApp.gql(SUBJECTS, { filter, after }, token);
      expect(result.errors).toBeUndefined();
      nodes.push(...result.data!.subjects.nodes);
      if (!result.data!.subjects.pageInfo.hasNextPage) return nodes;
      after = result.data!.subjects.pageInfo.endCursor;
    }
  }

  it('serves every template to every role, with field names, an example and the allowed values', async () => {
    const { tokens } = await organizationWithRoles(testApp);
    for (const kind of KINDS) {
      const rows = await csvRows(`/api/ledgers/${kind}/template.csv`, tokens[Role.AUDITOR]);
      expect(rows).toHaveLength(3);
      expect(rows[0].length).toBe(rows[1].length);
      expect(rows[1]).toContain('name');
      const book = await workbook(`/api/ledgers/${kind}/template.xlsx`, tokens[Role.STAFF]);
      expect(sheetRows(book)[0]).toEqual(rows[0]);
      expect(sheetRows(book)[1]).toEqual(rows[1]);
      expect(book.getWorksheet('記入方法')).toBeDefined();
    }
    const contracts = await csvRows('/api/ledgers/outsourcing-contracts/template.csv', tokens[Role.STAFF]);
    expect(contracts[0].slice(0, 5)).toEqual(['委託契約名', '契約番号', '取引先法人番号', '取引先名', '取引先自動登録']);
    expect(contracts[0]).toEqual(expect.arrayContaining(['機密性', '契約終了日', '前回確認日', 'ネットワーク区分']));
    // The example is in the words a person types: the label, not the code.
    expect(contracts[2][contracts[1].indexOf('networkSegment')]).toBe('LGWAN接続系');
    const notes = sheetRows(await workbook('/api/ledgers/outsourcing-contracts/template.xlsx', tokens[Role.AUDITOR]), '記入方法');
    const segment = notes.find((row) => row?.[1] === 'networkSegment')!;
    expect(segment[4]).toContain('マイナンバー利用事務系（MY_NUMBER）');
    expect(segment[4]).toContain('LGWAN接続系（LGWAN）');
  });

  it('round-trips: the template imports, and its export imports again with every row UNCHANGED', async () => {
    const { tokens } = await organizationWithRoles(testApp);
    const admin = tokens[Role.ADMIN];
    for (const kind of KINDS) {
      const template = await download(`/api/ledgers/${kind}/template.xlsx`, admin);
      const first = await importOk(kind, template.bytes, tokens[Role.PROCUREMENT_OFFICER]);
      expect(first).toMatchObject({ dryRun: false, created: 1, updated: 0, unchanged: 0 });
      expect(first.rows).toEqual([expect.objectContaining({ row: 3, action: 'CREATE' })]);
      const again = await importOk(kind, template.bytes, admin);
      expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 1 });

      for (const format of ['xlsx', 'csv'] as const) {
        const exported = await download(`/api/ledgers/${kind}/export.${format}`, tokens[Role.AUDITOR]);
        expect(exported.status).toBe(200);
        const answer = await importOk(kind, exported.bytes, admin);
        expect(answer.created + answer.updated).toBe(0);
        expect(answer.unchanged).toBeGreaterThanOrEqual(1);
        expect(answer.rows.every((r) => r.action === 'UNCHANGED')).toBe(true);
      }
    }
    // Two vendors: the vendor ledger's example and the one the subjects' examples registered (same number: one).
    const vendors = await testApp.gql(VENDORS, {}, admin);
    expect(vendors.data!.vendors.totalCount).toBe(1);
    expect(vendors.data!.vendors.nodes[0].certifications).toEqual([
      { type: 'ISMS', identifier: 'IS 123456', validUntil: '2027-03-31' },
      { type: 'PRIVACY_MARK', identifier: '第10820123(05)号', validUntil: '2026-06-30' },
    ]);
  });

  it('imports a Shift_JIS CSV with Japanese headers, era dates and full-width digits, after a dry run that saves nothing', async () => {
    const { tokens, organization } = await organizationWithRoles(testApp);
    const token = tokens[Role.PROCUREMENT_OFFICER];
    const department = await createDepartment(testApp, tokens[Role.ADMIN], '資格保険料課');
    const owner = await createUser(testApp.dataSource, organization, [Role.STAFF]);
    const number = corporateNumber();
    const fullWidth = number.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    const text = csvText([
      [
        '委託契約名',
        '契約番号',
        '取引先法人番号',
        '取引先名',
        '取引先自動登録',
        '責任者メールアドレス',
        '担当部署',
        '契約開始日',
        '契約終了日',
        '機密性',
        '完全性',
        '可用性',
        'ネットワーク区分',
        '個人情報',
        'マイナンバー',
        '再委託',
        '前回確認日',
      ],
      [
        '保険料額決定通知書等印刷業務',
        'R8-委-014',
        fullWidth,
        '有限会社やまびこ印刷',
        '有',
        owner.email.toUpperCase(),
        '資格保険料課',
        '令和8年4月1日',
        'R9.3.31',
        '３',
        '2',
        '1',
        'マイナンバー利用事務系',
        '有',
        'はい',
        '無',
        '令和7年10月1日',
      ],
      [
        '広報誌編集業務',
        'R8-委-015',
        '',
        '有限会社やまびこ印刷',
        '',
        '',
        '',
        '2026/4/1',
        '令和9年3月31日',
        '1',
        '1',
        '1',
        'インターネット接続系',
        '無',
        '無',
        '無',
        '',
      ],
    ]);
    const bytes = encode(text, 'cp932');
    expect(bytes.includes(Buffer.from('委託契約名', 'utf8'))).toBe(false);

    const dry = await importOk('outsourcing-contracts', bytes, token, true);
    expect(dry).toMatchObject({ dryRun: true, created: 2, updated: 0, unchanged: 0 });
    expect(dry.rows).toEqual([
      { row: 2, action: 'CREATE', key: 'R8-委-014' },
      { row: 3, action: 'CREATE', key: 'R8-委-015' },
    ]);
    expect(await subjects(token, { kind: 'OUTSOURCING_CONTRACT' })).toEqual([]);
    expect((await testApp.gql(VENDORS, {}, token)).data!.vendors.totalCount).toBe(0);

    const real = await importOk('outsourcing-contracts', bytes, token);
    expect(real).toMatchObject({ dryRun: false, created: 2 });
    const [printing, notice] = await subjects(token, { kind: 'OUTSOURCING_CONTRACT' });
    expect(printing).toMatchObject({
      name: '保険料額決定通知書等印刷業務',
      contractNumber: 'R8-委-014',
      startDate: '2026-04-01',
      endDate: '2027-03-31',
      confidentiality: 3,
      riskTier: 'HIGH',
      networkSegment: 'MY_NUMBER',
      handlesMyNumber: true,
      owner: { email: owner.email },
      department: { name: department.name },
      vendor: { name: '有限会社やまびこ印刷', corporateNumber: number },
      // A HIGH contract is reviewed every 6 months, counted from the confirmation before registration.
      nextReview: { kind: 'PERIODIC', dueDate: '2026-04-01' },
    });
    expect(printing.compliance.status).toBe('NON_COMPLIANT');
    // The second row found the vendor the first one registered, by its exact name.
    expect(notice).toMatchObject({ contractNumber: 'R8-委-015', vendor: { corporateNumber: number }, nextReview: { kind: 'INITIAL' } });

    const audit = await testApp.gql(AUDIT, { filter: { action: 'LEDGER_IMPORTED' } }, tokens[Role.ADMIN]);
    expect(audit.data!.auditEvents.nodes).toHaveLength(1);
    expect(audit.data!.auditEvents.nodes[0].entityType).toBe('Ledger');
    expect(JSON.parse(audit.data!.auditEvents.nodes[0].changes)).toMatchObject({
      kind: [null, 'outsourcing-contracts'],
      created: [null, 2],
      updated: [null, 0],
      unchanged: [null, 0],
    });
    const created = await testApp.gql(AUDIT, { filter: { action: 'SUBJECT_CREATED' } }, tokens[Role.ADMIN]);
    expect(created.data!.auditEvents.nodes).toHaveLength(2);
  });

  it('imports a UTF-8 CSV with a BOM, Japanese headers and Heisei/Reiwa dates', async () => {
    const { tokens } = await organizationWithRoles(testApp);
    const token = tokens[Role.ADMIN];
    const vendor = await createVendor(testApp, token, { name: 'さくらクラウド株式会社', corporateNumber: corporateNumber() });
    const text = csvText([
      ['サービス名', '取引先名', '利用形態', '利用目的', 'データ保存場所', '個人情報', '機密性', '完全性', '可用性', '前回確認日'],
      ['オンライン会議ツール', 'さくらクラウド株式会社', '約款型', '打合せ', 'jp、us', 'いいえ', '2', '1', '1', '平成31年4月30日'],
      ['電子申請サービス', 'さくらクラウド株式会社', 'CONTRACT', '申請の受付', 'JP', 'はい', '2', '1', '2', '令和元年5月1日'],
    ]);
    const answer = await importOk('cloud-services', withBom(text), token);
    expect(answer.rows).toEqual([
      { row: 2, action: 'CREATE', key: 'さくらクラウド株式会社 / オンライン会議ツール' },
      { row: 3, action: 'CREATE', key: 'さくらクラウド株式会社 / 電子申請サービス' },
    ]);
    const [meeting, application] = await subjects(token, { kind: 'CLOUD_SERVICE' });
    expect(meeting).toMatchObject({
      usageType: 'TERMS_OF_SERVICE',
      dataLocations: ['JP', 'US'],
      vendor: { name: vendor.name },
      riskTier: 'MEDIUM',
    });
    // MEDIUM: yearly, from the confirmation before registration; long past, so already overdue.
    expect(meeting.nextReview).toEqual({ kind: 'PERIODIC', dueDate: '2020-04-30' });
    expect(meeting.compliance.findings.map((f: { code: string }) => f.code)).toEqual(
      expect.arrayContaining(['TOS_SERVICE_WITH_CONFIDENTIAL_DATA', 'REVIEW_OVERDUE']),
    );
    expect(application).toMatchObject({ usageType: 'CONTRACT', nextReview: { kind: 'PERIODIC', dueDate: '2020-05-01' } });
  });

  it('imports an .xlsx typed by hand: formulas as their values, Excel dates and serials, numbers in text columns', async () => {
    const { tokens } = await organizationWithRoles(testApp);
    const token = tokens[Role.PROCUREMENT_OFFICER];
    const number = corporateNumber();
    const book = new Workbook();
    book.addWorksheet('表紙').addRow(['令和8年度 委託契約一覧']);
    const sheet = book.addWorksheet('一覧');
    sheet.addRow([
      '委託契約名',
      '契約番号',
      '取引先法人番号',
      '取引先名',
      '取引先自動登録',
      '契約開始日',
      '契約終了日',
      '機密性',
      '完全性',
      '可用性',
      'ネットワーク区分',
      '個人情報',
      'マイナンバー',
      '再委託',
      '前回確認日',
    ]);
    sheet.addRow([
      { richText: [{ text: '電算システム' }, { text: '保守業務' }] },
      2026001,
      Number(number),
      { formula: '"北斗"&"データ株式会社"', result: '北斗データ株式会社' },
      true,
      new Date(Date.UTC(2026, 3, 1)),
      46477,
      { formula: '1+1', result: 2 },
      1,
      1,
      'LGWAN',
      false,
      { formula: 'IF(1>2,"有","無")', result: '無' },
      '無',
      'R7.9.30',
    ]);
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    const answer = await importOk('outsourcing-contracts', bytes, token);
    expect(answer.rows).toEqual([{ row: 2, action: 'CREATE', key: '2026001' }]);
    const [contract] = await subjects(token, { kind: 'OUTSOURCING_CONTRACT' });
    expect(contract).toMatchObject({
      name: '電算システム保守業務',
      contractNumber: '2026001',
      startDate: '2026-04-01',
      endDate: '2027-03-31',
      confidentiality: 2,
      handlesMyNumber: false,
      vendor: { name: '北斗データ株式会社', corporateNumber: number },
      nextReview: { kind: 'PERIODIC', dueDate: '2026-09-30' },
    });
  });

  it('imports a ledger of several hundred rows in one go (planner statistics refreshed on the way)', async () => {
    const { tokens } = await organizationWithRoles(testApp);
    const rows: string[][] = [['名称', 'プラットフォーム', 'アカウント名', 'URL', '利用目的', '可用性']];
    for (let i = 0; i < 600; i++)
      rows.push([`アカウント${i}`, i % 2 ? 'X' : 'YouTube', `@acct_${i}`, `https://example.jp/${i}`, '広報', String((i % 2) + 1)]);
    const answer = await importOk('social-media-accounts', withBom(csvText(rows)), tokens[Role.PROCUREMENT_OFFICER]);
    expect(answer).toMatchObject({ created: 600, updated: 0, unchanged: 0 });
    expect(answer.rows[599]).toEqual({ row: 601, action: 'CREATE', key: 'X（旧Twitter） @acct_599' });
    const count = await testApp.gql('{ subjects(first: 1) { totalCount } }', {}, tokens[Role.AUDITOR]);
    expect(count.data!.subjects.totalCount).toBe(600);
  });

  it('reports exactly the three bad rows with row and column, saves nothing, and answers 422 for the real import', async () => {
    const { tokens, organization } = await organizationWithRoles(testApp);
    const token = tokens[Role.PROCUREMENT_OFFICER];
    const owner = await createUser(testApp.dataSource, organization, [Role.STAFF]);
    const header = [
      '委託契約名',
      '契約番号',
      '取引先名',
      '取引先自動登録',
      '責任者メールアドレス',
      '契約開始日',
      '機密性',
      '完全性',
      '可用性',
      'ネットワーク区分',
      '個人情報',
      'マイナンバー',
      '再委託',
    ];
    const fields = [
      'name',
      'contractNumber',
      'vendorName',
      'createVendor',
      'ownerEmail',
      'startDate',
      'confidentiality',
      'integrity',
      'availability',
      'networkSegment',
      'handlesPersonalInformation',
      'handlesMyNumber',
      'subcontractingAllowed',
    ];
    const good = (n: number): string[] => [
      `業務${n}`,
      `C-${n}`,
      '新規株式会社',
      '有',
      owner.email,
      '2026-04-01',
      '1',
      '1',
      '1',
      'LGWAN',
      '無',
      '無',
      '無',
    ];
    const rows = [header, fields, good(1), good(2), good(3), good(4), good(5), good(6)];
    rows[3][6] = '4'; // row 4: confidentiality out of range
    rows[4][5] = '2026/2/30'; // row 5: no such day
    rows[6][4] = 'nobody@example.jp'; // row 7: unknown owner
    const bytes = withBom(csvText(rows));

    const dry = await upload('outsourcing-contracts', bytes, token, { dryRun: true });
    expect(dry.status).toBe(200);
    const expected = [
      { row: 4, column: '機密性', message: expect.stringContaining('1〜3') },
      { row: 5, column: '契約開始日', message: expect.stringContaining('2026/2/30') },
      { row: 7, column: '責任者メールアドレス', message: expect.stringContaining('nobody@example.jp') },
    ];
    expect(dry.body.errors).toEqual(expected);
    expect(dry.body.rows.map((r: { row: number }) => r.row)).toEqual([3, 6, 8]);

    const real = await upload('outsourcing-contracts', bytes, token, { dryRun: false });
    expect(real.status).toBe(422);
    expect(real.body).toMatchObject({ dryRun: false, errors: expected });
    expect(await subjects(token, { kind: 'OUTSOURCING_CONTRACT' })).toEqual([]);
    // Not even the vendor the good rows registered.
    expect((await testApp.gql(VENDORS, {}, token)).data!.vendors.totalCount).toBe(0);
    const audit = await testApp.gql(AUDIT, { filter: {} }, tokens[Role.ADMIN]);
    expect(audit.data!.auditEvents.nodes.map((e: { action: string }) => e.action)).not.toEqual(expect.arrayContaining(['LEDGER_IMPORTED']));
  });

  it('reports what the services refuse (end before start, duplicate keys in the file) in the dry run', async () => {
    const { tokens } = await organizationWithRoles(testApp);
    const text = csvText([
      ['名称', 'プラットフォーム', 'アカウント名', 'URL', '利用目的'],
      ['公式X', 'X', '@dup', 'https://x.com/dup', '広報'],
      ['公式X（重複）', 'x（旧twitter）', '@dup', 'https://x.com/dup', '広報'],
      ['公式YouTube', 'YouTube', '@tube', 'ftp://bad', '広報'],
    ]);
    const answer = await upload('social-media-accounts', Buffer.from(text), tokens[Role.ADMIN], { dryRun: true });
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toEqual([
      { row: 3, column: 'アカウント名', message: expect.stringContaining('2行目') },
      { row: 4, column: 'URL', message: expect.stringContaining('http') },
    ]);
    const contract = csvText([
      [
        '委託契約名',
        '契約番号',
        '取引先名',
        '取引先自動登録',
        '契約開始日',
        '契約終了日',
        '機密性',
        '完全性',
        '可用性',
        'ネットワーク区分',
        '個人情報',
        'マイナンバー',
        '再委託',
      ],
      ['逆転契約', 'C-1', '新規株式会社', '有', '2026-04-01', '2026-03-31', '1', '1', '1', 'LGWAN', '無', '無', '無'],
    ]);
    const refused = await upload('outsourcing-contracts', Buffer.from(contract), tokens[Role.ADMIN], { dryRun: true });
    expect(refused.body.errors).toEqual([{ row: 2, column: '契約終了日', message: expect.stringContaining('契約開始日以降') }]);
  });

  it('updates on re-import, leaving blank cells as they are', async () => {
    const { tokens } = await organizationWithRoles(testApp);
    const token = tokens[Role.ADMIN];
    const header = [
      '委託契約名',
      '契約番号',
      '取引先名',
      '取引先自動登録',
      '契約開始日',
      '契約終了日',
      '機密性',
      '完全性',
      '可用性',
      'ネットワーク区分',
      '個人情報',
      'マイナンバー',
      '再委託',
      '作業場所',
    ];
    const first = csvText([
      header,
      ['保守業務', 'M-1', '保守株式会社', '有', '2026-04-01', '2027-03-31', '1', '1', '1', 'LGWAN', '無', '無', '無', '本社'],
      ['運用業務', 'M-2', '保守株式会社', '', '2026-04-01', '', '1', '1', '1', 'LGWAN', '無', '無', '無', '庁舎'],
    ]);
    await importOk('outsourcing-contracts', Buffer.from(first), token);
    const [before] = await subjects(token, { kind: 'OUTSOURCING_CONTRACT', search: '保守業務' });

    const second = csvText([
      header,
      ['保守業務', 'M-1', '', '', '', '', '2', '', '', '', '', '', '', ''],
      ['運用業務', 'M-2', '保守株式会社', '', '2026-04-01', '', '1', '1', '1', 'LGWAN', '無', '無', '無', '庁舎'],
    ]);
    const answer = await importOk('outsourcing-contracts', Buffer.from(second), token);
    expect(answer).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect(answer.rows).toEqual([
      { row: 2, action: 'UPDATE', key: 'M-1' },
      { row: 3, action: 'UNCHANGED', key: 'M-2' },
    ]);
    const [after] = await subjects(token, { kind: 'OUTSOURCING_CONTRACT', search: '保守業務' });
    expect(after).toMatchObject({
      id: before.id,
      version: before.version + 1,
      confidentiality: 2,
      riskTier: 'MEDIUM',
      endDate: '2027-03-31',
      startDate: '2026-04-01',
    });
    const updated = await testApp.gql(AUDIT, { filter: { action: 'SUBJECT_UPDATED' } }, token);
    expect(updated.data!.auditEvents.nodes.map((e: { changes: string }) => JSON.parse(e.changes))).toEqual([{ confidentiality: [1, 2] }]);
    expect((await subjects(token, { kind: 'OUTSOURCING_CONTRACT' })).length).toBe(2);
  });

  it("refuses another organization's vendor and users: they are not found", async () => {
    const { tokens } = await organizationWithRoles(testApp);
    const other = await organizationWithRoles(testApp);
    const theirNumber = corporateNumber();
    await createVendor(testApp, other.tokens[Role.ADMIN], { name: '他団体の委託先', corporateNumber: theirNumber });
    const theirUser = await createUser(testApp.dataSource, other.organization, [Role.STAFF]);
    const text = csvText([
      [
        '委託契約名',
        '契約番号',
        '取引先法人番号',
        '責任者メールアドレス',
        '契約開始日',
        '機密性',
        '完全性',
        '可用性',
        'ネットワーク区分',
        '個人情報',
        'マイナンバー',
        '再委託',
      ],
      ['越境契約', 'X-1', theirNumber, theirUser.email, '2026-04-01', '1', '1', '1', 'LGWAN', '無', '無', '無'],
    ]);
    const answer = await upload('outsourcing-contracts', Buffer.from(text), tokens[Role.ADMIN], { dryRun: false });
    expect(answer.status).toBe(422);
    expect(answer.body.errors).toEqual(
      expect.arrayContaining([{ row: 2, column: '取引先法人番号', message: expect.stringContaining(theirNumber) }]),
    );
    const owner = csvText([
      ['名称', 'プラットフォーム', 'アカウント名', 'URL', '利用目的', '責任者メールアドレス'],
      ['公式X', 'X', '@cross', 'https://x.com/cross', '広報', theirUser.email],
    ]);
    const refused = await upload('social-media-accounts', Buffer.from(owner), tokens[Role.ADMIN], { dryRun: false });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ row: 2, column: '責任者メールアドレス', message: expect.stringContaining('見つかりません') }]);
    expect(await subjects(tokens[Role.ADMIN], {})).toEqual([]);
    // Their vendor is untouched and still theirs alone.
    expect((await testApp.gql(VENDORS, {}, other.tokens[Role.ADMIN])).data!.vendors.totalCount).toBe(1);
  });

  it('escapes formula-like cells on export and reads them back unchanged', async () => {
    const { tokens } = await organizationWithRoles(testApp);
    const token = tokens[Role.ADMIN];
    const vendor = await createVendor(testApp, token, { name: '@危険な名前株式会社' });
    await createCloudService(testApp, token, vendor.id, {
      name: '=HYPERLINK("http://evil.example","x")',
      purpose: '+cmd|calc',
      serviceUrl: null,
    });
    await createContract(testApp, token, vendor.id, { name: '-2+3', contractNumber: "'=already", workLocation: '+81-3-0000-0000（受付）' });

    const cloudCsv = await csvRows('/api/ledgers/cloud-services/export.csv', token);
    const row = cloudCsv[2];
    expect(row[cloudCsv[1].indexOf('name')]).toBe('\'=HYPERLINK("http://evil.example","x")');
    expect(row[cloudCsv[1].indexOf('purpose')]).toBe("'+cmd|calc");
    expect(row[cloudCsv[1].indexOf('vendorName')]).toBe("'@危険な名前株式会社");
    const cloudBook = sheetRows(await workbook('/api/ledgers/cloud-services/export.xlsx', token));
    // The .xlsx holds it in a text cell, with no apostrophe to see.
    expect(cloudBook[2][cloudCsv[1].indexOf('name')]).toBe('=HYPERLINK("http://evil.example","x")');
    const contractCsv = await csvRows('/api/ledgers/outsourcing-contracts/export.csv', token);
    expect(contractCsv[2][contractCsv[1].indexOf('name')]).toBe("'-2+3");
    expect(contractCsv[2][contractCsv[1].indexOf('contractNumber')]).toBe("''=already");
    expect(contractCsv[2][contractCsv[1].indexOf('workLocation')]).toBe("'+81-3-0000-0000（受付）");

    for (const kind of ['cloud-services', 'outsourcing-contracts', 'vendors']) {
      for (const format of ['csv', 'xlsx']) {
        const exported = await download(`/api/ledgers/${kind}/export.${format}`, token);
        const answer = await importOk(kind, exported.bytes, token);
        expect(answer).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
      }
    }
  });

  it('answers a file that is not a spreadsheet with 400 BAD_USER_INPUT, and other failures in the error shape', async () => {
    const { tokens } = await organizationWithRoles(testApp);
    const token = tokens[Role.ADMIN];
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), randomBytes(200)]);
    const brokenZip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(300)]);
    const prose = Buffer.from('これは台帳ではありません。\nただの文章です。\n');
    for (const bytes of [png, brokenZip, prose, Buffer.alloc(0), Buffer.from('"unterminated,quote\r\n')]) {
      const answer = await upload('outsourcing-contracts', bytes, token, { dryRun: true });
      expect({ status: answer.status, code: answer.body.error?.code }).toEqual({ status: 400, code: 'BAD_USER_INPUT' });
      expect(typeof answer.body.error.message).toBe('string');
    }
    const noFile = await upload('vendors', Buffer.from('x'), token, { field: 'other' });
    expect({ status: noFile.status, code: noFile.body.error?.code }).toEqual({ status: 400, code: 'BAD_USER_INPUT' });
    const badFlag = await fetch(`${testApp.url}/api/ledgers/vendors/import?dryRun=maybe`, {
      method: 'POST',
      body: new FormData(),
      headers: { authorization: `Bearer ${token}` },
    });
    expect(badFlag.status).toBe(400);

    const unknownKind = await upload('spaceships', Buffer.from('a,b'), token);
    expect({ status: unknownKind.status, body: unknownKind.body }).toEqual({
      status: 404,
      body: { error: { code: 'NOT_FOUND', message: expect.any(String) } },
    });
    for (const path of ['/api/ledgers/vendors/template.pdf', '/api/ledgers/cloud-services/export.json', '/api/reports/other.xlsx']) {
      const missing = await fetch(`${testApp.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      expect({ path, status: missing.status, body: await missing.json() }).toEqual({
        path,
        status: 404,
        body: { error: { code: 'NOT_FOUND', message: expect.any(String) } },
      });
    }
    const anonymous = await upload('vendors', Buffer.from('取引先名\r\nx\r\n'), undefined);
    expect({ status: anonymous.status, code: anonymous.body.error?.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    const tooLarge = await upload('vendors', Buffer.alloc(20 * 1024 * 1024 + 1, 0x41), token);
    expect({ status: tooLarge.status, code: tooLarge.body.error?.code }).toEqual({ status: 413, code: 'BAD_USER_INPUT' });
    const badFilter = await fetch(`${testApp.url}/api/ledgers/outsourcing-contracts/export.csv?ownerId=nope`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect({ status: badFilter.status, body: await badFilter.json() }).toEqual({
      status: 400,
      body: { error: expect.objectContaining({ code: 'BAD_USER_INPUT' }) },
    });
    const anonymousExport = await fetch(`${testApp.url}/api/reports/compliance.xlsx`);
    expect({ status: anonymousExport.status, body: await anonymousExport.json() }).toEqual({
      status: 401,
      body: { error: { code: 'UNAUTHENTICATED', message: expect.any(String) } },
    });
    const badStatus = await fetch(`${testApp.url}/api/ledgers/outsourcing-contracts/export.csv?complianceStatus=GREAT`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(badStatus.status).toBe(400);
  });

  it('lets only ADMIN and PROCUREMENT_OFFICER import', async () => {
    const { tokens } = await organizationWithRoles(testApp);
    const text = Buffer.from(csvText([['取引先名'], ['株式会社テスト']]));
    for (const role of [Role.STAFF, Role.AUDITOR, Role.SECURITY_OFFICER]) {
      const answer = await upload('vendors', text, tokens[role], { dryRun: true });
      expect({ role, status: answer.status, body: answer.body }).toEqual({
        role,
        status: 403,
        body: { error: { code: 'FORBIDDEN', message: expect.any(String) } },
      });
    }
    expect((await upload('vendors', text, tokens[Role.PROCUREMENT_OFFICER], { dryRun: true })).status).toBe(200);
    // A user of another organization cannot reach this one's data through its own token either: exports show only its own rows.
    const stranger = await createOrganization(testApp.dataSource);
    const strangerToken = await login(testApp, stranger.code, stranger.adminEmail);
    expect((await csvRows('/api/ledgers/vendors/export.csv', strangerToken)).length).toBe(2);
  });

  it('exports the same rows and compliance as the subjects query, with its filters', async () => {
    const { tokens, userIds } = await organizationWithRoles(testApp);
    const token = tokens[Role.ADMIN];
    const department = await createDepartment(testApp, token);
    const vendor = await createVendor(testApp, token, { name: '比較株式会社', corporateNumber: corporateNumber() });
    await createContract(testApp, token, vendor.id, { name: '責任者なし', contractNumber: 'E-1' });
    await createContract(testApp, token, vendor.id, {
      name: '責任者あり',
      contractNumber: 'E-2',
      ownerId: userIds[Role.STAFF],
      departmentId: department.id,
      confidentiality: 2,
    });
    await createContract(testApp, token, vendor.id, {
      name: '終了済み',
      contractNumber: 'E-3',
      ownerId: userIds[Role.STAFF],
      startDate: '2020-04-01',
      endDate: '2021-03-31',
    });
    await createCloudService(testApp, token, vendor.id, { name: '別の区分' });
    await createSocialMediaAccount(testApp, token);

    const labels: Record<string, string> = { COMPLIANT: '適合', PENDING_REVIEW: '確認待ち', NON_COMPLIANT: '不適合' };
    for (const [query, filter] of [
      ['', {}],
      ['?complianceStatus=NON_COMPLIANT', { complianceStatus: 'NON_COMPLIANT' }],
      [`?departmentId=${department.id}`, { departmentId: department.id }],
      ['?findingCode=CONTRACT_ENDED', { findingCode: 'CONTRACT_ENDED' }],
      ['?search=%E8%B2%AC%E4%BB%BB%E8%80%85', { search: '責任者' }],
    ] as const) {
      const expected = await subjects(token, { kind: 'OUTSOURCING_CONTRACT', ...filter });
      const rows = await csvRows(`/api/ledgers/outsourcing-contracts/export.csv${query}`, tokens[Role.AUDITOR]);
      const fields = rows[1];
      const data = rows.slice(2);
      expect(data.map((r) => r[fields.indexOf('name')])).toEqual(expected.map((s) => s.name));
      expect(data.map((r) => r[fields.indexOf('complianceStatus')])).toEqual(expected.map((s) => labels[s.compliance.status]));
      expect(data.map((r) => r[fields.indexOf('findings')])).toEqual(
        expected.map((s) => s.compliance.findings.map((f: { message: string }) => f.message).join('\n')),
      );
      expect(data.map((r) => r[fields.indexOf('nextReviewDue')])).toEqual(expected.map((s) => s.nextReview?.dueDate ?? ''));
      const book = sheetRows(await workbook(`/api/ledgers/outsourcing-contracts/export.xlsx${query}`, tokens[Role.STAFF]));
      expect(book.length - 2).toBe(expected.length);
    }
    const ended = (await subjects(token, { kind: 'OUTSOURCING_CONTRACT', findingCode: 'CONTRACT_ENDED' }))[0];
    const rows = await csvRows('/api/ledgers/outsourcing-contracts/export.csv?findingCode=CONTRACT_ENDED', token);
    const fields = rows[1];
    expect(rows[2][fields.indexOf('endDate')]).toBe('2021-03-31');
    expect(rows[2][fields.indexOf('endDateEra')]).toBe('令和3年3月31日');
    expect(rows[2][fields.indexOf('riskTier')]).toBe('低');
    expect(rows[2][fields.indexOf('findings')]).toContain('契約期間が終了した契約が有効のままです。');
    expect(ended.name).toBe('終了済み');

    // The self-inspection workbook: a summary, one gap row per finding, overdue reviews and every requirement status.
    const report = await workbook('/api/reports/compliance.xlsx', tokens[Role.AUDITOR]);
    expect(report.worksheets.map((s) => s.name)).toEqual(['概要', '指摘事項', '確認期限超過', '要件の確認状況']);
    const all = await subjects(token, {});
    const findings = all.reduce((n, s) => n + s.compliance.findings.length, 0);
    expect(sheetRows(report, '指摘事項').length - 1).toBe(findings);
    const summary = sheetRows(report, '概要');
    const contracts = summary.find((row) => row?.[0] === '委託契約')!;
    expect(contracts.slice(1, 5)).toEqual([
      3,
      ...['COMPLIANT', 'PENDING_REVIEW', 'NON_COMPLIANT'].map(
        (s) => all.filter((x) => x.contractNumber && x.compliance.status === s).length,
      ),
    ]);
    expect(summary.find((row) => row?.[0] === department.name)?.[1]).toBe(1);
    const evidence = sheetRows(report, '要件の確認状況');
    expect(evidence.length).toBeGreaterThan(all.length);
    expect(evidence.slice(1).every((row) => row[4] === '未記録')).toBe(true);
  });
});
