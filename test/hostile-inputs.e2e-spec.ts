import { randomUUID } from 'node:crypto';
import { Role } from '../src/common/role';
import { organizationState, stateDifference, storedTextProblems } from './support/organization-state';
import {
  codeOf,
  createContract,
  createVendor,
  GraphQLResponse,
  organizationWithRoles,
  startApp,
  TestApp,
  TestOrganization,
  tokyoDate,
} from './support/harness';

// The inputs that answered INTERNAL_SERVER_ERROR, and the texts that were stored as given, in the
// hardening review (issue 9, part 6): each now BAD_USER_INPUT, in Japanese, naming the field, nothing saved.

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;
const CREATE_REVIEW = 'mutation($input: CreateReviewInput!) { createReview(input: $input) { id comment } }';
const CREATE_DEPARTMENT = 'mutation($input: CreateDepartmentInput!) { createDepartment(input: $input) { id name } }';
const CREATE_VENDOR = 'mutation($input: CreateVendorInput!) { createVendor(input: $input) { id name } }';
const AUDIT_EVENTS = 'query($after: String, $filter: AuditEventFilter) { auditEvents(after: $after, filter: $filter) { totalCount } }';

const cursor = (values: unknown[]): string => Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
const fieldsOf = (response: GraphQLResponse): string[] => (response.errors?.[0]?.extensions?.fieldErrors ?? []).map((e) => e.field).sort();

/** BAD_USER_INPUT whose fieldErrors name exactly `fields`, every message in Japanese. */
function expectRefused(response: GraphQLResponse, fields: string[]): void {
  expect({ code: codeOf(response), fields: fieldsOf(response) }).toEqual({ code: 'BAD_USER_INPUT', fields: [...fields].sort() });
  expect(response.errors![0].message).toMatch(JAPANESE);
  for (const fieldError of response.errors![0].extensions!.fieldErrors!) expect(fieldError.message).toMatch(JAPANESE);
}

function csvText(rows: string[][]): string {
  return (
    rows.map((row) => row.map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',')).join('\r\n') + '\r\n'
  );
}

