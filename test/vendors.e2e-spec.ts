import { Role } from '../src/common/role';
import { codeOf, organizationWithRoles, startApp, TestApp } from './support/harness';

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
