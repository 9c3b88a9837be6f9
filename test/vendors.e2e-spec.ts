import { Role } from '../src/common/role';
import { codeOf, createCloudService, createContract, organizationWithRoles, startApp, TestApp } from './support/harness';

const CREATE = `mutation($input: CreateVendorInput!) { createVendor(input: $input) { id name corporateNumber version certifications { type identifier validUntil expired } } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateVendorInput!) { updateVendor(id: $id, input: $input) { id name version } }`;
const LIST = `query($first: Int, $after: String, $filter: VendorFilter) { vendors(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { name } } nodes { id name } } }`;

describe('vendors', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  it('creates a vendor with certifications and derives expiry from today in the organization time zone', async () => {
    const { tokens } = await organizationWithRoles(testApp);
    const result = await testApp.gql(
      CREATE,
      {
        input: {
          name: '株式会社テスト情報',
          corporateNumber: '７００００１２０５０００２',
          certifications: [
            { type: 'ISMS', identifier: 'IS 1', validUntil: '2000-01-01' },
            { type: 'PRIVACY_MARK', validUntil: '2999-12-31' },
            { type: 'ISMAP' },
          ],
        },
      },
      tokens[Role.PROCUREMENT_OFFICER],
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.createVendor).toMatchObject({
      name: '株式会社テスト情報',
      corporateNumber: '7000012050002',
      version: 1,
      certifications: [
        { type: 'ISMS', identifier: 'IS 1', validUntil: '2000-01-01', expired: true },
        { type: 'PRIVACY_MARK', identifier: null, validUntil: '2999-12-31', expired: false },
        { type: 'ISMAP', identifier: null, validUntil: null, expired: false },
      ],
    });
  });

  it('names the lapsed certificate and its last valid day in the CERTIFICATION_EXPIRED finding of every subject of the vendor', async () => {
    const { tokens } = await organizationWithRoles(testApp);
    const token = tokens[Role.PROCUREMENT_OFFICER];
    const created = await testApp.gql(
      CREATE,
      {
        input: {
          name: '認証切れ株式会社',
          certifications: [
            // Renewed: the older ISMS entry lapsed, the newer one too, a day later.
            { type: 'ISMS', validUntil: '2020-03-31' },
            { type: 'ISMS', validUntil: '2021-03-31' },
            { type: 'PRIVACY_MARK', validUntil: '2019-09-30' },
            { type: 'ISMAP', validUntil: '2999-12-31' },
          ],
        },
      },
      token,
    );
    expect(created.errors).toBeUndefined();
    const vendorId = created.data!.createVendor.id as string;
    const contract = await createContract(testApp, token, vendorId, { confidentiality: 2 });
    const cloud = await createCloudService(testApp, token, vendorId, { handlesPersonalInformation: true });
    const expected =
      '委託先・提供者の認証が有効期限切れです: プライバシーマーク（2019年9月30日まで有効）、ISMS（2021年3月31日まで有効）。同種の有効な認証がありません。';
    for (const subject of [contract, cloud]) {
      const read = await testApp.gql(
        `query($id: ID!) { subject(id: $id) { compliance { findings { code message } } } }`,
        { id: subject.id },
        tokens[Role.AUDITOR],
      );
      expect(read.errors).toBeUndefined();
      const findings = read.data!.subject.compliance.findings as { code: string; message: string }[];
      expect(findings.filter((f) => f.code === 'CERTIFICATION_EXPIRED')).toEqual([{ code: 'CERTIFICATION_EXPIRED', message: expected }]);
    }
    // The same text in a list of subjects (read in one batch for the page).
    const listed = await testApp.gql(
      `query($filter: SubjectFilter) { subjects(filter: $filter) { nodes { id compliance { findings { code message } } } } }`,
      { filter: { findingCode: 'CERTIFICATION_EXPIRED' } },
      tokens[Role.AUDITOR],
    );
    const nodes = listed.data!.subjects.nodes as { id: string; compliance: { findings: { code: string; message: string }[] } }[];
    expect(nodes.map((n) => n.id).sort()).toEqual([contract.id, cloud.id].sort());
    for (const node of nodes) expect(node.compliance.findings).toContainEqual({ code: 'CERTIFICATION_EXPIRED', message: expected });
  });

  it('pages by name then id and searches after NFKC normalisation', async () => {
    const { tokens } = await organizationWithRoles(testApp);
    for (const name of ['ｻｸﾗ情報株式会社', 'ＡＢＣシステム', 'abc商事', '北斗データ']) {
      const created = await testApp.gql(CREATE, { input: { name } }, tokens[Role.ADMIN]);
      expect(created.errors).toBeUndefined();
    }
    const first = await testApp.gql(LIST, { first: 2 }, tokens[Role.AUDITOR]);
    expect(first.data!.vendors.totalCount).toBe(4);
    expect(first.data!.vendors.pageInfo.hasNextPage).toBe(true);
    const second = await testApp.gql(LIST, { first: 2, after: first.data!.vendors.pageInfo.endCursor }, tokens[Role.AUDITOR]);
    const names = [...first.data!.vendors.nodes, ...second.data!.vendors.nodes].map((v: { name: string }) => v.name);
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(4);
    expect(second.data!.vendors.pageInfo.hasNextPage).toBe(false);

    const abc = await testApp.gql(LIST, { filter: { search: 'ABC' } }, tokens[Role.STAFF]);
    expect(abc.data!.vendors.nodes.map((v: { name: string }) => v.name).sort()).toEqual(['abc商事', 'ＡＢＣシステム'].sort());
    const kana = await testApp.gql(LIST, { filter: { search: 'さくら' } }, tokens[Role.STAFF]);
    expect(kana.data!.vendors.nodes.map((v: { name: string }) => v.name)).toEqual(['ｻｸﾗ情報株式会社']);
    const wildcard = await testApp.gql(LIST, { filter: { search: '%' } }, tokens[Role.STAFF]);
    expect(wildcard.data!.vendors.totalCount).toBe(0);
  });

  it('refuses a page size over 100 and an unreadable cursor', async () => {
    const { tokens } = await organizationWithRoles(testApp);
    const tooMany = await testApp.gql(LIST, { first: 101 }, tokens[Role.ADMIN]);
    expect(codeOf(tooMany)).toBe('BAD_USER_INPUT');
    expect(tooMany.errors![0].extensions!.fieldErrors).toEqual([expect.objectContaining({ field: 'first' })]);
    const badCursor = await testApp.gql(LIST, { after: 'garbage' }, tokens[Role.ADMIN]);
    expect(codeOf(badCursor)).toBe('BAD_USER_INPUT');
  });

  it('answers a stale version with CONFLICT and changes nothing', async () => {
    const { tokens } = await organizationWithRoles(testApp);
    const created = await testApp.gql(CREATE, { input: { name: '旧名称株式会社' } }, tokens[Role.ADMIN]);
    const id = created.data!.createVendor.id;
    const updated = await testApp.gql(UPDATE, { id, input: { expectedVersion: 1, name: '新名称株式会社' } }, tokens[Role.ADMIN]);
    expect(updated.data!.updateVendor).toMatchObject({ name: '新名称株式会社', version: 2 });
    const stale = await testApp.gql(UPDATE, { id, input: { expectedVersion: 1, name: '上書き株式会社' } }, tokens[Role.ADMIN]);
    expect(codeOf(stale)).toBe('CONFLICT');
    const read = await testApp.gql(`query($id: ID!) { vendor(id: $id) { name version } }`, { id }, tokens[Role.ADMIN]);
    expect(read.data!.vendor).toEqual({ name: '新名称株式会社', version: 2 });
  });

  it('rejects a duplicate corporate number in one organization but not across organizations', async () => {
    const a = await organizationWithRoles(testApp);
    const b = await organizationWithRoles(testApp);
    const input = { name: '重複株式会社', corporateNumber: '7000012050002' };
    expect((await testApp.gql(CREATE, { input }, a.tokens[Role.ADMIN])).errors).toBeUndefined();
    expect(codeOf(await testApp.gql(CREATE, { input }, a.tokens[Role.ADMIN]))).toBe('CONFLICT');
    expect((await testApp.gql(CREATE, { input }, b.tokens[Role.ADMIN])).errors).toBeUndefined();
  });
});
