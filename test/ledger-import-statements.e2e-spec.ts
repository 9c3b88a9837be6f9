import { randomBytes } from 'node:crypto';
import { Role } from '../src/common/role';
import { SubjectsService } from '../src/subjects/subjects.service';
import { corporateNumberCheckDigit } from '../src/vendors/corporate-number';
import {
  createContract,
  createDepartment,
  createUser,
  createVendor,
  organizationWithRoles,
  startApp,
  TestApp,
  tokyoDate,
} from './support/harness';

/** A corporate number with a valid check digit, different on every call. */
function corporateNumber(): string {
  const base = `9${randomBytes(6).readUIntBE(0, 6).toString().padStart(11, '0').slice(-11)}`;
  return `${corporateNumberCheckDigit(base)}${base}`;
}

const HEADERS = [
  '委託契約名',
  '契約番号',
  '取引先法人番号',
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
];

describe('ledger import: new entries are written set-based', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  /**
   * A fresh organization importing `rows` new contracts of one registered vendor, each with an
   * active owner (told of the review at once) and a department, half of them ending within the
   * renewal window (their RENEWAL review opens at once): answers the X-SQL-Statements of the dry
   * run and of the import, and what the import saved.
   */
  async function importContracts(rows: number): Promise<{ dryRun: number; run: number; reviews: number; notices: number; events: number }> {
    const { organization, tokens } = await organizationWithRoles(testApp);
    const token = tokens[Role.PROCUREMENT_OFFICER];
    const number = corporateNumber();
    await createVendor(testApp, tokens[Role.ADMIN], { corporateNumber: number });
    const department = await createDepartment(testApp, tokens[Role.ADMIN]);
    const owner = await createUser(testApp.dataSource, organization, [Role.STAFF]);
    const lines = [HEADERS.join(',')];
    for (let i = 0; i < rows; i++) {
      const end = i % 2 === 0 ? tokyoDate(20) : '2031-03-31';
      lines.push(
        [
          `委託業務${i}`,
          `S-${i}`,
          number,
          owner.email,
          department.name,
          '2026-04-01',
          end,
          (i % 3) + 1,
          1,
          1,
          'LGWAN接続系',
          '有',
          '無',
          '無',
          i % 5 ? '' : '2026-01-15',
        ].join(','),
      );
    }
    const bytes = Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
    const post = async (dryRun: boolean): Promise<number> => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(bytes)]), 'contracts.csv');
      const response = await fetch(`${testApp.url}/api/ledgers/outsourcing-contracts/import?dryRun=${dryRun}`, {
        method: 'POST',
        body: form,
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await response.json()) as { created: number; errors: unknown[] };
      expect(response.status).toBe(200);
      expect(body).toMatchObject({ created: rows, errors: [] });
      return Number(response.headers.get('x-sql-statements'));
    };
    const dryRun = await post(true);
    const run = await post(false);
    const count = async (sql: string): Promise<number> =>
      Number((await testApp.dataSource.query<{ n: string }[]>(sql, [organization.id]))[0].n);
    return {
      dryRun,
      run,
      reviews: await count(`SELECT count(*) AS n FROM reviews WHERE organization_id = $1 AND status = 'OPEN'`),
      notices: await count(
        `SELECT count(*) AS n FROM notifications n JOIN email_outbox o ON o.notification_id = n.id WHERE n.organization_id = $1`,
      ),
      events: await count(`SELECT count(*) AS n FROM audit_events WHERE organization_id = $1 AND action = 'SUBJECT_CREATED'`),
    };
  }

  it('sends as many SQL statements for 150 new contracts as for 6, reviews, notices and audit events included', async () => {
    const few = await importContracts(6);
    const many = await importContracts(150);
    // Every contract: its scheduled review, and half of them a RENEWAL review; each review told to the owner with its e-mail.
    expect(few).toMatchObject({ reviews: 6 + 3, notices: 6 + 3, events: 6 });
    expect(many).toMatchObject({ reviews: 150 + 75, notices: 150 + 75, events: 150 });
    expect(many.dryRun).toBe(few.dryRun);
    expect(many.run).toBe(few.run);
    expect(many.run).toBeGreaterThan(0);
  });

  it('reports a row that a batch could not write with the reason the API gives, and writes the others one by one', async () => {
    const { tokens } = await organizationWithRoles(testApp);
    const token = tokens[Role.PROCUREMENT_OFFICER];
    const number = corporateNumber();
    const vendor = await createVendor(testApp, tokens[Role.ADMIN], { corporateNumber: number });
    const lines = ['委託契約名,契約番号,取引先法人番号,契約開始日,機密性,完全性,可用性,ネットワーク区分,個人情報,マイナンバー,再委託'];
    for (let i = 1; i <= 3; i++) lines.push(`委託業務${i},D-${i},${number},2026-04-01,1,1,1,LGWAN接続系,無,無,無`);
    const subjects = testApp.app.get(SubjectsService);
    const createMany = subjects.createMany.bind(subjects);
    // Checked against the register as it was, the batch meets a contract number someone else registered meanwhile.
    const spy = jest.spyOn(subjects, 'createMany').mockImplementationOnce(async (ctx, drafts) => {
      await createContract(testApp, tokens[Role.ADMIN], vendor.id, { name: '先に登録された業務', contractNumber: 'D-2' });
      return createMany(ctx, drafts);
    });
    try {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(Buffer.from(lines.join('\r\n'), 'utf8'))]), 'contracts.csv');
      const response = await fetch(`${testApp.url}/api/ledgers/outsourcing-contracts/import?dryRun=true`, {
        method: 'POST',
        body: form,
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await response.json()) as { created: number; rows: { row: number }[]; errors: unknown[] };
      expect(spy).toHaveBeenCalledTimes(1);
      expect(body.errors).toEqual([{ row: 3, column: '契約番号', message: 'この契約番号の委託契約は既に登録されています。' }]);
      expect(body.rows.map((r) => r.row)).toEqual([2, 4]);
      expect(body.created).toBe(2);
    } finally {
      spy.mockRestore();
    }
  });
});
