import { Role } from '../src/common/role';
import {
  codeOf,
  createCloudService,
  createContract,
  createDepartment,
  createSocialMediaAccount,
  createUser,
  createVendor,
  GraphQLResponse,
  organizationWithRoles,
  startApp,
  TestApp,
} from './support/harness';

const CONTRACT_FIELDS = `id kind name version status riskTier confidentiality integrity availability createdAt updatedAt
  owner { id } department { id name } vendor { id name } contractNumber startDate endDate networkSegment
  handlesPersonalInformation handlesMyNumber subcontractingAllowed subcontractors { id name } workLocation`;
const CLOUD_FIELDS = `id kind name version status riskTier confidentiality integrity availability
  owner { id } department { id } vendor { id name } usageType purpose serviceUrl dataLocations networkSegment handlesPersonalInformation handlesMyNumber`;
const SOCIAL_FIELDS = `id kind name version status riskTier confidentiality integrity availability
  owner { id } department { id } platform accountName url purpose postingPolicy operatingProcedureUrl`;

const CREATE_CONTRACT = `mutation($input: CreateOutsourcingContractInput!) { createOutsourcingContract(input: $input) { ${CONTRACT_FIELDS} } }`;
const UPDATE_CONTRACT = `mutation($id: ID!, $input: UpdateOutsourcingContractInput!) { updateOutsourcingContract(id: $id, input: $input) { ${CONTRACT_FIELDS} } }`;
const CONTRACT = `query($id: ID!) { outsourcingContract(id: $id) { ${CONTRACT_FIELDS} } }`;
const CREATE_CLOUD = `mutation($input: CreateCloudServiceInput!) { createCloudService(input: $input) { ${CLOUD_FIELDS} } }`;
const UPDATE_CLOUD = `mutation($id: ID!, $input: UpdateCloudServiceInput!) { updateCloudService(id: $id, input: $input) { ${CLOUD_FIELDS} } }`;
const CLOUD = `query($id: ID!) { cloudService(id: $id) { ${CLOUD_FIELDS} } }`;
const CREATE_SOCIAL = `mutation($input: CreateSocialMediaAccountInput!) { createSocialMediaAccount(input: $input) { ${SOCIAL_FIELDS} } }`;
const UPDATE_SOCIAL = `mutation($id: ID!, $input: UpdateSocialMediaAccountInput!) { updateSocialMediaAccount(id: $id, input: $input) { ${SOCIAL_FIELDS} } }`;
const SOCIAL = `query($id: ID!) { socialMediaAccount(id: $id) { ${SOCIAL_FIELDS} } }`;
const SUBJECT = `query($id: ID!) { subject(id: $id) { __typename id kind name status version
  requirements { requirement { code } state history { version state } }
  ... on OutsourcingContract { contractNumber } ... on CloudService { usageType } ... on SocialMediaAccount { accountName } } }`;
const SUBJECTS = `query($filter: SubjectFilter, $first: Int, $after: String) {
  subjects(filter: $filter, first: $first, after: $after) { totalCount nodes { id name } edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`;
const SUMMARY = `{ complianceSummary { total compliant pendingReview nonCompliant byKind { kind total } byFinding { code count } } }`;
const ARCHIVE = `mutation($id: ID!, $reason: String!) { archiveSubject(id: $id, reason: $reason) { id status version } }`;
const TRANSFER = `mutation($from: ID!, $to: ID!) { transferOwnership(fromUserId: $from, toUserId: $to) }`;
const AUDIT = `query($filter: AuditEventFilter) { auditEvents(filter: $filter, first: 100) { nodes { action entityType entityId changes actor { id } } } }`;
const RECORD = `mutation($input: RecordRequirementEvidenceInput!) { recordRequirementEvidence(input: $input) { state } }`;