describe('inputs that answered 500 or were stored as given', () => {
  let testApp: TestApp;
  let organization: TestOrganization;
  let tokens: Record<Role, string>;
  let token: string;

  beforeAll(async () => {
    // No workers: nothing changes the organization behind a refused call's back.
    testApp = await startApp({ APP_ROLE: 'api' });
    ({ organization, tokens } = await organizationWithRoles(testApp));
    token = tokens[Role.ADMIN];
  });
  afterAll(async () => {
    await testApp.close();
  });

  /** Runs `call`, which must be refused, and checks the organization is exactly as it was. */
  async function refusedChangingNothing(call: () => Promise<GraphQLResponse>): Promise<GraphQLResponse> {
    const before = await organizationState(testApp.dataSource, organization.id);
    const response = await call();
    expect(stateDifference(before, await organizationState(testApp.dataSource, organization.id))).toEqual({ gone: [], added: [] });
    return response;
  }

  it('refuses createReview(dueDate: "9999-12-31"), as a variable and as a literal, and the other dates past 2999 or before 1900', async () => {
    const vendor = await createVendor(testApp, token);
    const contract = await createContract(testApp, token, vendor.id);
    for (const dueDate of ['9999-12-31', '3000-01-01', '1899-12-31']) {
      const variable = await refusedChangingNothing(() =>
        testApp.gql(CREATE_REVIEW, { input: { subjectId: contract.id, dueDate } }, token),
      );
      expectRefused(variable, ['dueDate']);
      expect(variable.errors![0].message).toContain('1900-01-01 から 2999-12-31 までの範囲');
      const literal = await refusedChangingNothing(() =>
        testApp.gql(`mutation { createReview(input: { subjectId: "${contract.id}", dueDate: "${dueDate}" }) { id } }`, {}, token),
      );
      expect(codeOf(literal)).toBe('BAD_USER_INPUT');
      expect(literal.errors![0].message).toContain(dueDate);
    }
    // The edges are days like any other.
    for (const dueDate of ['2999-12-31', '1900-01-01']) {
      const edge = await testApp.gql(CREATE_REVIEW, { input: { subjectId: contract.id, dueDate } }, token);
      expect(edge.errors).toBeUndefined();
    }
  });

  it('refuses far dates in every other Date input too: rescheduling, campaigns, contracts, certificates', async () => {
    const vendor = await createVendor(testApp, token);
    const contract = await createContract(testApp, token, vendor.id);
    const review = await testApp.gql<{ createReview: { id: string } }>(
      CREATE_REVIEW,
      { input: { subjectId: contract.id, dueDate: tokyoDate(30) } },
      token,
    );
    const calls: [string, Record<string, unknown>, string[]][] = [
      [
        'mutation($id: ID!, $dueDate: Date!, $reason: String!) { rescheduleReview(id: $id, dueDate: $dueDate, reason: $reason) { id } }',
        { id: review.data!.createReview.id, dueDate: '9999-12-31', reason: '延期' },
        ['dueDate'],
      ],
      [
        'mutation($input: StartReviewCampaignInput!) { startReviewCampaign(input: $input) { id } }',
        { input: { name: '一斉点検', dueDate: '9999-12-31' } },
        ['dueDate'],
      ],
      [
        'mutation($input: CreateOutsourcingContractInput!) { createOutsourcingContract(input: $input) { id } }',
        {
          input: {
            name: '遠い契約',
            vendorId: vendor.id,
            startDate: '1899-04-01',
            endDate: '9999-12-31',
            lastReviewedOn: '9999-12-31',
            confidentiality: 1,
            integrity: 1,
            availability: 1,
            networkSegment: 'LGWAN',
            handlesPersonalInformation: false,
            handlesMyNumber: false,
            subcontractingAllowed: false,
          },
        },
        ['endDate', 'lastReviewedOn', 'startDate'],
      ],
      [
        CREATE_VENDOR,
        { input: { name: '認証株式会社', certifications: [{ type: 'ISMS', validUntil: '9999-12-31' }] } },
        ['certifications.0.validUntil'],
      ],
    ];
    for (const [query, variables, fields] of calls) {
      const response = await refusedChangingNothing(() => testApp.gql(query, variables, token));
      expectRefused(response, fields);
    }
  });

  it('names the row and the column of an import cell holding 前回確認日 9999-12-31, and saves nothing', async () => {
    const header = [
      '委託契約名',
      '契約番号',
      '取引先名',
      '取引先自動登録',
      '契約開始日',
      '機密性',
      '完全性',
      '可用性',
      'ネットワーク区分',
      '個人情報',
      'マイナンバー',
      '再委託',
      '前回確認日',
    ];
    const row = (name: string, number: string, lastReviewedOn: string): string[] => [
      name,
      number,
      '日付検査株式会社',
      '有',
      '2026-04-01',
      '1',
      '1',
      '1',
      'LGWAN',
      '無',
      '無',
      '無',
      lastReviewedOn,
    ];
    const file = Buffer.from(
      csvText([
        header,
        row('正常な契約', 'D-1', '2026-01-15'),
        row('遠い確認日', 'D-2', '9999-12-31'),
        row('明治の確認日', 'D-3', '明治32年1月1日'),
      ]),
    );
    const upload = async (dryRun: boolean): Promise<{ status: number; body: any }> => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(file)]), 'contracts.csv');
      const response = await fetch(`${testApp.url}/api/ledgers/outsourcing-contracts/import?dryRun=${dryRun}`, {
        method: 'POST',
        body: form,
        headers: { authorization: `Bearer ${token}` },
      });
      return { status: response.status, body: await response.json() };
    };
    const range = expect.stringContaining('1900年1月1日から2999年12月31日までの範囲で入力してください');
    const before = await organizationState(testApp.dataSource, organization.id);
    const dry = await upload(true);
    expect(dry.status).toBe(200);
    expect(dry.body.rows).toEqual([{ row: 2, action: 'CREATE', key: 'D-1' }]);
    expect(dry.body.errors).toEqual([
      { row: 3, column: '前回確認日', message: range },
      { row: 4, column: '前回確認日', message: range },
    ]);
    const real = await upload(false);
    expect(real.status).toBe(422);
    expect(real.body.errors).toEqual(dry.body.errors);
    expect(stateDifference(before, await organizationState(testApp.dataSource, organization.id))).toEqual({ gone: [], added: [] });
  });

  it('names the row and the column of an imported name holding a line break or an override', async () => {
    const file = Buffer.from(
      csvText([
        ['取引先名', '所在地'],
        ['改行\n株式会社', '東京都'],
        ['上書き株式会社', '東京都\u202E区'],
        ['\u200b\u200b', ''],
      ]),
    );
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(file)]), 'vendors.csv');
    const response = await fetch(`${testApp.url}/api/ledgers/vendors/import?dryRun=true`, {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await response.json()) as { errors: { row: number; column: string; message: string }[] };
    expect(body.errors).toEqual([
      { row: 2, column: '取引先名', message: '改行は入力できません。1行で入力してください。' },
      { row: 3, column: '所在地', message: expect.stringContaining('表示方向を変える制御文字') },
      { row: 4, column: '取引先名', message: expect.stringContaining('表示される文字を1文字以上') },
    ]);
  });

  it('refuses createDepartment(name: "x\\ud800y") and a lone surrogate in any argument, naming every bad field', async () => {
    const response = await refusedChangingNothing(() => testApp.gql(CREATE_DEPARTMENT, { input: { name: 'x\ud800y' } }, token));
    expectRefused(response, ['name']);
    expect(response.errors![0].extensions!.fieldErrors![0].message).toContain('サロゲート');
    // The answer also names the argument's other bad fields.
    const several = await refusedChangingNothing(() =>
      testApp.gql(CREATE_VENDOR, { input: { name: '\udc00株式会社', address: 'あ'.repeat(501), websiteUrl: 'ftp://x' } }, token),
    );
    expectRefused(several, ['address', 'name', 'websiteUrl']);
    // An identifier and a reason, which no input class holds, are refused the same way.
    const archive = await refusedChangingNothing(() =>
      testApp.gql(
        'mutation($id: ID!, $reason: String!) { archiveSubject(id: $id, reason: $reason) { id } }',
        { id: 'x\ud800', reason: '理由\ud800' },
        token,
      ),
    );
    expectRefused(archive, ['id', 'reason']);
  });

  it('refuses an auditEvents cursor holding +275760-09-13T00:00:00.000Z, and a filter from that far', async () => {
    for (const after of [
      cursor(['+275760-09-13T00:00:00.000Z', randomUUID()]),
      cursor(['0000-01-01T00:00:00.000Z', randomUUID()]),
      cursor(['2026-04-01T00:00:00.000Z\ud800', randomUUID()]),
    ]) {
      const response = await testApp.gql(AUDIT_EVENTS, { after }, tokens[Role.AUDITOR]);
      expectRefused(response, ['after']);
    }
    for (const from of ['+275760-09-13T00:00:00.000Z', '9999-12-31T00:00:00Z', 'yesterday', 1e15]) {
      const response = await testApp.gql(AUDIT_EVENTS, { filter: { from } }, tokens[Role.AUDITOR]);
      expect({ from, code: codeOf(response) }).toEqual({ from, code: 'BAD_USER_INPUT' });
      expect(response.errors![0].message).toMatch(JAPANESE);
    }
    const ordinary = await testApp.gql(AUDIT_EVENTS, { filter: { from: '2026-01-01T00:00:00+09:00' } }, tokens[Role.AUDITOR]);
    expect(ordinary.errors).toBeUndefined();
  });

  it('refuses CR/LF, U+202E and names made only of zero-width characters, instead of storing them', async () => {
    const vendor = await createVendor(testApp, token);
    const cases: [string, Record<string, unknown>, string[]][] = [
      [CREATE_DEPARTMENT, { input: { name: '総務課\r\n人事課' } }, ['name']],
      [CREATE_DEPARTMENT, { input: { name: 'evil\u202Etxt.exe' } }, ['name']],
      [CREATE_DEPARTMENT, { input: { name: '\u200b\u200c\u200d\ufeff' } }, ['name']],
      // 400 characters to PostgreSQL, which class-validator's MaxLength counted as 200.
      [CREATE_DEPARTMENT, { input: { name: 'a\ufe0f'.repeat(200) } }, ['name']],
      [
        CREATE_VENDOR,
        { input: { name: '\u200b', address: '東京都\n千代田区', websiteUrl: 'https://example.jp/\u202E' } },
        ['address', 'name', 'websiteUrl'],
      ],
      [
        'mutation($input: CreateUserInput!) { createUser(input: $input) { id } }',
        { input: { email: `u${Date.now()}@example.jp`, displayName: '山田\t太郎', password: 'correct horse battery', roles: ['STAFF'] } },
        ['displayName'],
      ],
      [
        'mutation($input: CreateCloudServiceInput!) { createCloudService(input: $input) { id } }',
        {
          input: {
            name: '\u3164',
            vendorId: vendor.id,
            usageType: 'CONTRACT',
            purpose: '業務\u202E利用',
            handlesPersonalInformation: false,
            confidentiality: 1,
            integrity: 1,
            availability: 1,
          },
        },
        ['name', 'purpose'],
      ],
    ];
    for (const [query, variables, fields] of cases) {
      const response = await refusedChangingNothing(() => testApp.gql(query, variables, token));
      expectRefused(response, fields);
    }
    expect(await storedTextProblems(testApp.dataSource, organization.id)).toEqual([]);
  });

  it('keeps line breaks in a multi-line text, as given', async () => {
    const vendor = await createVendor(testApp, token);
    const contract = await createContract(testApp, token, vendor.id);
    const comment = '一行目\r\n二行目\n三行目';
    const created = await testApp.gql<{ createReview: { comment: string } }>(
      CREATE_REVIEW,
      { input: { subjectId: contract.id, dueDate: tokyoDate(10), comment } },
      token,
    );
    expect(created.errors).toBeUndefined();
    expect(created.data!.createReview.comment).toBe(comment);
    const tab = await refusedChangingNothing(() =>
      testApp.gql(CREATE_REVIEW, { input: { subjectId: contract.id, dueDate: tokyoDate(10), comment: '一行目\t二行目' } }, token),
    );
    expectRefused(tab, ['comment']);
  });
});
