import { randomUUID } from 'node:crypto';
import { Role } from '../src/common/role';
import { parseCsv } from '../src/ledgers/csv';
import { toEraDate } from '../src/ledgers/era-date';
import { corporateNumberCheckDigit } from '../src/vendors/corporate-number';
import {
  createCloudService,
  createContract,
  createSocialMediaAccount,
  createVendor,
  organizationWithRoles,
  startApp,
  TestApp,
  tokyoDate,
} from './support/harness';

const KINDS = ['vendors', 'outsourcing-contracts', 'cloud-services', 'social-media-accounts'] as const;

const CONTRACTS = `{ subjects(filter: { kind: OUTSOURCING_CONTRACT }, first: 100) {
  nodes { id name version ... on OutsourcingContract { contractNumber vendor { id } } } } }`;
const SUBJECT = `query($id: ID!) { subject(id: $id) { nextReview { id } requirements { applicable requirement { code } } } }`;
const COMPLETE = `mutation($input: CompleteReviewInput!) { completeReview(input: $input) { id status } }`;

interface ImportAnswer {
  dryRun: boolean;
  created: number;
  updated: number;
  unchanged: number;
  rows: { row: number; action: string; key: string }[];
  errors: { row: number; column: string; message: string }[];
}

function corporateNumber(seed: number): string {
  const base = `8${String(seed).padStart(11, '0')}`;
  return `${corporateNumberCheckDigit(base)}${base}`;
}

function csvText(rows: string[][]): string {
  return (
    rows.map((row) => row.map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',')).join('\r\n') + '\r\n'
  );
}

const withBom = (text: string): Buffer => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);

