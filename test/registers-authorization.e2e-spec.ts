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
  login,
  organizationWithRoles,
  startApp,
  TestApp,
  TestOrganization,
} from './support/harness';

const CREATE_CONTRACT = `mutation($input: CreateOutsourcingContractInput!) { createOutsourcingContract(input: $input) { id version } }`;
const UPDATE_CONTRACT = `mutation($id: ID!, $input: UpdateOutsourcingContractInput!) { updateOutsourcingContract(id: $id, input: $input) { id version } }`;
const CREATE_CLOUD = `mutation($input: CreateCloudServiceInput!) { createCloudService(input: $input) { id version } }`;
const UPDATE_CLOUD = `mutation($id: ID!, $input: UpdateCloudServiceInput!) { updateCloudService(id: $id, input: $input) { id version } }`;
const CREATE_SOCIAL = `mutation($input: CreateSocialMediaAccountInput!) { createSocialMediaAccount(input: $input) { id version department { id } } }`;
const UPDATE_SOCIAL = `mutation($id: ID!, $input: UpdateSocialMediaAccountInput!) { updateSocialMediaAccount(id: $id, input: $input) { id version } }`;
const ARCHIVE = `mutation($id: ID!) { archiveSubject(id: $id, reason: "テスト") { id status } }`;
const TRANSFER = `mutation($from: ID!, $to: ID!) { transferOwnership(fromUserId: $from, toUserId: $to) }`;
const RECORD = `mutation($input: RecordRequirementEvidenceInput!) { recordRequirementEvidence(input: $input) { state recordedBy { id } } }`;
const WAIVER = `mutation($input: RequestRequirementWaiverInput!) { requestRequirementWaiver(input: $input) { state } }`;
const DECIDE = `mutation($input: DecideRequirementEvidenceInput!) { decideRequirementEvidence(input: $input) { state decidedBy { id } } }`;
const CREATE_REQUIREMENT = `mutation($input: CreateRequirementInput!) { createRequirement(input: $input) { code } }`;
const SET_ACTIVE = `mutation($code: String!, $active: Boolean!) { setRequirementActive(code: $code, active: $active, reason: "テスト") { code active } }`;
const SUBJECT = `query($id: ID!) { subject(id: $id) { id name version status confidentiality availability owner { id } department { id }
  ... on OutsourcingContract { endDate workLocation } ... on CloudService { purpose serviceUrl usageType } ... on SocialMediaAccount { url postingPolicy operatingProcedureUrl } } }`;
const UPDATE_USER = `mutation($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id department { id } } }`;

const ALL_ROLES = Object.values(Role);
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

function contractInput(vendorId: string, input: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: '権限確認用契約',
    vendorId,
    startDate: '2026-04-01',
    confidentiality: 1,
    integrity: 1,
    availability: 1,
    networkSegment: 'LGWAN',
    handlesPersonalInformation: false,
    handlesMyNumber: false,
    subcontractingAllowed: false,
    ...input,
  };
}

function cloudInput(vendorId: string, input: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: '権限確認用サービス',
    vendorId,
    usageType: 'CONTRACT',
    purpose: '確認',
    handlesPersonalInformation: false,
    confidentiality: 1,
    integrity: 1,
    availability: 1,
    ...input,
  };
}

let accountNumber = 0;
function socialInput(input: Record<string, unknown> = {}): Record<string, unknown> {
  accountNumber += 1;
  return {
    name: '権限確認用アカウント',
    platform: 'X',
    accountName: `@auth_${accountNumber}`,
    url: `https://x.com/auth_${accountNumber}`,
    purpose: '広報',
    ...input,
  };
}