describe('the registers: contracts, cloud services and social media accounts', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  async function ids(token: string, filter: Record<string, unknown> = {}): Promise<string[]> {
    const result = await testApp.gql(SUBJECTS, { filter, first: 100 }, token);
    expect(result.errors).toBeUndefined();
    return result.data!.subjects.nodes.map((n: { id: string }) => n.id).sort();
  }

  it('creates, reads and updates an outsourcing contract with every field round-tripping', async () => {
    const { tokens, organization, userIds } = await organizationWithRoles(testApp);
    const token = tokens[Role.PROCUREMENT_OFFICER];
    const owner = await createUser(testApp.dataSource, organization, [Role.STAFF]);
    const department = await createDepartment(testApp, tokens[Role.ADMIN], '情報政策課');
    const vendor = await createVendor(testApp, token, { name: '株式会社元請' });
    const subA = await createVendor(testApp, token, { name: '再委託先A' });
    const subB = await createVendor(testApp, token, { name: '再委託先B' });

    const created = await testApp.gql(
      CREATE_CONTRACT,
      {
        input: {
          name: '  住民情報システム運用保守  ',
          vendorId: vendor.id,
          ownerId: owner.id,
          departmentId: department.id,
          contractNumber: 'R8-情-001',
          startDate: '2026-04-01',
          endDate: '2029-03-31',
          confidentiality: 2,
          integrity: 2,
          availability: 1,
          networkSegment: 'LGWAN',
          handlesPersonalInformation: true,
          handlesMyNumber: false,
          subcontractingAllowed: true,
          subcontractorIds: [subB.id, subA.id, subB.id],
          workLocation: '受託者本社（東京都千代田区）',
        },
      },
      token,
    );
    expect(created.errors).toBeUndefined();
    const contract = created.data!.createOutsourcingContract;
    const expected = {
      kind: 'OUTSOURCING_CONTRACT',
      name: '住民情報システム運用保守',
      version: 1,
      status: 'ACTIVE',
      riskTier: 'MEDIUM',
      confidentiality: 2,
      integrity: 2,
      availability: 1,
      owner: { id: owner.id },
      department: { id: department.id, name: '情報政策課' },
      vendor: { id: vendor.id, name: '株式会社元請' },
      contractNumber: 'R8-情-001',
      startDate: '2026-04-01',
      endDate: '2029-03-31',
      networkSegment: 'LGWAN',
      handlesPersonalInformation: true,
      handlesMyNumber: false,
      subcontractingAllowed: true,
      // In the order given, a repeated id once.
      subcontractors: [
        { id: subB.id, name: '再委託先B' },
        { id: subA.id, name: '再委託先A' },
      ],
      workLocation: '受託者本社（東京都千代田区）',
    };
    expect(contract).toMatchObject(expected);
    expect(new Date(contract.createdAt as string).getTime()).toBeGreaterThan(Date.now() - 60_000);

    const read = await testApp.gql(CONTRACT, { id: contract.id }, tokens[Role.AUDITOR]);
    expect(read.errors).toBeUndefined();
    expect(read.data!.outsourcingContract).toEqual(contract);
    const stored = await testApp.dataSource.query<{ start_date: string; end_date: string }[]>(
      `SELECT start_date::text, end_date::text FROM outsourcing_contracts WHERE subject_id = $1`,
      [contract.id],
    );
    expect(stored).toEqual([{ start_date: '2026-04-01', end_date: '2029-03-31' }]);

    const updated = await testApp.gql(
      UPDATE_CONTRACT,
      {
        id: contract.id,
        input: {
          expectedVersion: 1,
          name: '住民情報システム運用保守（変更）',
          ownerId: userIds[Role.SECURITY_OFFICER],
          departmentId: null,
          contractNumber: 'R8-情-002',
          startDate: '2026-05-01',
          endDate: '2026-05-01',
          confidentiality: 1,
          integrity: 1,
          networkSegment: 'MY_NUMBER',
          // My Number data is personal information: the one may not be set without the other.
          handlesPersonalInformation: true,
          handlesMyNumber: true,
          subcontractingAllowed: false,
          subcontractorIds: [],
          workLocation: null,
        },
      },
      token,
    );
    expect(updated.errors).toBeUndefined();
    expect(updated.data!.updateOutsourcingContract).toMatchObject({
      name: '住民情報システム運用保守（変更）',
      version: 2,
      riskTier: 'HIGH',
      confidentiality: 1,
      integrity: 1,
      availability: 1,
      owner: { id: userIds[Role.SECURITY_OFFICER] },
      department: null,
      vendor: { id: vendor.id },
      contractNumber: 'R8-情-002',
      startDate: '2026-05-01',
      endDate: '2026-05-01',
      networkSegment: 'MY_NUMBER',
      handlesPersonalInformation: true,
      handlesMyNumber: true,
      subcontractingAllowed: false,
      subcontractors: [],
      workLocation: null,
    });
    const reread = await testApp.gql(CONTRACT, { id: contract.id }, tokens[Role.STAFF]);
    expect(reread.data!.outsourcingContract).toEqual(updated.data!.updateOutsourcingContract);

    // Clearing the end date; a field left out keeps its value.
    const cleared = await testApp.gql(UPDATE_CONTRACT, { id: contract.id, input: { expectedVersion: 2, endDate: null } }, token);
    expect(cleared.errors).toBeUndefined();
    expect(cleared.data!.updateOutsourcingContract).toMatchObject({
      version: 3,
      endDate: null,
      startDate: '2026-05-01',
      contractNumber: 'R8-情-002',
    });

    const audit = await testApp.gql(AUDIT, { filter: { entityId: contract.id } }, tokens[Role.AUDITOR]);
    expect(audit.data!.auditEvents.nodes.map((e: { action: string }) => e.action)).toEqual([
      'SUBJECT_UPDATED',
      'SUBJECT_UPDATED',
      'SUBJECT_CREATED',
    ]);
    const firstUpdate = JSON.parse(audit.data!.auditEvents.nodes[1].changes as string) as Record<string, unknown>;
    expect(firstUpdate).toMatchObject({
      confidentiality: [2, 1],
      contractNumber: ['R8-情-001', 'R8-情-002'],
      endDate: ['2029-03-31', '2026-05-01'],
    });
  });

  it('creates, reads and updates a cloud service: data locations upper-cased, defaults applied', async () => {
    const { tokens, userIds } = await organizationWithRoles(testApp);
    const token = tokens[Role.ADMIN];
    const vendor = await createVendor(testApp, token, { name: 'クラウド事業者' });
    const created = await testApp.gql(
      CREATE_CLOUD,
      {
        input: {
          name: '電子申請サービス',
          vendorId: vendor.id,
          ownerId: userIds[Role.STAFF],
          usageType: 'CONTRACT',
          purpose: '住民からの電子申請の受付',
          serviceUrl: 'https://apply.example.jp/city',
          dataLocations: ['jp', ' us ', 'JP'],
          handlesPersonalInformation: true,
          confidentiality: 2,
          integrity: 1,
          availability: 2,
        },
      },
      token,
    );
    expect(created.errors).toBeUndefined();
    const service = created.data!.createCloudService;
    expect(service).toMatchObject({
      kind: 'CLOUD_SERVICE',
      name: '電子申請サービス',
      version: 1,
      riskTier: 'MEDIUM',
      owner: { id: userIds[Role.STAFF] },
      department: null,
      vendor: { id: vendor.id, name: 'クラウド事業者' },
      usageType: 'CONTRACT',
      purpose: '住民からの電子申請の受付',
      serviceUrl: 'https://apply.example.jp/city',
      dataLocations: ['JP', 'US'],
      networkSegment: 'INTERNET',
      handlesPersonalInformation: true,
      handlesMyNumber: false,
      confidentiality: 2,
      integrity: 1,
      availability: 2,
    });
    expect((await testApp.gql(CLOUD, { id: service.id }, tokens[Role.AUDITOR])).data!.cloudService).toEqual(service);

    const updated = await testApp.gql(
      UPDATE_CLOUD,
      {
        id: service.id,
        input: {
          expectedVersion: 1,
          usageType: 'TERMS_OF_SERVICE',
          purpose: '庁内アンケート',
          serviceUrl: null,
          dataLocations: ['de'],
          networkSegment: 'LGWAN',
          handlesMyNumber: true,
          confidentiality: 1,
          availability: 1,
        },
      },
      token,
    );
    expect(updated.errors).toBeUndefined();
    expect(updated.data!.updateCloudService).toMatchObject({
      version: 2,
      usageType: 'TERMS_OF_SERVICE',
      purpose: '庁内アンケート',
      serviceUrl: null,
      dataLocations: ['DE'],
      networkSegment: 'LGWAN',
      handlesMyNumber: true,
      riskTier: 'HIGH',
      confidentiality: 1,
      availability: 1,
    });
    expect((await testApp.gql(CLOUD, { id: service.id }, token)).data!.cloudService).toEqual(updated.data!.updateCloudService);
  });

  it('creates, reads and updates a social media account, always at confidentiality 1 and integrity 1', async () => {
    const { tokens, userIds } = await organizationWithRoles(testApp);
    const token = tokens[Role.PROCUREMENT_OFFICER];
    const department = await createDepartment(testApp, tokens[Role.ADMIN], '広報課');
    const created = await testApp.gql(
      CREATE_SOCIAL,
      {
        input: {
          name: '市公式X',
          platform: 'X',
          accountName: '@city_koho',
          url: 'https://x.com/city_koho',
          purpose: '市政情報の発信',
          ownerId: userIds[Role.STAFF],
          departmentId: department.id,
          postingPolicy: '機密性2以上の情報は発信しない',
          operatingProcedureUrl: 'https://intra.example.jp/sns/procedure',
        },
      },
      token,
    );
    expect(created.errors).toBeUndefined();
    const account = created.data!.createSocialMediaAccount;
    expect(account).toMatchObject({
      kind: 'SOCIAL_MEDIA_ACCOUNT',
      name: '市公式X',
      version: 1,
      riskTier: 'MEDIUM',
      confidentiality: 1,
      integrity: 1,
      availability: 1,
      owner: { id: userIds[Role.STAFF] },
      department: { id: department.id },
      platform: 'X',
      accountName: '@city_koho',
      url: 'https://x.com/city_koho',
      purpose: '市政情報の発信',
      postingPolicy: '機密性2以上の情報は発信しない',
      operatingProcedureUrl: 'https://intra.example.jp/sns/procedure',
    });
    expect((await testApp.gql(SOCIAL, { id: account.id }, tokens[Role.AUDITOR])).data!.socialMediaAccount).toEqual(account);

    const updated = await testApp.gql(
      UPDATE_SOCIAL,
      {
        id: account.id,
        input: {
          expectedVersion: 1,
          platform: 'INSTAGRAM',
          accountName: 'city.koho',
          url: 'https://www.instagram.com/city.koho',
          postingPolicy: null,
          availability: 2,
        },
      },
      token,
    );
    expect(updated.errors).toBeUndefined();
    expect(updated.data!.updateSocialMediaAccount).toMatchObject({
      version: 2,
      platform: 'INSTAGRAM',
      accountName: 'city.koho',
      url: 'https://www.instagram.com/city.koho',
      postingPolicy: null,
      operatingProcedureUrl: 'https://intra.example.jp/sns/procedure',
      availability: 2,
      riskTier: 'MEDIUM',
    });
    expect((await testApp.gql(SOCIAL, { id: account.id }, token)).data!.socialMediaAccount).toEqual(updated.data!.updateSocialMediaAccount);
  });

  it('subject(id) answers the concrete type; a per-kind query with another kind answers NOT_FOUND', async () => {
    const { tokens } = await organizationWithRoles(testApp);
    const token = tokens[Role.PROCUREMENT_OFFICER];
    const vendor = await createVendor(testApp, token);
    const contract = await createContract(testApp, token, vendor.id, { contractNumber: 'K-1' });
    const cloud = await createCloudService(testApp, token, vendor.id);
    const social = await createSocialMediaAccount(testApp, token, { accountName: '@typed' });

    const expectations: [string, string, string, Record<string, unknown>][] = [
      [contract.id, 'OutsourcingContract', 'OUTSOURCING_CONTRACT', { contractNumber: 'K-1' }],
      [cloud.id, 'CloudService', 'CLOUD_SERVICE', { usageType: 'CONTRACT' }],
      [social.id, 'SocialMediaAccount', 'SOCIAL_MEDIA_ACCOUNT', { accountName: '@typed' }],
    ];
    for (const [id, typename, kind, details] of expectations) {
      const result = await testApp.gql(SUBJECT, { id }, tokens[Role.AUDITOR]);
      expect(result.errors).toBeUndefined();
      expect(result.data!.subject).toMatchObject({ __typename: typename, id, kind, ...details });
    }
    for (const [query, id] of [
      [CONTRACT, cloud.id],
      [CLOUD, social.id],
      [SOCIAL, contract.id],
    ]) {
      const wrongKind = await testApp.gql(query, { id }, token);
      expect(codeOf(wrongKind)).toBe('NOT_FOUND');
    }
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const unknown = await testApp.gql(SUBJECT, { id }, token);
      expect(codeOf(unknown)).toBe('NOT_FOUND');
      expect(unknown.data?.subject ?? null).toBeNull();
    }
  });

  it('filters subjects by kind, status, owner, department, vendor and search (NFKC, katakana folded)', async () => {
    const { tokens, organization, userIds } = await organizationWithRoles(testApp);
    const token = tokens[Role.ADMIN];
    const owner = await createUser(testApp.dataSource, organization, [Role.STAFF]);
    const department = await createDepartment(testApp, token, '税務課');
    const sakura = await createVendor(testApp, token, { name: 'サクラ情報システム株式会社' });
    const other = await createVendor(testApp, token, { name: '株式会社ABCクラウド' });
    const contract = await createContract(testApp, token, sakura.id, {
      name: '基幹システム保守',
      ownerId: owner.id,
      departmentId: department.id,
    });
    const cloud = await createCloudService(testApp, token, other.id, { name: 'ＷＥＢ会議サービス', ownerId: owner.id });
    const subcontracted = await createContract(testApp, token, other.id, {
      name: '窓口業務委託',
      subcontractingAllowed: true,
      subcontractorIds: [sakura.id],
    });
    const social = await createSocialMediaAccount(testApp, token, {
      name: '防災情報',
      accountName: '@Bousai_100%',
      url: 'https://x.com/bousai',
      departmentId: department.id,
      ownerId: userIds[Role.STAFF],
    });

    expect(await ids(tokens[Role.AUDITOR])).toEqual([contract.id, cloud.id, subcontracted.id, social.id].sort());
    expect(await ids(token, { kind: 'OUTSOURCING_CONTRACT' })).toEqual([contract.id, subcontracted.id].sort());
    expect(await ids(token, { kind: 'CLOUD_SERVICE' })).toEqual([cloud.id]);
    expect(await ids(token, { kind: 'SOCIAL_MEDIA_ACCOUNT' })).toEqual([social.id]);
    expect(await ids(token, { status: 'ACTIVE' })).toHaveLength(4);
    expect(await ids(token, { status: 'ARCHIVED' })).toEqual([]);
    expect(await ids(token, { ownerId: owner.id })).toEqual([contract.id, cloud.id].sort());
    expect(await ids(token, { ownerId: userIds[Role.STAFF], kind: 'SOCIAL_MEDIA_ACCOUNT' })).toEqual([social.id]);
    expect(await ids(token, { ownerId: userIds[Role.STAFF], kind: 'CLOUD_SERVICE' })).toEqual([]);
    expect(await ids(token, { departmentId: department.id })).toEqual([contract.id, social.id].sort());
    // The contractor, not a subcontractor.
    expect(await ids(token, { vendorId: sakura.id })).toEqual([contract.id]);
    expect(await ids(token, { vendorId: other.id })).toEqual([cloud.id, subcontracted.id].sort());
    expect(await ids(token, { vendorId: '00000000-0000-4000-8000-000000000000' })).toEqual([]);

    // Name: full-width letters match half-width, upper or lower case.
    expect(await ids(token, { search: 'web会議' })).toEqual([cloud.id]);
    expect(await ids(token, { search: '保守' })).toEqual([contract.id]);
    // Vendor name: half-width katakana and hiragana match katakana.
    expect(await ids(token, { search: 'ｻｸﾗ' })).toEqual([contract.id]);
    expect(await ids(token, { search: 'さくら情報' })).toEqual([contract.id]);
    expect(await ids(token, { search: 'ａｂｃ' })).toEqual([cloud.id, subcontracted.id].sort());
    // Account name, with LIKE wildcards taken literally.
    expect(await ids(token, { search: 'BOUSAI_100%' })).toEqual([social.id]);
    expect(await ids(token, { search: 'bousai_1000' })).toEqual([]);
    expect(await ids(token, { search: '_' })).toEqual([social.id]);
    // Filters combine.
    expect(await ids(token, { search: 'ABC', kind: 'OUTSOURCING_CONTRACT' })).toEqual([subcontracted.id]);
    const counted = await testApp.gql(SUBJECTS, { filter: { search: 'ABC' }, first: 1 }, token);
    expect(counted.data!.subjects.totalCount).toBe(2);

    const malformed = await testApp.gql(SUBJECTS, { filter: { ownerId: 'someone' } }, token);
    expect(codeOf(malformed)).toBe('BAD_USER_INPUT');
  });

  it("finds a subject by its vendor's new name after the vendor is renamed", async () => {
    const { tokens } = await organizationWithRoles(testApp);
    const token = tokens[Role.PROCUREMENT_OFFICER];
    const vendor = await createVendor(testApp, token, { name: '旧商号株式会社' });
    const contract = await createContract(testApp, token, vendor.id, { name: '保守委託' });
    const cloud = await createCloudService(testApp, token, vendor.id, { name: '文書管理' });
    expect(await ids(token, { search: '旧商号' })).toEqual([contract.id, cloud.id].sort());

    const renamed = await testApp.gql(
      `mutation($id: ID!, $input: UpdateVendorInput!) { updateVendor(id: $id, input: $input) { name } }`,
      { id: vendor.id, input: { expectedVersion: vendor.version, name: '新商号ホールディングス株式会社' } },
      token,
    );
    expect(renamed.errors).toBeUndefined();
    expect(await ids(token, { search: 'ほーるでぃんぐす' })).toEqual([contract.id, cloud.id].sort());
    expect(await ids(token, { search: '旧商号' })).toEqual([]);
    // The subjects' own names still match.
    expect(await ids(token, { search: '文書管理' })).toEqual([cloud.id]);
  });

  it('pages subjects by name then id, with stable cursors and a constant total', async () => {
    const { tokens } = await organizationWithRoles(testApp);
    const token = tokens[Role.ADMIN];
    const vendor = await createVendor(testApp, token);
    const made: { id: string; name: string }[] = [];
    for (const [i, name] of ['ぶ', 'あ', 'い', 'あ', 'う', 'あ', 'い'].entries()) {
      const subject =
        i % 3 === 0
          ? await createContract(testApp, token, vendor.id, { name })
          : i % 3 === 1
            ? await createCloudService(testApp, token, vendor.id, { name })
            : await createSocialMediaAccount(testApp, token, { name });
      made.push({ id: subject.id, name });
    }
    const expected = [...made].sort((a, b) => (a.name === b.name ? (a.id < b.id ? -1 : 1) : a.name < b.name ? -1 : 1));

    const seen: { id: string; name: string }[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page: GraphQLResponse = await testApp.gql(SUBJECTS, { first: 3, after }, tokens[Role.AUDITOR]);
      expect(page.errors).toBeUndefined();
      const connection = page.data!.subjects;
      expect(connection.totalCount).toBe(7);
      expect(connection.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(connection.nodes.map((n: { id: string }) => n.id));
      seen.push(...(connection.nodes as { id: string; name: string }[]));
      pages += 1;
      if (!connection.pageInfo.hasNextPage) break;
      expect(connection.pageInfo.endCursor).toBe(connection.edges[connection.edges.length - 1].cursor);
      after = connection.pageInfo.endCursor as string;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(expected);

    const bad = await testApp.gql(SUBJECTS, { first: 3, after: 'garbage' }, token);
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    const tooMany = await testApp.gql(SUBJECTS, { first: 101 }, token);
    expect(codeOf(tooMany)).toBe('BAD_USER_INPUT');
  });

  it('archives a subject: gone from the default list and the figures, listed as ARCHIVED with its history, frozen', async () => {
    const { tokens } = await organizationWithRoles(testApp);
    const token = tokens[Role.PROCUREMENT_OFFICER];
    const vendor = await createVendor(testApp, token);
    const kept = await createContract(testApp, token, vendor.id, { name: '継続契約' });
    const ended = await createContract(testApp, token, vendor.id, { name: '終了契約', contractNumber: 'END-1' });
    const recorded = await testApp.gql(
      RECORD,
      { input: { subjectId: ended.id, requirementCode: 'OC-01', present: true, reference: '第1条' } },
      token,
    );
    expect(recorded.errors).toBeUndefined();
    const before = await testApp.gql(SUMMARY, {}, tokens[Role.AUDITOR]);
    expect(before.data!.complianceSummary).toMatchObject({ total: 2, nonCompliant: 2 });

    const archived = await testApp.gql(ARCHIVE, { id: ended.id, reason: '契約期間満了' }, token);
    expect(archived.errors).toBeUndefined();
    expect(archived.data!.archiveSubject).toEqual({ id: ended.id, status: 'ARCHIVED', version: 2 });

    expect(await ids(token)).toEqual([kept.id]);
    expect(await ids(token, { status: 'ARCHIVED' })).toEqual([ended.id]);
    expect(await ids(token, { status: 'ARCHIVED', kind: 'CLOUD_SERVICE' })).toEqual([]);
    const summary = await testApp.gql(SUMMARY, {}, tokens[Role.AUDITOR]);
    expect(summary.data!.complianceSummary.total).toBe(1);
    expect(summary.data!.complianceSummary.nonCompliant).toBe(1);
    expect(summary.data!.complianceSummary.byKind.find((k: { kind: string }) => k.kind === 'OUTSOURCING_CONTRACT').total).toBe(1);
    const notRecorded = summary.data!.complianceSummary.byFinding.find((f: { code: string }) => f.code === 'REQUIREMENT_NOT_RECORDED');
    expect(notRecorded.count).toBe(12);
    expect(
      summary.data!.complianceSummary.byFinding.find((f: { code: string }) => f.code === 'REQUIREMENT_PENDING_REVIEW'),
    ).toBeUndefined();

    // Still readable, with its evidence history and its audit trail.
    const read = await testApp.gql(SUBJECT, { id: ended.id }, tokens[Role.AUDITOR]);
    expect(read.data!.subject).toMatchObject({ status: 'ARCHIVED', version: 2 });
    const oc01 = read.data!.subject.requirements.find((r: { requirement: { code: string } }) => r.requirement.code === 'OC-01');
    expect(oc01).toMatchObject({ state: 'RECORDED', history: [{ version: 1, state: 'RECORDED' }] });
    const audit = await testApp.gql(AUDIT, { filter: { entityId: ended.id } }, tokens[Role.AUDITOR]);
    expect(audit.data!.auditEvents.nodes.map((e: { action: string }) => e.action)).toEqual([
      'SUBJECT_ARCHIVED',
      'EVIDENCE_RECORDED',
      'SUBJECT_CREATED',
    ]);
    expect(JSON.parse(audit.data!.auditEvents.nodes[0].changes as string)).toMatchObject({
      status: ['ACTIVE', 'ARCHIVED'],
      archiveReason: [null, '契約期間満了'],
    });

    // Frozen: no update, no second archive, no evidence.
    const update = await testApp.gql(UPDATE_CONTRACT, { id: ended.id, input: { expectedVersion: 2, name: '復活' } }, token);
    expect(codeOf(update)).toBe('CONFLICT');
    expect(codeOf(await testApp.gql(ARCHIVE, { id: ended.id, reason: '再度' }, token))).toBe('CONFLICT');
    expect(codeOf(await testApp.gql(RECORD, { input: { subjectId: ended.id, requirementCode: 'OC-02', present: false } }, token))).toBe(
      'CONFLICT',
    );
    const after = await testApp.gql(SUBJECT, { id: ended.id }, token);
    expect(after.data!.subject).toMatchObject({ name: '終了契約', status: 'ARCHIVED', version: 2 });

    // An archive needs a reason.
    const noReason = await testApp.gql(ARCHIVE, { id: kept.id, reason: '  ' }, token);
    expect(codeOf(noReason)).toBe('BAD_USER_INPUT');
    expect(await ids(token)).toEqual([kept.id]);
  });

  it('transfers every subject of one user to another in one go, and refuses an AUDITOR-only or inactive target', async () => {
    const { tokens, organization, userIds } = await organizationWithRoles(testApp);
    const admin = tokens[Role.ADMIN];
    const leaving = await createUser(testApp.dataSource, organization, [Role.STAFF]);
    const arriving = await createUser(testApp.dataSource, organization, [Role.STAFF, Role.AUDITOR]);
    const auditorOnly = await createUser(testApp.dataSource, organization, [Role.AUDITOR]);
    const inactive = await createUser(testApp.dataSource, organization, [Role.STAFF], { active: false });
    const vendor = await createVendor(testApp, admin);
    const contract = await createContract(testApp, admin, vendor.id, { ownerId: leaving.id });
    const cloud = await createCloudService(testApp, admin, vendor.id, { ownerId: leaving.id });
    const social = await createSocialMediaAccount(testApp, admin, { ownerId: leaving.id });
    const archived = await createSocialMediaAccount(testApp, admin, { ownerId: leaving.id });
    expect(codeOf(await testApp.gql(ARCHIVE, { id: archived.id, reason: '閉鎖' }, admin))).toBeUndefined();
    const untouched = await createContract(testApp, admin, vendor.id, { ownerId: userIds[Role.STAFF] });
    const owned = [contract.id, cloud.id, social.id].sort();

    // The leaver is deactivated first: their subjects show OWNER_MISSING.
    const deactivated = await testApp.gql(
      `mutation($id: ID!) { updateUser(id: $id, input: { active: false }) { active } }`,
      { id: leaving.id },
      admin,
    );
    expect(deactivated.errors).toBeUndefined();
    expect(await ids(admin, { findingCode: 'OWNER_MISSING' })).toEqual([contract.id, cloud.id, social.id].sort());

    for (const target of [auditorOnly.id, inactive.id]) {
      const refused = await testApp.gql(TRANSFER, { from: leaving.id, to: target }, admin);
      expect(codeOf(refused)).toBe('BAD_USER_INPUT');
      expect(refused.errors![0].extensions!.fieldErrors!.map((e) => e.field)).toEqual(['toUserId']);
    }
    expect(codeOf(await testApp.gql(TRANSFER, { from: leaving.id, to: leaving.id }, admin))).toBe('BAD_USER_INPUT');
    expect(codeOf(await testApp.gql(TRANSFER, { from: leaving.id, to: '00000000-0000-4000-8000-000000000000' }, admin))).toBe('NOT_FOUND');
    expect(await ids(admin, { ownerId: leaving.id })).toEqual([contract.id, cloud.id, social.id].sort());

    const moved = await testApp.gql(TRANSFER, { from: leaving.id, to: arriving.id }, admin);
    expect(moved.errors).toBeUndefined();
    expect(moved.data!.transferOwnership).toBe(3);
    const rows = await testApp.dataSource.query<{ id: string; owner_id: string; version: number }[]>(
      `SELECT id, owner_id, version FROM subjects WHERE organization_id = $1 ORDER BY id`,
      [organization.id],
    );
    expect(rows.filter((r) => r.owner_id === arriving.id).map((r) => r.id)).toEqual(owned);
    expect(rows.find((r) => r.id === untouched.id)).toMatchObject({ owner_id: userIds[Role.STAFF], version: 1 });
    // An archived subject is history: it keeps the owner it had.
    expect(rows.find((r) => r.id === archived.id)!.owner_id).toBe(leaving.id);
    expect(rows.find((r) => r.id === contract.id)!.version).toBe(2);
    expect(await ids(admin, { ownerId: leaving.id })).toEqual([]);
    expect(await ids(admin, { ownerId: arriving.id })).toEqual([contract.id, cloud.id, social.id].sort());
    // The new owner is active: OWNER_MISSING is gone at once.
    expect(await ids(admin, { findingCode: 'OWNER_MISSING' })).toEqual([]);

    const audit = await testApp.gql(AUDIT, { filter: { action: 'OWNERSHIP_TRANSFERRED' } }, admin);
    const events = audit.data!.auditEvents.nodes as { entityId: string; changes: string; actor: { id: string } }[];
    expect(events.map((e) => e.entityId).sort()).toEqual(owned);
    for (const event of events) {
      expect(JSON.parse(event.changes)).toEqual({ ownerId: [leaving.id, arriving.id] });
      expect(event.actor.id).toBe(organization.adminId);
    }

    // Nothing left to move.
    const again = await testApp.gql(TRANSFER, { from: leaving.id, to: arriving.id }, admin);
    expect(again.data!.transferOwnership).toBe(0);
  });

  it('refuses a duplicate contract number with CONFLICT and saves nothing', async () => {
    const { tokens, organization } = await organizationWithRoles(testApp);
    const token = tokens[Role.PROCUREMENT_OFFICER];
    const vendor = await createVendor(testApp, token);
    const first = await createContract(testApp, token, vendor.id, { contractNumber: 'R8-100' });
    const second = await createContract(testApp, token, vendor.id, { contractNumber: 'R8-200' });
    await createContract(testApp, token, vendor.id, { contractNumber: null });
    await createContract(testApp, token, vendor.id, {});
    const count = async (): Promise<number> =>
      Number(
        (
          await testApp.dataSource.query<{ n: string }[]>(`SELECT count(*) AS n FROM subjects WHERE organization_id = $1`, [
            organization.id,
          ])
        )[0].n,
      );
    expect(await count()).toBe(4);

    const duplicate = await testApp.gql(
      CREATE_CONTRACT,
      {
        input: {
          name: '重複',
          vendorId: vendor.id,
          contractNumber: ' R8-100 ',
          startDate: '2026-04-01',
          confidentiality: 1,
          integrity: 1,
          availability: 1,
          networkSegment: 'NONE',
          handlesPersonalInformation: false,
          handlesMyNumber: false,
          subcontractingAllowed: false,
        },
      },
      token,
    );
    expect(codeOf(duplicate)).toBe('CONFLICT');
    expect(duplicate.errors![0].message).toContain('契約番号');
    expect(await count()).toBe(4);

    const renumbered = await testApp.gql(
      UPDATE_CONTRACT,
      { id: second.id, input: { expectedVersion: 1, contractNumber: 'R8-100', name: '変更後' } },
      token,
    );
    expect(codeOf(renumbered)).toBe('CONFLICT');
    const unchanged = await testApp.gql(CONTRACT, { id: second.id }, token);
    expect(unchanged.data!.outsourcingContract).toMatchObject({ contractNumber: 'R8-200', name: '業務委託', version: 1 });
    expect((await testApp.gql(CONTRACT, { id: first.id }, token)).data!.outsourcingContract.contractNumber).toBe('R8-100');

    // Another organization may use the same number.
    const { tokens: otherTokens } = await organizationWithRoles(testApp);
    const otherVendor = await createVendor(testApp, otherTokens[Role.ADMIN]);
    const elsewhere = await createContract(testApp, otherTokens[Role.ADMIN], otherVendor.id, { contractNumber: 'R8-100' });
    expect(elsewhere.id).toEqual(expect.any(String));
  });

  it('refuses a duplicate platform and account name with CONFLICT and saves nothing', async () => {
    const { tokens, organization } = await organizationWithRoles(testApp);
    const token = tokens[Role.ADMIN];
    const x = await createSocialMediaAccount(testApp, token, { platform: 'X', accountName: '@city' });
    const instagram = await createSocialMediaAccount(testApp, token, { platform: 'INSTAGRAM', accountName: '@city' });
    const count = async (): Promise<number> =>
      Number(
        (
          await testApp.dataSource.query<{ n: string }[]>(`SELECT count(*) AS n FROM social_media_accounts WHERE organization_id = $1`, [
            organization.id,
          ])
        )[0].n,
      );
    expect(await count()).toBe(2);

    const duplicate = await testApp.gql(
      CREATE_SOCIAL,
      { input: { name: '重複', platform: 'X', accountName: '@city', url: 'https://x.com/city', purpose: '広報' } },
      token,
    );
    expect(codeOf(duplicate)).toBe('CONFLICT');
    expect(await count()).toBe(2);
    const subjects = await testApp.dataSource.query<{ n: string }[]>(`SELECT count(*) AS n FROM subjects WHERE organization_id = $1`, [
      organization.id,
    ]);
    expect(Number(subjects[0].n)).toBe(2);

    const moved = await testApp.gql(UPDATE_SOCIAL, { id: instagram.id, input: { expectedVersion: 1, platform: 'X' } }, token);
    expect(codeOf(moved)).toBe('CONFLICT');
    expect((await testApp.gql(SOCIAL, { id: instagram.id }, token)).data!.socialMediaAccount).toMatchObject({
      platform: 'INSTAGRAM',
      version: 1,
    });
    expect((await testApp.gql(SOCIAL, { id: x.id }, token)).data!.socialMediaAccount).toMatchObject({
      platform: 'X',
      accountName: '@city',
    });
  });

  it('answers a stale expectedVersion with CONFLICT and changes nothing', async () => {
    const { tokens } = await organizationWithRoles(testApp);
    const token = tokens[Role.PROCUREMENT_OFFICER];
    const vendor = await createVendor(testApp, token);
    const contract = await createContract(testApp, token, vendor.id, { name: '元の名称' });
    const cloud = await createCloudService(testApp, token, vendor.id, { name: '元のサービス' });
    const social = await createSocialMediaAccount(testApp, token, { name: '元のアカウント' });
    const first = await testApp.gql(UPDATE_CONTRACT, { id: contract.id, input: { expectedVersion: 1, name: '一回目' } }, token);
    expect(first.data!.updateOutsourcingContract.version).toBe(2);

    const stale = await testApp.gql(
      UPDATE_CONTRACT,
      { id: contract.id, input: { expectedVersion: 1, name: '二回目', confidentiality: 3 } },
      token,
    );
    expect(codeOf(stale)).toBe('CONFLICT');
    const ahead = await testApp.gql(UPDATE_CLOUD, { id: cloud.id, input: { expectedVersion: 2, name: '先走り' } }, token);
    expect(codeOf(ahead)).toBe('CONFLICT');
    const staleSocial = await testApp.gql(UPDATE_SOCIAL, { id: social.id, input: { expectedVersion: 0, name: '古い' } }, token);
    expect(codeOf(staleSocial)).toBe('BAD_USER_INPUT');

    expect((await testApp.gql(CONTRACT, { id: contract.id }, token)).data!.outsourcingContract).toMatchObject({
      name: '一回目',
      confidentiality: 1,
      riskTier: 'LOW',
      version: 2,
    });
    expect((await testApp.gql(CLOUD, { id: cloud.id }, token)).data!.cloudService).toMatchObject({ name: '元のサービス', version: 1 });
    expect((await testApp.gql(SOCIAL, { id: social.id }, token)).data!.socialMediaAccount).toMatchObject({
      name: '元のアカウント',
      version: 1,
    });
    const audit = await testApp.gql(AUDIT, { filter: { entityId: contract.id, action: 'SUBJECT_UPDATED' } }, tokens[Role.AUDITOR]);
    expect(audit.data!.auditEvents.nodes).toHaveLength(1);
  });

  it('lets exactly one of several simultaneous updates with the same version through, and one of several simultaneous equal contract numbers', async () => {
    const { tokens, organization } = await organizationWithRoles(testApp);
    const token = tokens[Role.PROCUREMENT_OFFICER];
    const vendor = await createVendor(testApp, token);
    const contract = await createContract(testApp, token, vendor.id);

    const updates = await Promise.all(
      ['同時A', '同時B', '同時C'].map((name) =>
        testApp.gql(UPDATE_CONTRACT, { id: contract.id, input: { expectedVersion: 1, name } }, token),
      ),
    );
    expect(updates.map((r) => codeOf(r) ?? 'OK').sort()).toEqual(['CONFLICT', 'CONFLICT', 'OK']);
    const winner = updates.find((r) => !r.errors)!.data!.updateOutsourcingContract;
    expect(winner.version).toBe(2);
    expect((await testApp.gql(CONTRACT, { id: contract.id }, token)).data!.outsourcingContract).toMatchObject({
      name: winner.name,
      version: 2,
    });

    const creates = await Promise.all(
      [1, 2, 3].map(() =>
        testApp.gql(
          CREATE_CONTRACT,
          {
            input: {
              name: '同時登録',
              vendorId: vendor.id,
              contractNumber: 'SAME-1',
              startDate: '2026-04-01',
              confidentiality: 1,
              integrity: 1,
              availability: 1,
              networkSegment: 'LGWAN',
              handlesPersonalInformation: false,
              handlesMyNumber: false,
              subcontractingAllowed: false,
            },
          },
          token,
        ),
      ),
    );
    expect(creates.map((r) => codeOf(r) ?? 'OK').sort()).toEqual(['CONFLICT', 'CONFLICT', 'OK']);
    const [{ n }] = await testApp.dataSource.query<{ n: string }[]>(`SELECT count(*) AS n FROM subjects WHERE organization_id = $1`, [
      organization.id,
    ]);
    expect(Number(n)).toBe(2);
  });
});