describe('ledgers: every export imports back, and an import says exactly what it did', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  async function upload(kind: string, bytes: Buffer, token: string, dryRun: boolean): Promise<{ status: number; body: ImportAnswer }> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)]), 'ledger.csv');
    const response = await fetch(`${testApp.url}/api/ledgers/${kind}/import?dryRun=${dryRun}`, {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: response.status, body: (await response.json()) as ImportAnswer };
  }

  async function download(path: string, token: string): Promise<Buffer> {
    const response = await fetch(`${testApp.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    return Buffer.from(await response.arrayBuffer());
  }

  async function csvRows(path: string, token: string): Promise<string[][]> {
    return parseCsv((await download(path, token)).subarray(3).toString('utf8'));
  }

  it('imports the export of every ledger back as all UNCHANGED, with every optional field empty and no natural key to go by', async () => {
    const { tokens } = await organizationWithRoles(testApp);
    const token = tokens[Role.PROCUREMENT_OFFICER];
    // Two vendors of one name and no corporate number: the vendor ledger cannot tell them apart by its natural key.
    const first = await createVendor(testApp, token, { name: '同名商事' });
    const second = await createVendor(testApp, token, { name: '同名商事' });
    const numbered = await createVendor(testApp, token, { name: '番号株式会社', corporateNumber: corporateNumber(1) });
    // Contracts registered through the API without a contract number, with vendors known only by that shared name.
    await createContract(testApp, token, first.id, { name: '窓口業務委託' });
    await createContract(testApp, token, second.id, { name: '窓口業務委託' });
    // Two cloud services of one vendor and one name; one of a vendor whose name is shared.
    await createCloudService(testApp, token, numbered.id, { name: '同名サービス' });
    await createCloudService(testApp, token, numbered.id, { name: '同名サービス' });
    await createCloudService(testApp, token, first.id, { name: 'ファイル共有' });
    await createSocialMediaAccount(testApp, token);
    const expected: Record<(typeof KINDS)[number], number> = {
      vendors: 3,
      'outsourcing-contracts': 2,
      'cloud-services': 3,
      'social-media-accounts': 1,
    };

    for (const kind of KINDS) {
      for (const format of ['csv', 'xlsx'] as const) {
        const exported = await download(`/api/ledgers/${kind}/export.${format}`, tokens[Role.AUDITOR]);
        for (const dryRun of [true, false]) {
          const { status, body } = await upload(kind, exported, token, dryRun);
          expect({ kind, format, dryRun, status, errors: body.errors }).toEqual({ kind, format, dryRun, status: 200, errors: [] });
          expect(body).toMatchObject({ created: 0, updated: 0, unchanged: expected[kind] });
          expect(body.rows.map((r) => r.action)).toEqual(Array(expected[kind]).fill('UNCHANGED'));
        }
      }
    }
  });

  it('updates the entry a row names by its 登録ID, and refuses an ID that is not one of this ledger', async () => {
    const { tokens } = await organizationWithRoles(testApp);
    const other = await organizationWithRoles(testApp);
    const token = tokens[Role.ADMIN];
    const vendor = await createVendor(testApp, token, { name: '委託先株式会社' });
    const renamed = await createContract(testApp, token, vendor.id, { name: '旧名称' });
    const numbered = await createContract(testApp, token, vendor.id, { name: '番号なし' });
    const theirs = await createContract(testApp, other.tokens[Role.ADMIN], (await createVendor(testApp, other.tokens[Role.ADMIN])).id);

    const rows = await csvRows('/api/ledgers/outsourcing-contracts/export.csv', token);
    const [headers, fields] = rows;
    const column = (field: string): number => fields.indexOf(field);
    expect(headers[headers.length - 1]).toBe('登録ID');
    const rowOf = (id: string): string[] => rows.find((row) => row[column('recordId')] === id)!;
    rowOf(renamed.id)[column('name')] = '新名称';
    rowOf(numbered.id)[column('contractNumber')] = 'R8-委-100';
    const answer = await upload('outsourcing-contracts', withBom(csvText(rows)), token, false);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ created: 0, updated: 2, unchanged: 0, errors: [] });
    const contracts = (await testApp.gql(CONTRACTS, {}, token)).data!.subjects.nodes;
    expect(contracts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: renamed.id, name: '新名称', contractNumber: null, version: renamed.version + 1 }),
        expect.objectContaining({ id: numbered.id, name: '番号なし', contractNumber: 'R8-委-100' }),
      ]),
    );

    const unknown = randomUUID();
    rowOf(renamed.id)[column('recordId')] = unknown;
    rowOf(numbered.id)[column('recordId')] = theirs.id;
    const refused = await upload('outsourcing-contracts', withBom(csvText(rows)), token, true);
    const notHere = (id: string, row: number): object => ({
      row,
      column: '登録ID',
      message: `登録ID「${id}」の委託契約はこの団体の台帳にありません。新規に登録する行では登録IDを空欄にしてください。`,
    });
    // Rows as the spreadsheet numbers them: the first header row is 1.
    const numberOf = (id: string): number => rows.findIndex((row) => row[column('recordId')] === id) + 1;
    expect(refused.body.errors).toEqual(
      [notHere(unknown, numberOf(unknown)), notHere(theirs.id, numberOf(theirs.id))].sort(
        (a, b) => (a as { row: number }).row - (b as { row: number }).row,
      ),
    );
    // The same entry twice in one file: once by its ID, once by its (new) contract number.
    const twice = csvText([
      ['委託契約名', '契約番号', '登録ID'],
      ['番号なし', '', numbered.id],
      ['番号なし（重複）', 'R8-委-100', ''],
    ]);
    const duplicate = await upload('outsourcing-contracts', withBom(twice), token, true);
    expect(duplicate.body.errors).toEqual([{ row: 3, column: '契約番号', message: '同じキー（R8-委-100）の行が2行目にもあります。' }]);
  });

  it('exports 前回確認日 as the day of the latest completed review', async () => {
    const { tokens } = await organizationWithRoles(testApp);
    const token = tokens[Role.ADMIN];
    const registered = tokyoDate(-700);
    const reviewed = await createSocialMediaAccount(testApp, token, { name: '確認済み', lastReviewedOn: registered });
    await createSocialMediaAccount(testApp, token, { name: '未確認', lastReviewedOn: registered });
    const { nextReview, requirements } = (await testApp.gql(SUBJECT, { id: reviewed.id }, token)).data!.subject;
    const answers = requirements
      .filter((r: { applicable: boolean }) => r.applicable)
      .map((r: { requirement: { code: string } }) => ({ requirementCode: r.requirement.code, result: 'CONFIRMED' }));
    const completed = await testApp.gql(COMPLETE, { input: { reviewId: nextReview.id, ownerConfirmed: true, answers } }, token);
    expect(completed.errors).toBeUndefined();

    const rows = await csvRows('/api/ledgers/social-media-accounts/export.csv', tokens[Role.AUDITOR]);
    const fields = rows[1];
    const byName = (name: string): string[] => rows.find((row) => row[fields.indexOf('name')] === name)!;
    const today = tokyoDate();
    expect(byName('確認済み')[fields.indexOf('lastReviewedOn')]).toBe(today);
    expect(byName('確認済み')[fields.indexOf('lastReviewedOnEra')]).toBe(toEraDate(today));
    expect(byName('未確認')[fields.indexOf('lastReviewedOn')]).toBe(registered);
    // 前回確認日 is read only when a row registers an entry: the export still imports back unchanged.
    const again = await upload(
      'social-media-accounts',
      await download('/api/ledgers/social-media-accounts/export.xlsx', token),
      token,
      false,
    );
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 2, errors: [] });
  });

  it('counts nothing for a refused real import, while its dry run reports what each row would do', async () => {
    const { tokens } = await organizationWithRoles(testApp);
    const token = tokens[Role.PROCUREMENT_OFFICER];
    const rows = [['名称', 'プラットフォーム', 'アカウント名', 'URL', '利用目的', '可用性']];
    for (let i = 1; i <= 5; i++) rows.push([`公式${i}`, 'X', `@acct_${i}`, `https://x.com/acct_${i}`, '広報', '1']);
    rows.push(['公式6', 'X', '@acct_6', 'https://x.com/acct_6', '広報', '3']);
    const bytes = withBom(csvText(rows));
    const error = { row: 7, column: '可用性', message: '1〜2 の整数で入力してください（3）。' };

    const dry = await upload('social-media-accounts', bytes, token, true);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, created: 5, updated: 0, unchanged: 0, errors: [error] });
    expect(dry.body.rows.map((r) => [r.row, r.action])).toEqual([2, 3, 4, 5, 6].map((row) => [row, 'CREATE']));

    const real = await upload('social-media-accounts', bytes, token, false);
    expect(real.status).toBe(422);
    expect(real.body).toEqual({ dryRun: false, created: 0, updated: 0, unchanged: 0, rows: [], errors: [error] });
    const count = await testApp.gql('{ subjects(first: 1) { totalCount } }', {}, token);
    expect(count.data!.subjects.totalCount).toBe(0);
  });

  it('reports every bad cell of every row in one dry run, and the same errors when the real import is refused', async () => {
    const { tokens } = await organizationWithRoles(testApp);
    const token = tokens[Role.ADMIN];
    await createVendor(testApp, token, { name: '既存株式会社' });
    const text = csvText([
      [
        '委託契約名',
        '契約番号',
        '取引先名',
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
        '再委託先',
      ],
      [
        '業務A',
        'C-1',
        '未登録株式会社',
        'nobody@example.jp',
        '存在しない課',
        '平成31年5月1日',
        '',
        '4',
        '1',
        '1',
        '閉域網',
        'たぶん',
        '無',
        '無',
        '未登録再委託先',
      ],
      ['業務B', 'C-2', '既存株式会社', '', '', '2026-04-01', '2026-03-31', '1', '3', '1', 'LGWAN', '無', '無', '無', ''],
      ['', '', '既存株式会社', 'BAD-EMAIL', '', '', '', '', '', '', '', '', '', '', ''],
      ['業務D', 'C-4', '既存株式会社', '', '', '2026-04-01', '', '1', '1', '1', 'LGWAN', '', '', '無', ''],
      ['業務E', 'C-5', '既存株式会社', '', '', '2026-04-01', '', '1', '1', '1', 'LGWAN', '無', '無', '無', ''],
    ]);
    const expected = [
      {
        row: 2,
        column: '契約開始日',
        message: '平成31年5月1日は存在しません（平成は2019年4月30日までで、2019年5月1日は令和元年5月1日です）。',
      },
      { row: 2, column: '機密性', message: '1〜3 の整数で入力してください（4）。' },
      { row: 2, column: 'ネットワーク区分', message: expect.stringContaining('「閉域網」は選べる値ではありません') },
      { row: 2, column: '個人情報', message: '有／無（はい／いいえ、true／false、1／0）で入力してください（たぶん）。' },
      { row: 2, column: '取引先名', message: '取引先「未登録株式会社」が登録されていません（取引先自動登録を「有」にすると登録します）。' },
      { row: 2, column: '責任者メールアドレス', message: 'メールアドレス nobody@example.jp の利用者が見つかりません。' },
      { row: 2, column: '担当部署', message: '部署「存在しない課」が見つかりません。' },
      { row: 2, column: '再委託先', message: '再委託先「未登録再委託先」が登録されていません。' },
      { row: 3, column: '完全性', message: '1〜2 の整数で入力してください（3）。' },
      { row: 3, column: '契約終了日', message: '契約終了日は契約開始日以降の日付にしてください。' },
      { row: 4, column: '責任者メールアドレス', message: 'メールアドレスの形式ではありません（BAD-EMAIL）。' },
      { row: 4, column: '契約番号', message: '契約番号は必須です（登録IDのない行では既存の登録をこれで探します）。' },
      { row: 5, column: '個人情報', message: '新規登録には「個人情報」が必要です。' },
      { row: 5, column: 'マイナンバー', message: '新規登録には「マイナンバー」が必要です。' },
    ];
    const dry = await upload('outsourcing-contracts', withBom(text), token, true);
    expect(dry.status).toBe(200);
    expect(dry.body.errors).toEqual(expected);
    expect(dry.body.rows).toEqual([{ row: 6, action: 'CREATE', key: 'C-5' }]);
    const real = await upload('outsourcing-contracts', withBom(text), token, false);
    expect(real.status).toBe(422);
    expect(real.body).toEqual({ dryRun: false, created: 0, updated: 0, unchanged: 0, rows: [], errors: expected });
  });
});