describe('who may do what in the registers', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  async function subjectCount(organization: TestOrganization): Promise<number> {
    const [row] = await testApp.dataSource.query<{ n: string }[]>(`SELECT count(*) AS n FROM subjects WHERE organization_id = $1`, [
      organization.id,
    ]);
    return Number(row.n);
  }

  async function evidenceCount(organization: TestOrganization): Promise<number> {
    const [row] = await testApp.dataSource.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM evidence_versions WHERE organization_id = $1`,
      [organization.id],
    );
    return Number(row.n);
  }

  async function read(id: string, token: string): Promise<Record<string, any>> {
    const result = await testApp.gql(SUBJECT, { id }, token);
    expect(result.errors).toBeUndefined();
    return result.data!.subject;
  }

  /** The STAFF user of the organization placed in a department of their own. */
  async function staffInDepartment(tokens: Record<Role, string>, staffId: string): Promise<{ own: string; other: string }> {
    const own = await createDepartment(testApp, tokens[Role.ADMIN], '広報課');
    const other = await createDepartment(testApp, tokens[Role.ADMIN], '観光課');
    const placed = await testApp.gql(UPDATE_USER, { id: staffId, input: { departmentId: own.id } }, tokens[Role.ADMIN]);
    expect(placed.data!.updateUser.department).toEqual({ id: own.id });
    return { own: own.id, other: other.id };
  }

  it('lets only ADMIN and PROCUREMENT_OFFICER create and update contracts and cloud services', async () => {
    const { tokens, organization } = await organizationWithRoles(testApp);
    const vendor = await createVendor(testApp, tokens[Role.ADMIN]);
    const contract = await createContract(testApp, tokens[Role.ADMIN], vendor.id);
    const cloud = await createCloudService(testApp, tokens[Role.ADMIN], vendor.id);
    let expected = 2;
    let version = 1;

    for (const role of ALL_ROLES) {
      const allowed = role === Role.ADMIN || role === Role.PROCUREMENT_OFFICER;
      const token = tokens[role];
      const results: [string, GraphQLResponse][] = [
        [
          'createOutsourcingContract',
          await testApp.gql(CREATE_CONTRACT, { input: contractInput(vendor.id, { name: `${role}の契約` }) }, token),
        ],
        ['createCloudService', await testApp.gql(CREATE_CLOUD, { input: cloudInput(vendor.id, { name: `${role}のサービス` }) }, token)],
        [
          'updateOutsourcingContract',
          await testApp.gql(UPDATE_CONTRACT, { id: contract.id, input: { expectedVersion: version, name: `${role}が変更` } }, token),
        ],
        [
          'updateCloudService',
          await testApp.gql(UPDATE_CLOUD, { id: cloud.id, input: { expectedVersion: version, purpose: `${role}が変更` } }, token),
        ],
      ];
      for (const [operation, result] of results) {
        expect({ role, operation, code: codeOf(result) }).toEqual({ role, operation, code: allowed ? undefined : 'FORBIDDEN' });
      }
      if (allowed) {
        expected += 2;
        version += 1;
      }
      expect(await subjectCount(organization)).toBe(expected);
    }
    expect(await read(contract.id, tokens[Role.AUDITOR])).toMatchObject({ name: 'PROCUREMENT_OFFICERが変更', version: 3 });
    expect(await read(cloud.id, tokens[Role.AUDITOR])).toMatchObject({ purpose: 'PROCUREMENT_OFFICERが変更', version: 3 });
  });

  it('lets STAFF create and update social media accounts of their own department only', async () => {
    const { tokens, organization, userIds } = await organizationWithRoles(testApp);
    const staff = tokens[Role.STAFF];
    // A STAFF user without a department may register nothing.
    const homeless = await testApp.gql(CREATE_SOCIAL, { input: socialInput() }, staff);
    expect(codeOf(homeless)).toBe('FORBIDDEN');
    const departments = await staffInDepartment(tokens, userIds[Role.STAFF]);

    // Their own department, given or implied.
    const implied = await testApp.gql(CREATE_SOCIAL, { input: socialInput({ name: '広報課の公式X' }) }, staff);
    expect(implied.errors).toBeUndefined();
    expect(implied.data!.createSocialMediaAccount.department).toEqual({ id: departments.own });
    const explicit = await testApp.gql(CREATE_SOCIAL, { input: socialInput({ departmentId: departments.own }) }, staff);
    expect(explicit.errors).toBeUndefined();
    const count = await subjectCount(organization);

    // Another department's: neither create nor update, nor move an own account there.
    const foreign = await testApp.gql(CREATE_SOCIAL, { input: socialInput({ departmentId: departments.other }) }, staff);
    expect(codeOf(foreign)).toBe('FORBIDDEN');
    const theirs = await createSocialMediaAccount(testApp, tokens[Role.ADMIN], {
      departmentId: departments.other,
      postingPolicy: '観光情報のみ',
    });
    const unassigned = await createSocialMediaAccount(testApp, tokens[Role.ADMIN]);
    for (const id of [theirs.id, unassigned.id]) {
      const update = await testApp.gql(UPDATE_SOCIAL, { id, input: { expectedVersion: 1, postingPolicy: '書き換え' } }, staff);
      expect(codeOf(update)).toBe('FORBIDDEN');
    }
    expect(await read(theirs.id, staff)).toMatchObject({ version: 1, postingPolicy: '観光情報のみ' });
    const ownId = implied.data!.createSocialMediaAccount.id as string;
    const move = await testApp.gql(UPDATE_SOCIAL, { id: ownId, input: { expectedVersion: 1, departmentId: departments.other } }, staff);
    expect(codeOf(move)).toBe('FORBIDDEN');
    const unset = await testApp.gql(UPDATE_SOCIAL, { id: ownId, input: { expectedVersion: 1, departmentId: null } }, staff);
    expect(codeOf(unset)).toBe('FORBIDDEN');
    expect(await subjectCount(organization)).toBe(count + 2);

    // Everything of an own department's account, levels and owner included.
    const full = await testApp.gql(
      UPDATE_SOCIAL,
      {
        id: ownId,
        input: { expectedVersion: 1, availability: 2, ownerId: userIds[Role.STAFF], url: 'https://x.com/kouhou', postingPolicy: '新方針' },
      },
      staff,
    );
    expect(full.errors).toBeUndefined();
    expect(await read(ownId, staff)).toMatchObject({
      version: 2,
      availability: 2,
      owner: { id: userIds[Role.STAFF] },
      department: { id: departments.own },
      postingPolicy: '新方針',
    });

    // Other roles without a registrar role: no social media account either.
    for (const role of [Role.SECURITY_OFFICER, Role.AUDITOR]) {
      const attempt = await testApp.gql(CREATE_SOCIAL, { input: socialInput() }, tokens[role]);
      expect({ role, code: codeOf(attempt) }).toEqual({ role, code: 'FORBIDDEN' });
    }
    // STAFF never registers contracts or cloud services, whatever their department.
    const vendor = await createVendor(testApp, tokens[Role.ADMIN]);
    expect(codeOf(await testApp.gql(CREATE_CONTRACT, { input: contractInput(vendor.id, { departmentId: departments.own }) }, staff))).toBe(
      'FORBIDDEN',
    );
    expect(codeOf(await testApp.gql(CREATE_CLOUD, { input: cloudInput(vendor.id, { departmentId: departments.own }) }, staff))).toBe(
      'FORBIDDEN',
    );
    expect(await subjectCount(organization)).toBe(count + 2);
  });

  it('lets an owner change descriptive fields only: never levels, owner, department, dates or usage type', async () => {
    const { tokens, organization, userIds } = await organizationWithRoles(testApp);
    const admin = tokens[Role.ADMIN];
    const staffOwner = tokens[Role.STAFF];
    const securityOwner = tokens[Role.SECURITY_OFFICER];
    const department = await createDepartment(testApp, admin);
    const vendor = await createVendor(testApp, admin);
    const contract = await createContract(testApp, admin, vendor.id, { ownerId: userIds[Role.STAFF], endDate: '2027-03-31' });
    const cloud = await createCloudService(testApp, admin, vendor.id, { ownerId: userIds[Role.SECURITY_OFFICER] });
    const social = await createSocialMediaAccount(testApp, admin, { ownerId: userIds[Role.SECURITY_OFFICER] });

    // Descriptive fields: accepted.
    const contractText = await testApp.gql(
      UPDATE_CONTRACT,
      { id: contract.id, input: { expectedVersion: 1, name: '担当者が直した名称', workLocation: '庁舎内' } },
      staffOwner,
    );
    expect(contractText.errors).toBeUndefined();
    const cloudText = await testApp.gql(
      UPDATE_CLOUD,
      { id: cloud.id, input: { expectedVersion: 1, name: 'サービス名', purpose: '新しい目的', serviceUrl: 'https://svc.example.jp' } },
      securityOwner,
    );
    expect(cloudText.errors).toBeUndefined();
    const socialText = await testApp.gql(
      UPDATE_SOCIAL,
      {
        id: social.id,
        input: {
          expectedVersion: 1,
          name: '公式',
          purpose: '防災',
          url: 'https://x.com/new',
          postingPolicy: '方針',
          operatingProcedureUrl: 'https://intra.example.jp/p',
        },
      },
      securityOwner,
    );
    expect(socialText.errors).toBeUndefined();

    // Anything that sets requirements: refused, and nothing of a mixed update is applied.
    const refused: [string, string, Record<string, unknown>, string][] = [
      [UPDATE_CONTRACT, contract.id, { confidentiality: 2 }, staffOwner],
      [UPDATE_CONTRACT, contract.id, { name: '混在', integrity: 2 }, staffOwner],
      [UPDATE_CONTRACT, contract.id, { availability: 2 }, staffOwner],
      [UPDATE_CONTRACT, contract.id, { ownerId: userIds[Role.PROCUREMENT_OFFICER] }, staffOwner],
      [UPDATE_CONTRACT, contract.id, { ownerId: null }, staffOwner],
      [UPDATE_CONTRACT, contract.id, { departmentId: department.id }, staffOwner],
      [UPDATE_CONTRACT, contract.id, { name: '混在', endDate: '2099-03-31' }, staffOwner],
      [UPDATE_CONTRACT, contract.id, { startDate: '2026-01-01' }, staffOwner],
      [UPDATE_CONTRACT, contract.id, { handlesMyNumber: true }, staffOwner],
      [UPDATE_CONTRACT, contract.id, { subcontractingAllowed: true }, staffOwner],
      [UPDATE_CONTRACT, contract.id, { contractNumber: 'X-1' }, staffOwner],
      [UPDATE_CLOUD, cloud.id, { usageType: 'TERMS_OF_SERVICE' }, securityOwner],
      [UPDATE_CLOUD, cloud.id, { purpose: '混在', confidentiality: 2 }, securityOwner],
      [UPDATE_CLOUD, cloud.id, { networkSegment: 'MY_NUMBER' }, securityOwner],
      [UPDATE_CLOUD, cloud.id, { handlesPersonalInformation: true }, securityOwner],
      [UPDATE_CLOUD, cloud.id, { ownerId: userIds[Role.STAFF] }, securityOwner],
      [UPDATE_SOCIAL, social.id, { availability: 2 }, securityOwner],
      [UPDATE_SOCIAL, social.id, { name: '混在', ownerId: userIds[Role.STAFF] }, securityOwner],
      [UPDATE_SOCIAL, social.id, { departmentId: department.id }, securityOwner],
    ];
    for (const [mutation, id, fields, token] of refused) {
      const result = await testApp.gql(mutation, { id, input: { expectedVersion: 2, ...fields } }, token);
      expect({ fields, code: codeOf(result) }).toEqual({ fields, code: 'FORBIDDEN' });
    }
    expect(await read(contract.id, admin)).toMatchObject({
      version: 2,
      name: '担当者が直した名称',
      workLocation: '庁舎内',
      confidentiality: 1,
      endDate: '2027-03-31',
      owner: { id: userIds[Role.STAFF] },
      department: null,
    });
    expect(await read(cloud.id, admin)).toMatchObject({
      version: 2,
      purpose: '新しい目的',
      serviceUrl: 'https://svc.example.jp',
      usageType: 'CONTRACT',
      confidentiality: 1,
    });
    expect(await read(social.id, admin)).toMatchObject({
      version: 2,
      name: '公式',
      url: 'https://x.com/new',
      operatingProcedureUrl: 'https://intra.example.jp/p',
      availability: 1,
    });

    // Not the owner: nothing at all.
    const stranger = await createUser(testApp.dataSource, organization, [Role.STAFF]);
    const strangerToken = await login(testApp, organization.code, stranger.email);
    expect(
      codeOf(await testApp.gql(UPDATE_CONTRACT, { id: contract.id, input: { expectedVersion: 2, name: '他人' } }, strangerToken)),
    ).toBe('FORBIDDEN');
    expect(codeOf(await testApp.gql(UPDATE_CLOUD, { id: cloud.id, input: { expectedVersion: 2, purpose: '他人' } }, staffOwner))).toBe(
      'FORBIDDEN',
    );
    expect(
      codeOf(await testApp.gql(UPDATE_CONTRACT, { id: contract.id, input: { expectedVersion: 2, name: '他人' } }, securityOwner)),
    ).toBe('FORBIDDEN');
    expect((await read(contract.id, admin)).version).toBe(2);
  });

  it('lets a PROCUREMENT_OFFICER, an ADMIN or the owner record evidence; only ADMIN and SECURITY_OFFICER decide', async () => {
    const { tokens, organization, userIds } = await organizationWithRoles(testApp);
    const owner = await createUser(testApp.dataSource, organization, [Role.STAFF]);
    const ownerToken = await login(testApp, organization.code, owner.email);
    const vendor = await createVendor(testApp, tokens[Role.ADMIN]);
    const contract = await createContract(testApp, tokens[Role.ADMIN], vendor.id, { ownerId: owner.id });
    const record = (code: string, token: string): Promise<GraphQLResponse> =>
      testApp.gql(RECORD, { input: { subjectId: contract.id, requirementCode: code, present: true, reference: '第1条' } }, token);

    const byOfficer = await record('OC-01', tokens[Role.PROCUREMENT_OFFICER]);
    expect(byOfficer.data!.recordRequirementEvidence).toEqual({ state: 'RECORDED', recordedBy: { id: userIds[Role.PROCUREMENT_OFFICER] } });
    const byAdmin = await record('OC-02', tokens[Role.ADMIN]);
    expect(byAdmin.data!.recordRequirementEvidence).toEqual({ state: 'RECORDED', recordedBy: { id: organization.adminId } });
    const byOwner = await record('OC-03', ownerToken);
    expect(byOwner.data!.recordRequirementEvidence).toEqual({ state: 'RECORDED', recordedBy: { id: owner.id } });
    const waiverByOwner = await testApp.gql(
      WAIVER,
      { input: { subjectId: contract.id, requirementCode: 'OC-05', justification: '該当業務なし' } },
      ownerToken,
    );
    expect(waiverByOwner.data!.requestRequirementWaiver).toEqual({ state: 'WAIVER_REQUESTED' });
    const count = await evidenceCount(organization);

    for (const role of [Role.STAFF, Role.SECURITY_OFFICER, Role.AUDITOR]) {
      expect({ role, code: codeOf(await record('OC-06', tokens[role])) }).toEqual({ role, code: 'FORBIDDEN' });
      const waiver = await testApp.gql(
        WAIVER,
        { input: { subjectId: contract.id, requirementCode: 'OC-06', justification: '不要' } },
        tokens[role],
      );
      expect({ role, code: codeOf(waiver) }).toEqual({ role, code: 'FORBIDDEN' });
    }
    expect(await evidenceCount(organization)).toBe(count);

    // Deciding: the owner, the procurement officer, STAFF and AUDITOR may not, whatever they recorded.
    for (const token of [ownerToken, tokens[Role.PROCUREMENT_OFFICER], tokens[Role.STAFF], tokens[Role.AUDITOR]]) {
      const decision = await testApp.gql(
        DECIDE,
        { input: { subjectId: contract.id, requirementCode: 'OC-03', decision: 'ACCEPT' } },
        token,
      );
      expect(codeOf(decision)).toBe('FORBIDDEN');
    }
    expect(await evidenceCount(organization)).toBe(count);
    const bySecurity = await testApp.gql(
      DECIDE,
      { input: { subjectId: contract.id, requirementCode: 'OC-03', decision: 'ACCEPT' } },
      tokens[Role.SECURITY_OFFICER],
    );
    expect(bySecurity.data!.decideRequirementEvidence).toEqual({ state: 'ACCEPTED', decidedBy: { id: userIds[Role.SECURITY_OFFICER] } });
    const byAdminDecision = await testApp.gql(
      DECIDE,
      { input: { subjectId: contract.id, requirementCode: 'OC-01', decision: 'REJECT', comment: '条文不足' } },
      tokens[Role.ADMIN],
    );
    expect(byAdminDecision.data!.decideRequirementEvidence).toEqual({ state: 'REJECTED', decidedBy: { id: organization.adminId } });
    // The admin recorded OC-02: the security officer decides it.
    expect(
      codeOf(
        await testApp.gql(DECIDE, { input: { subjectId: contract.id, requirementCode: 'OC-02', decision: 'ACCEPT' } }, tokens[Role.ADMIN]),
      ),
    ).toBe('FORBIDDEN');
    expect(await evidenceCount(organization)).toBe(count + 2);
  });

  it('lets only ADMIN create requirements and switch them on and off; archive is ADMIN and PROCUREMENT_OFFICER; transfer is ADMIN', async () => {
    const { tokens, organization, userIds } = await organizationWithRoles(testApp);
    const vendor = await createVendor(testApp, tokens[Role.ADMIN]);
    const subjects = [];
    for (let i = 0; i < 2; i++)
      subjects.push(await createContract(testApp, tokens[Role.ADMIN], vendor.id, { ownerId: userIds[Role.STAFF] }));

    for (const role of ALL_ROLES.filter((r) => r !== Role.ADMIN)) {
      const create = await testApp.gql(
        CREATE_REQUIREMENT,
        {
          input: {
            code: `${organization.code}-${role}`,
            subjectKind: 'CLOUD_SERVICE',
            titleJa: '独自',
            titleEn: 'Own',
            appliesWhen: '{"always":true}',
          },
        },
        tokens[role],
      );
      expect({ role, code: codeOf(create) }).toEqual({ role, code: 'FORBIDDEN' });
      expect({ role, code: codeOf(await testApp.gql(SET_ACTIVE, { code: 'OC-01', active: false }, tokens[role])) }).toEqual({
        role,
        code: 'FORBIDDEN',
      });
      expect({
        role,
        code: codeOf(await testApp.gql(TRANSFER, { from: userIds[Role.STAFF], to: userIds[Role.PROCUREMENT_OFFICER] }, tokens[role])),
      }).toEqual({
        role,
        code: 'FORBIDDEN',
      });
    }
    const [{ n: requirementRows }] = await testApp.dataSource.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM requirements WHERE organization_id = $1`,
      [organization.id],
    );
    expect(Number(requirementRows)).toBe(0);
    const [{ n: settings }] = await testApp.dataSource.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM requirement_settings WHERE organization_id = $1`,
      [organization.id],
    );
    expect(Number(settings)).toBe(0);
    expect((await read(subjects[0].id, tokens[Role.AUDITOR])).owner).toEqual({ id: userIds[Role.STAFF] });

    const created = await testApp.gql(
      CREATE_REQUIREMENT,
      {
        input: {
          code: `${organization.code}-01`,
          subjectKind: 'CLOUD_SERVICE',
          titleJa: '独自',
          titleEn: 'Own',
          appliesWhen: '{"always":true}',
        },
      },
      tokens[Role.ADMIN],
    );
    expect(created.errors).toBeUndefined();
    expect((await testApp.gql(SET_ACTIVE, { code: 'OC-01', active: false }, tokens[Role.ADMIN])).data!.setRequirementActive).toEqual({
      code: 'OC-01',
      active: false,
    });

    for (const role of [Role.SECURITY_OFFICER, Role.STAFF, Role.AUDITOR]) {
      expect({ role, code: codeOf(await testApp.gql(ARCHIVE, { id: subjects[0].id }, tokens[role])) }).toEqual({ role, code: 'FORBIDDEN' });
    }
    expect((await read(subjects[0].id, tokens[Role.AUDITOR])).status).toBe('ACTIVE');
    expect((await testApp.gql(ARCHIVE, { id: subjects[0].id }, tokens[Role.PROCUREMENT_OFFICER])).data!.archiveSubject.status).toBe(
      'ARCHIVED',
    );
    expect((await testApp.gql(ARCHIVE, { id: subjects[1].id }, tokens[Role.ADMIN])).data!.archiveSubject.status).toBe('ARCHIVED');
  });

  it('lets an AUDITOR read everything and write nothing', async () => {
    const { tokens, organization, userIds } = await organizationWithRoles(testApp);
    const auditor = tokens[Role.AUDITOR];
    const vendor = await createVendor(testApp, tokens[Role.ADMIN]);
    const contract = await createContract(testApp, tokens[Role.ADMIN], vendor.id, { ownerId: userIds[Role.STAFF] });
    const cloud = await createCloudService(testApp, tokens[Role.ADMIN], vendor.id);
    const social = await createSocialMediaAccount(testApp, tokens[Role.ADMIN]);
    expect(
      (
        await testApp.gql(
          RECORD,
          { input: { subjectId: contract.id, requirementCode: 'OC-01', present: true, reference: '第1条' } },
          tokens[Role.ADMIN],
        )
      ).errors,
    ).toBeUndefined();

    const reads = await testApp.gql(
      `query($c: ID!, $s: ID!, $m: ID!) {
        subjects(first: 100) { totalCount }
        subject(id: $c) { id requirements { state } }
        outsourcingContract(id: $c) { id vendor { id } }
        cloudService(id: $s) { id }
        socialMediaAccount(id: $m) { id }
        requirements { code }
        complianceSummary { total nonCompliant }
      }`,
      { c: contract.id, s: cloud.id, m: social.id },
      auditor,
    );
    expect(reads.errors).toBeUndefined();
    expect(reads.data).toMatchObject({
      subjects: { totalCount: 3 },
      subject: { id: contract.id },
      outsourcingContract: { id: contract.id, vendor: { id: vendor.id } },
      cloudService: { id: cloud.id },
      socialMediaAccount: { id: social.id },
      complianceSummary: { total: 3, nonCompliant: 3 },
    });
    expect(reads.data!.requirements.length).toBeGreaterThanOrEqual(34);
    const audit = await testApp.gql(
      `query($id: ID!) { auditEvents(filter: { entityId: $id }) { totalCount } }`,
      { id: contract.id },
      auditor,
    );
    expect(audit.data!.auditEvents.totalCount).toBe(2);

    const before = { subjects: await subjectCount(organization), evidence: await evidenceCount(organization) };
    const writes: [string, Record<string, unknown>][] = [
      [CREATE_CONTRACT, { input: contractInput(vendor.id) }],
      [UPDATE_CONTRACT, { id: contract.id, input: { expectedVersion: 1, name: '監査' } }],
      [CREATE_CLOUD, { input: cloudInput(vendor.id) }],
      [UPDATE_CLOUD, { id: cloud.id, input: { expectedVersion: 1, name: '監査' } }],
      [CREATE_SOCIAL, { input: socialInput() }],
      [UPDATE_SOCIAL, { id: social.id, input: { expectedVersion: 1, name: '監査' } }],
      [ARCHIVE, { id: contract.id }],
      [TRANSFER, { from: userIds[Role.STAFF], to: userIds[Role.PROCUREMENT_OFFICER] }],
      [RECORD, { input: { subjectId: contract.id, requirementCode: 'OC-02', present: false } }],
      [WAIVER, { input: { subjectId: contract.id, requirementCode: 'OC-02', justification: '監査' } }],
      [DECIDE, { input: { subjectId: contract.id, requirementCode: 'OC-01', decision: 'ACCEPT' } }],
      [
        CREATE_REQUIREMENT,
        {
          input: {
            code: `${organization.code}-01`,
            subjectKind: 'CLOUD_SERVICE',
            titleJa: '独自',
            titleEn: 'Own',
            appliesWhen: '{"always":true}',
          },
        },
      ],
      [SET_ACTIVE, { code: 'OC-01', active: false }],
    ];
    for (const [mutation, variables] of writes) {
      const result = await testApp.gql(mutation, variables, auditor);
      expect({ mutation: mutation.slice(0, 60), code: codeOf(result) }).toEqual({ mutation: mutation.slice(0, 60), code: 'FORBIDDEN' });
    }
    expect({ subjects: await subjectCount(organization), evidence: await evidenceCount(organization) }).toEqual(before);
    expect(await read(contract.id, auditor)).toMatchObject({ version: 1, status: 'ACTIVE', owner: { id: userIds[Role.STAFF] } });
  });

  it("answers another organization's subject, vendor, user, department or requirement exactly like an unknown id, and changes nothing", async () => {
    const mine = await organizationWithRoles(testApp);
    const theirs = await organizationWithRoles(testApp);
    const admin = mine.tokens[Role.ADMIN];
    const myVendor = await createVendor(testApp, admin);
    const myContract = await createContract(testApp, admin, myVendor.id, { ownerId: mine.userIds[Role.STAFF] });

    const theirAdmin = theirs.tokens[Role.ADMIN];
    const theirVendor = await createVendor(testApp, theirAdmin, { name: '他団体の委託先' });
    const theirDepartment = await createDepartment(testApp, theirAdmin);
    const theirContract = await createContract(testApp, theirAdmin, theirVendor.id, {
      ownerId: theirs.userIds[Role.STAFF],
      contractNumber: 'THEIRS-1',
    });
    const theirCloud = await createCloudService(testApp, theirAdmin, theirVendor.id, { ownerId: theirs.userIds[Role.STAFF] });
    const theirSocial = await createSocialMediaAccount(testApp, theirAdmin, { ownerId: theirs.userIds[Role.STAFF] });
    expect(
      (
        await testApp.gql(
          RECORD,
          { input: { subjectId: theirContract.id, requirementCode: 'OC-01', present: true, reference: '第1条' } },
          theirAdmin,
        )
      ).errors,
    ).toBeUndefined();
    const theirCode = `${theirs.organization.code}-01`;
    expect(
      (
        await testApp.gql(
          CREATE_REQUIREMENT,
          {
            input: {
              code: theirCode,
              subjectKind: 'OUTSOURCING_CONTRACT',
              titleJa: '他団体',
              titleEn: 'Theirs',
              appliesWhen: '{"always":true}',
            },
          },
          theirAdmin,
        )
      ).errors,
    ).toBeUndefined();
    const snapshot = async (): Promise<unknown> =>
      testApp.dataSource.query(
        `SELECT s.id, s.name, s.version, s.status, s.owner_id, s.department_id, s.static_status,
                (SELECT count(*) FROM evidence_versions e WHERE e.subject_id = s.id) AS evidence
           FROM subjects s WHERE s.organization_id = $1 ORDER BY s.id`,
        [theirs.organization.id],
      );
    const theirsBefore = await snapshot();
    const myCountBefore = await subjectCount(mine.organization);

    /** Each case: the same operation with another organization's id and with an unknown one. */
    const cases: { name: string; query: string; foreign: Record<string, unknown>; unknown: Record<string, unknown> }[] = [];
    const both = (name: string, query: string, make: (id: string) => Record<string, unknown>, foreignId: string): void => {
      cases.push({ name, query, foreign: make(foreignId), unknown: make(UNKNOWN_ID) });
    };
    for (const [field, id] of [
      ['subject', theirContract.id],
      ['outsourcingContract', theirContract.id],
      ['cloudService', theirCloud.id],
      ['socialMediaAccount', theirSocial.id],
    ] as const) {
      both(field, `query($id: ID!) { ${field}(id: $id) { id } }`, (x) => ({ id: x }), id);
    }
    both('vendor', `query($id: ID!) { vendor(id: $id) { id } }`, (x) => ({ id: x }), theirVendor.id);
    both(
      'updateOutsourcingContract',
      UPDATE_CONTRACT,
      (x) => ({ id: x, input: { expectedVersion: 1, name: '乗っ取り' } }),
      theirContract.id,
    );
    both('updateCloudService', UPDATE_CLOUD, (x) => ({ id: x, input: { expectedVersion: 1, name: '乗っ取り' } }), theirCloud.id);
    both('updateSocialMediaAccount', UPDATE_SOCIAL, (x) => ({ id: x, input: { expectedVersion: 1, name: '乗っ取り' } }), theirSocial.id);
    both('archiveSubject', ARCHIVE, (x) => ({ id: x }), theirContract.id);
    both(
      'recordRequirementEvidence',
      RECORD,
      (x) => ({ input: { subjectId: x, requirementCode: 'OC-02', present: false } }),
      theirContract.id,
    );
    both(
      'requestRequirementWaiver',
      WAIVER,
      (x) => ({ input: { subjectId: x, requirementCode: 'OC-02', justification: '不要' } }),
      theirContract.id,
    );
    both(
      'decideRequirementEvidence',
      DECIDE,
      (x) => ({ input: { subjectId: x, requirementCode: 'OC-01', decision: 'ACCEPT' } }),
      theirContract.id,
    );
    both('createOutsourcingContract(vendorId)', CREATE_CONTRACT, (x) => ({ input: contractInput(x) }), theirVendor.id);
    both(
      'createOutsourcingContract(ownerId)',
      CREATE_CONTRACT,
      (x) => ({ input: contractInput(myVendor.id, { ownerId: x }) }),
      theirs.userIds[Role.STAFF],
    );
    both(
      'createOutsourcingContract(departmentId)',
      CREATE_CONTRACT,
      (x) => ({ input: contractInput(myVendor.id, { departmentId: x }) }),
      theirDepartment.id,
    );
    both(
      'createOutsourcingContract(subcontractorIds)',
      CREATE_CONTRACT,
      (x) => ({ input: contractInput(myVendor.id, { subcontractingAllowed: true, subcontractorIds: [x] }) }),
      theirVendor.id,
    );
    both('createCloudService(vendorId)', CREATE_CLOUD, (x) => ({ input: cloudInput(x) }), theirVendor.id);
    both(
      'createCloudService(ownerId)',
      CREATE_CLOUD,
      (x) => ({ input: cloudInput(myVendor.id, { ownerId: x }) }),
      theirs.userIds[Role.STAFF],
    );
    both('createSocialMediaAccount(ownerId)', CREATE_SOCIAL, (x) => ({ input: socialInput({ ownerId: x }) }), theirs.userIds[Role.STAFF]);
    both('createSocialMediaAccount(departmentId)', CREATE_SOCIAL, (x) => ({ input: socialInput({ departmentId: x }) }), theirDepartment.id);
    both(
      'updateOutsourcingContract(ownerId)',
      UPDATE_CONTRACT,
      (x) => ({ id: myContract.id, input: { expectedVersion: 1, ownerId: x } }),
      theirs.userIds[Role.STAFF],
    );
    both(
      'updateOutsourcingContract(departmentId)',
      UPDATE_CONTRACT,
      (x) => ({ id: myContract.id, input: { expectedVersion: 1, departmentId: x } }),
      theirDepartment.id,
    );
    both(
      'updateOutsourcingContract(subcontractorIds)',
      UPDATE_CONTRACT,
      (x) => ({ id: myContract.id, input: { expectedVersion: 1, subcontractorIds: [x] } }),
      theirVendor.id,
    );
    both('transferOwnership(from)', TRANSFER, (x) => ({ from: x, to: mine.userIds[Role.PROCUREMENT_OFFICER] }), theirs.userIds[Role.STAFF]);
    both('transferOwnership(to)', TRANSFER, (x) => ({ from: mine.userIds[Role.STAFF], to: x }), theirs.userIds[Role.STAFF]);

    for (const { name, query, foreign, unknown } of cases) {
      const foreignResult = await testApp.gql(query, foreign, admin);
      const unknownResult = await testApp.gql(query, unknown, admin);
      expect({ name, code: codeOf(foreignResult) }).toEqual({ name, code: 'NOT_FOUND' });
      expect({ name, errors: foreignResult.errors!.map((e) => [e.message, e.extensions?.code]), data: foreignResult.data }).toEqual({
        name,
        errors: unknownResult.errors!.map((e) => [e.message, e.extensions?.code]),
        data: unknownResult.data,
      });
    }

    // Their requirement code is as unknown here as a made-up one.
    const theirRequirement = await testApp.gql(SET_ACTIVE, { code: theirCode, active: false }, admin);
    const madeUp = await testApp.gql(SET_ACTIVE, { code: `${theirs.organization.code}-99`, active: false }, admin);
    expect(codeOf(theirRequirement)).toBe('NOT_FOUND');
    expect(theirRequirement.errors![0].message.replace(theirCode, 'X')).toBe(
      madeUp.errors![0].message.replace(`${theirs.organization.code}-99`, 'X'),
    );
    const myRequirements = await testApp.gql(`{ requirements(subjectKind: OUTSOURCING_CONTRACT) { code } }`, {}, admin);
    expect(myRequirements.data!.requirements.map((r: { code: string }) => r.code)).not.toContain(theirCode);
    expect(
      codeOf(
        await testApp.gql(
          RECORD,
          { input: { subjectId: myContract.id, requirementCode: theirCode, present: true, reference: '第1条' } },
          admin,
        ),
      ),
    ).toBe('BAD_USER_INPUT');

    // Filters with their ids find nothing; their subjects never appear in lists or figures.
    for (const filter of [
      { vendorId: theirVendor.id },
      { ownerId: theirs.userIds[Role.STAFF] },
      { departmentId: theirDepartment.id },
      { search: '他団体' },
    ]) {
      const listed = await testApp.gql(
        `query($filter: SubjectFilter) { subjects(filter: $filter) { totalCount nodes { id } } }`,
        { filter },
        admin,
      );
      expect({ filter, result: listed.data!.subjects }).toEqual({ filter, result: { totalCount: 0, nodes: [] } });
    }
    const summary = await testApp.gql(`{ complianceSummary { total } }`, {}, admin);
    expect(summary.data!.complianceSummary.total).toBe(1);

    expect(await snapshot()).toEqual(theirsBefore);
    expect(await subjectCount(mine.organization)).toBe(myCountBefore);
    expect(await read(myContract.id, admin)).toMatchObject({ version: 1, owner: { id: mine.userIds[Role.STAFF] }, department: null });
    const [{ n: settings }] = await testApp.dataSource.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM requirement_settings WHERE organization_id = $1`,
      [mine.organization.id],
    );
    expect(Number(settings)).toBe(0);
  });
});
