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
  TestOrganization,
} from './support/harness';

const CREATE_CONTRACT = `mutation($input: CreateOutsourcingContractInput!) { createOutsourcingContract(input: $input) { id } }`;
const UPDATE_CONTRACT = `mutation($id: ID!, $input: UpdateOutsourcingContractInput!) { updateOutsourcingContract(id: $id, input: $input) { id version } }`;
const CREATE_CLOUD = `mutation($input: CreateCloudServiceInput!) { createCloudService(input: $input) { id } }`;
const UPDATE_CLOUD = `mutation($id: ID!, $input: UpdateCloudServiceInput!) { updateCloudService(id: $id, input: $input) { id version } }`;
const CREATE_SOCIAL = `mutation($input: CreateSocialMediaAccountInput!) { createSocialMediaAccount(input: $input) { id } }`;
const UPDATE_SOCIAL = `mutation($id: ID!, $input: UpdateSocialMediaAccountInput!) { updateSocialMediaAccount(id: $id, input: $input) { id version } }`;
const SUBJECT = `query($id: ID!) { subject(id: $id) { id name version confidentiality integrity availability owner { id }
  ... on OutsourcingContract { startDate endDate } ... on CloudService { serviceUrl dataLocations } ... on SocialMediaAccount { url operatingProcedureUrl } } }`;
const RECORD = `mutation($input: RecordRequirementEvidenceInput!) { recordRequirementEvidence(input: $input) { state } }`;
const WAIVER = `mutation($input: RequestRequirementWaiverInput!) { requestRequirementWaiver(input: $input) { state } }`;
const DECIDE = `mutation($input: DecideRequirementEvidenceInput!) { decideRequirementEvidence(input: $input) { state } }`;
const CREATE_REQUIREMENT = `mutation($input: CreateRequirementInput!) { createRequirement(input: $input) { code active builtIn } }`;

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;

function fieldsOf(response: GraphQLResponse): string[] {
  return [...new Set((response.errors?.[0]?.extensions?.fieldErrors ?? []).map((e) => e.field))].sort();
}

function contractInput(vendorId: string, input: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: '検証用契約',
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
    name: '検証用サービス',
    vendorId,
    usageType: 'CONTRACT',
    purpose: '検証',
    handlesPersonalInformation: false,
    confidentiality: 1,
    integrity: 1,
    availability: 1,
    ...input,
  };
}

function socialInput(input: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: '検証用アカウント',
    platform: 'X',
    accountName: '@validation',
    url: 'https://x.com/validation',
    purpose: '広報',
    ...input,
  };
}

describe('bad input to the registers gets a clear answer and saves nothing', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  /** Rows of the organization in every table a register write touches. */
  async function counts(organization: TestOrganization): Promise<Record<string, number>> {
    const [row] = await testApp.dataSource.query<Record<string, string>[]>(
      `SELECT (SELECT count(*) FROM subjects WHERE organization_id = $1) AS subjects,
              (SELECT count(*) FROM outsourcing_contracts WHERE organization_id = $1) AS contracts,
              (SELECT count(*) FROM contract_subcontractors WHERE organization_id = $1) AS subcontractors,
              (SELECT count(*) FROM cloud_services WHERE organization_id = $1) AS clouds,
              (SELECT count(*) FROM social_media_accounts WHERE organization_id = $1) AS socials,
              (SELECT count(*) FROM evidence_versions WHERE organization_id = $1) AS evidence,
              (SELECT count(*) FROM subject_findings WHERE organization_id = $1) AS findings,
              (SELECT count(*) FROM requirements WHERE organization_id = $1) AS requirements,
              (SELECT count(*) FROM audit_events WHERE organization_id = $1) AS audit`,
      [organization.id],
    );
    return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, Number(value)]));
  }

  /** Sends a request that must fail and checks at once that it saved nothing. */
  async function attempt(
    organization: TestOrganization,
    before: Record<string, number>,
    query: string,
    variables: Record<string, unknown>,
    token: string,
  ): Promise<GraphQLResponse> {
    const result = await testApp.gql(query, variables, token);
    expect(result.errors).toBeDefined();
    expect(await counts(organization)).toEqual(before);
    return result;
  }

  it('answers an unknown vendor, owner, department or subcontractor with NOT_FOUND', async () => {
    const { tokens, organization } = await organizationWithRoles(testApp);
    const token = tokens[Role.PROCUREMENT_OFFICER];
    const vendor = await createVendor(testApp, token);
    const department = await createDepartment(testApp, tokens[Role.ADMIN]);
    const contract = await createContract(testApp, token, vendor.id);
    const before = await counts(organization);

    const attempts: [string, Record<string, unknown>][] = [
      [CREATE_CONTRACT, { input: contractInput(UNKNOWN_ID) }],
      [CREATE_CONTRACT, { input: contractInput('not-a-uuid') }],
      [CREATE_CONTRACT, { input: contractInput(vendor.id, { ownerId: UNKNOWN_ID }) }],
      [CREATE_CONTRACT, { input: contractInput(vendor.id, { departmentId: UNKNOWN_ID }) }],
      [CREATE_CONTRACT, { input: contractInput(vendor.id, { subcontractingAllowed: true, subcontractorIds: [vendor.id, UNKNOWN_ID] }) }],
      [CREATE_CLOUD, { input: cloudInput(UNKNOWN_ID) }],
      [CREATE_CLOUD, { input: cloudInput(vendor.id, { ownerId: 'x' }) }],
      [CREATE_SOCIAL, { input: socialInput({ ownerId: UNKNOWN_ID }) }],
      [CREATE_SOCIAL, { input: socialInput({ departmentId: UNKNOWN_ID }) }],
      [UPDATE_CONTRACT, { id: contract.id, input: { expectedVersion: 1, ownerId: UNKNOWN_ID } }],
      [UPDATE_CONTRACT, { id: contract.id, input: { expectedVersion: 1, name: '変更', departmentId: UNKNOWN_ID } }],
      [UPDATE_CONTRACT, { id: contract.id, input: { expectedVersion: 1, subcontractorIds: [UNKNOWN_ID] } }],
      [UPDATE_CONTRACT, { id: UNKNOWN_ID, input: { expectedVersion: 1, name: '変更' } }],
    ];
    for (const [mutation, variables] of attempts) {
      const result = await attempt(organization, before, mutation, variables, token);
      expect({ variables, code: codeOf(result) }).toEqual({ variables, code: 'NOT_FOUND' });
      expect(result.errors![0].message).toEqual(expect.stringContaining('見つかりません'));
    }
    expect(await counts(organization)).toEqual(before);
    const unchanged = await testApp.gql(SUBJECT, { id: contract.id }, token);
    expect(unchanged.data!.subject).toMatchObject({ name: '業務委託', version: 1, owner: null });
    // A department that exists is accepted (the NOT_FOUND above was about the id).
    expect(codeOf(await testApp.gql(CREATE_SOCIAL, { input: socialInput({ departmentId: department.id }) }, token))).toBeUndefined();
  });

  it('refuses levels out of range, naming every bad field at once', async () => {
    const { tokens, organization } = await organizationWithRoles(testApp);
    const token = tokens[Role.ADMIN];
    const vendor = await createVendor(testApp, token);
    const contract = await createContract(testApp, token, vendor.id);
    const cloud = await createCloudService(testApp, token, vendor.id);
    const social = await createSocialMediaAccount(testApp, token);
    const before = await counts(organization);

    const all = await attempt(
      organization,
      before,
      CREATE_CONTRACT,
      { input: contractInput(vendor.id, { confidentiality: 4, integrity: 0, availability: 3 }) },
      token,
    );
    expect(codeOf(all)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(all)).toEqual(['availability', 'confidentiality', 'integrity']);
    for (const error of all.errors![0].extensions!.fieldErrors!) expect(error.message).toMatch(/1〜[23] の整数/);

    const cloudCreate = await attempt(
      organization,
      before,
      CREATE_CLOUD,
      { input: cloudInput(vendor.id, { confidentiality: 0, integrity: 3 }) },
      token,
    );
    expect(fieldsOf(cloudCreate)).toEqual(['confidentiality', 'integrity']);
    const socialCreate = await attempt(organization, before, CREATE_SOCIAL, { input: socialInput({ availability: 3 }) }, token);
    expect(fieldsOf(socialCreate)).toEqual(['availability']);

    const contractUpdate = await attempt(
      organization,
      before,
      UPDATE_CONTRACT,
      { id: contract.id, input: { expectedVersion: 1, confidentiality: -1, availability: 9 } },
      token,
    );
    expect(codeOf(contractUpdate)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(contractUpdate)).toEqual(['availability', 'confidentiality']);
    const cloudUpdate = await attempt(
      organization,
      before,
      UPDATE_CLOUD,
      { id: cloud.id, input: { expectedVersion: 1, integrity: 5 } },
      token,
    );
    expect(fieldsOf(cloudUpdate)).toEqual(['integrity']);
    const socialUpdate = await attempt(
      organization,
      before,
      UPDATE_SOCIAL,
      { id: social.id, input: { expectedVersion: 1, availability: 0 } },
      token,
    );
    expect(fieldsOf(socialUpdate)).toEqual(['availability']);

    expect(await counts(organization)).toEqual(before);
    expect((await testApp.gql(SUBJECT, { id: contract.id }, token)).data!.subject).toMatchObject({
      version: 1,
      confidentiality: 1,
      availability: 1,
    });
    expect((await testApp.gql(SUBJECT, { id: social.id }, token)).data!.subject).toMatchObject({ version: 1, availability: 1 });
  });

  it('refuses an end date before the start date, on create and on update', async () => {
    const { tokens, organization } = await organizationWithRoles(testApp);
    const token = tokens[Role.PROCUREMENT_OFFICER];
    const vendor = await createVendor(testApp, token);
    const contract = await createContract(testApp, token, vendor.id, { startDate: '2026-04-01', endDate: '2027-03-31' });
    const before = await counts(organization);

    const created = await attempt(
      organization,
      before,
      CREATE_CONTRACT,
      { input: contractInput(vendor.id, { startDate: '2026-04-01', endDate: '2026-03-31' }) },
      token,
    );
    expect(codeOf(created)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(created)).toEqual(['endDate']);
    const earlierEnd = await attempt(
      organization,
      before,
      UPDATE_CONTRACT,
      { id: contract.id, input: { expectedVersion: 1, endDate: '2026-01-01' } },
      token,
    );
    expect(fieldsOf(earlierEnd)).toEqual(['endDate']);
    const laterStart = await attempt(
      organization,
      before,
      UPDATE_CONTRACT,
      { id: contract.id, input: { expectedVersion: 1, startDate: '2027-04-01' } },
      token,
    );
    expect(fieldsOf(laterStart)).toEqual(['endDate']);
    const notADate = await attempt(
      organization,
      before,
      CREATE_CONTRACT,
      { input: contractInput(vendor.id, { endDate: '2026-02-30' }) },
      token,
    );
    expect(codeOf(notADate)).toBe('BAD_USER_INPUT');

    expect(await counts(organization)).toEqual(before);
    expect((await testApp.gql(SUBJECT, { id: contract.id }, token)).data!.subject).toMatchObject({
      version: 1,
      startDate: '2026-04-01',
      endDate: '2027-03-31',
    });
    // The same day is fine.
    const sameDay = await testApp.gql(UPDATE_CONTRACT, { id: contract.id, input: { expectedVersion: 1, endDate: '2026-04-01' } }, token);
    expect(sameDay.errors).toBeUndefined();
  });

  it('names every bad field in one answer: the fields themselves and the rules between them', async () => {
    const { tokens, organization, userIds } = await organizationWithRoles(testApp);
    const token = tokens[Role.ADMIN];
    const vendor = await createVendor(testApp, token);
    const contract = await createContract(testApp, token, vendor.id, { startDate: '2026-04-01', endDate: '2027-03-31' });
    const before = await counts(organization);

    const created = await attempt(
      organization,
      before,
      CREATE_CONTRACT,
      {
        input: contractInput(vendor.id, {
          confidentiality: 4,
          startDate: '2026-04-01',
          endDate: '2026-03-31',
          handlesMyNumber: true,
          handlesPersonalInformation: false,
        }),
      },
      token,
    );
    expect(codeOf(created)).toBe('BAD_USER_INPUT');
    const fieldErrors = created.errors![0].extensions!.fieldErrors!;
    expect(fieldErrors.map((e) => e.field).sort()).toEqual(['confidentiality', 'endDate', 'handlesPersonalInformation']);
    for (const fieldError of fieldErrors) expect(fieldError.message).toMatch(JAPANESE);
    expect(created.errors![0].message).toMatch(/confidentiality: .*endDate: .*|endDate: .*confidentiality: /);

    // An update is checked against what it would store: the stored start date, the owner's roles.
    const updated = await attempt(
      organization,
      before,
      UPDATE_CONTRACT,
      { id: contract.id, input: { expectedVersion: 1, endDate: '2026-01-31', ownerId: userIds[Role.AUDITOR] } },
      token,
    );
    expect(codeOf(updated)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(updated)).toEqual(['endDate', 'ownerId']);
    const cloud = await attempt(
      organization,
      before,
      CREATE_CLOUD,
      { input: cloudInput(vendor.id, { integrity: 3, handlesMyNumber: true, handlesPersonalInformation: false, dataLocations: ['XX'] }) },
      token,
    );
    expect(fieldsOf(cloud)).toEqual(['dataLocations', 'handlesPersonalInformation', 'integrity']);
    expect(await counts(organization)).toEqual(before);
  });

  it('refuses My Number data without personal information, on create and update of contracts and cloud services', async () => {
    const { tokens, organization } = await organizationWithRoles(testApp);
    const token = tokens[Role.PROCUREMENT_OFFICER];
    const vendor = await createVendor(testApp, token);
    const contract = await createContract(testApp, token, vendor.id);
    const cloud = await createCloudService(testApp, token, vendor.id);
    const myNumberContract = await createContract(testApp, token, vendor.id, { handlesMyNumber: true, handlesPersonalInformation: true });
    const myNumberCloud = await createCloudService(testApp, token, vendor.id, { handlesMyNumber: true, handlesPersonalInformation: true });
    const before = await counts(organization);

    const attempts: [string, Record<string, unknown>][] = [
      [CREATE_CONTRACT, { input: contractInput(vendor.id, { handlesMyNumber: true, handlesPersonalInformation: false }) }],
      [CREATE_CLOUD, { input: cloudInput(vendor.id, { handlesMyNumber: true, handlesPersonalInformation: false }) }],
      [UPDATE_CONTRACT, { id: contract.id, input: { expectedVersion: 1, handlesMyNumber: true, handlesPersonalInformation: false } }],
      [UPDATE_CLOUD, { id: cloud.id, input: { expectedVersion: 1, handlesMyNumber: true, handlesPersonalInformation: false } }],
      // One of the two given: checked against the stored other one.
      [UPDATE_CONTRACT, { id: contract.id, input: { expectedVersion: 1, handlesMyNumber: true } }],
      [UPDATE_CLOUD, { id: cloud.id, input: { expectedVersion: 1, handlesMyNumber: true } }],
      [UPDATE_CONTRACT, { id: myNumberContract.id, input: { expectedVersion: 1, handlesPersonalInformation: false } }],
      [UPDATE_CLOUD, { id: myNumberCloud.id, input: { expectedVersion: 1, handlesPersonalInformation: false } }],
    ];
    for (const [mutation, variables] of attempts) {
      const result = await attempt(organization, before, mutation, variables, token);
      expect({ variables, code: codeOf(result), fields: fieldsOf(result) }).toEqual({
        variables,
        code: 'BAD_USER_INPUT',
        fields: ['handlesPersonalInformation'],
      });
      expect(result.errors![0].extensions!.fieldErrors![0].message).toMatch(/マイナンバー.*個人情報/);
    }
    expect(await counts(organization)).toEqual(before);

    // Both at once is what the rule asks for.
    const both = await testApp.gql(
      UPDATE_CONTRACT,
      { id: contract.id, input: { expectedVersion: 1, handlesMyNumber: true, handlesPersonalInformation: true } },
      token,
    );
    expect(both.errors).toBeUndefined();
    // A row stored before the rule can still have its other fields edited; touching either flag applies the rule.
    await testApp.dataSource.query(
      `UPDATE cloud_services SET handles_my_number = true, handles_personal_information = false WHERE organization_id = $1 AND subject_id = $2`,
      [organization.id, cloud.id],
    );
    const renamed = await testApp.gql(UPDATE_CLOUD, { id: cloud.id, input: { expectedVersion: 1, name: '改称したサービス' } }, token);
    expect(renamed.errors).toBeUndefined();
    const flagged = await testApp.gql(UPDATE_CLOUD, { id: cloud.id, input: { expectedVersion: 2, handlesMyNumber: true } }, token);
    expect(fieldsOf(flagged)).toEqual(['handlesPersonalInformation']);
  });

  it('refuses a malformed URL', async () => {
    const { tokens, organization } = await organizationWithRoles(testApp);
    const token = tokens[Role.ADMIN];
    const vendor = await createVendor(testApp, token);
    const cloud = await createCloudService(testApp, token, vendor.id, { serviceUrl: 'https://service.example.jp' });
    const social = await createSocialMediaAccount(testApp, token, {
      url: 'https://x.com/ok',
      operatingProcedureUrl: 'https://intra.example.jp/sns',
    });
    const before = await counts(organization);

    const attempts: [string, Record<string, unknown>, string][] = [
      [CREATE_CLOUD, { input: cloudInput(vendor.id, { serviceUrl: 'not a url' }) }, 'serviceUrl'],
      [CREATE_CLOUD, { input: cloudInput(vendor.id, { serviceUrl: 'ftp://files.example.jp' }) }, 'serviceUrl'],
      [CREATE_SOCIAL, { input: socialInput({ url: 'x.com/no-scheme' }) }, 'url'],
      [CREATE_SOCIAL, { input: socialInput({ url: 'javascript:alert(1)' }) }, 'url'],
      [CREATE_SOCIAL, { input: socialInput({ operatingProcedureUrl: 'intra/sns' }) }, 'operatingProcedureUrl'],
      [UPDATE_CLOUD, { id: cloud.id, input: { expectedVersion: 1, serviceUrl: 'https://' } }, 'serviceUrl'],
      [UPDATE_SOCIAL, { id: social.id, input: { expectedVersion: 1, url: 'https:// x.com' } }, 'url'],
      [
        UPDATE_SOCIAL,
        { id: social.id, input: { expectedVersion: 1, operatingProcedureUrl: 'mailto:koho@example.jp' } },
        'operatingProcedureUrl',
      ],
    ];
    for (const [mutation, variables, field] of attempts) {
      const result = await attempt(organization, before, mutation, variables, token);
      expect({ variables, code: codeOf(result), fields: fieldsOf(result) }).toEqual({ variables, code: 'BAD_USER_INPUT', fields: [field] });
    }
    expect(await counts(organization)).toEqual(before);
    expect((await testApp.gql(SUBJECT, { id: cloud.id }, token)).data!.subject).toMatchObject({
      version: 1,
      serviceUrl: 'https://service.example.jp',
    });
    expect((await testApp.gql(SUBJECT, { id: social.id }, token)).data!.subject).toMatchObject({ version: 1, url: 'https://x.com/ok' });
  });

  it('refuses a data location that is not an ISO 3166-1 alpha-2 code', async () => {
    const { tokens, organization } = await organizationWithRoles(testApp);
    const token = tokens[Role.PROCUREMENT_OFFICER];
    const vendor = await createVendor(testApp, token);
    const cloud = await createCloudService(testApp, token, vendor.id, { dataLocations: ['JP'] });
    const before = await counts(organization);

    for (const dataLocations of [['XX'], ['Japan'], ['JP', 'JPN'], ['']]) {
      const created = await attempt(organization, before, CREATE_CLOUD, { input: cloudInput(vendor.id, { dataLocations }) }, token);
      expect({ dataLocations, code: codeOf(created), fields: fieldsOf(created) }).toEqual({
        dataLocations,
        code: 'BAD_USER_INPUT',
        fields: ['dataLocations'],
      });
      const updated = await attempt(
        organization,
        before,
        UPDATE_CLOUD,
        { id: cloud.id, input: { expectedVersion: 1, dataLocations } },
        token,
      );
      expect({ dataLocations, code: codeOf(updated), fields: fieldsOf(updated) }).toEqual({
        dataLocations,
        code: 'BAD_USER_INPUT',
        fields: ['dataLocations'],
      });
    }
    expect(await counts(organization)).toEqual(before);
    expect((await testApp.gql(SUBJECT, { id: cloud.id }, token)).data!.subject).toMatchObject({ version: 1, dataLocations: ['JP'] });
  });

  it('refuses an AUDITOR-only or deactivated owner (field ownerId)', async () => {
    const { tokens, organization, userIds } = await organizationWithRoles(testApp);
    const token = tokens[Role.ADMIN];
    const vendor = await createVendor(testApp, token);
    const deactivated = await createUser(testApp.dataSource, organization, [Role.STAFF], { active: false });
    const auditorAndStaff = await createUser(testApp.dataSource, organization, [Role.AUDITOR, Role.STAFF]);
    const contract = await createContract(testApp, token, vendor.id, { ownerId: userIds[Role.STAFF] });
    const social = await createSocialMediaAccount(testApp, token);
    const before = await counts(organization);

    for (const ownerId of [userIds[Role.AUDITOR], deactivated.id]) {
      const attempts: [string, Record<string, unknown>][] = [
        [CREATE_CONTRACT, { input: contractInput(vendor.id, { ownerId }) }],
        [CREATE_CLOUD, { input: cloudInput(vendor.id, { ownerId }) }],
        [CREATE_SOCIAL, { input: socialInput({ ownerId, accountName: '@another' }) }],
        [UPDATE_CONTRACT, { id: contract.id, input: { expectedVersion: 1, ownerId } }],
        [UPDATE_SOCIAL, { id: social.id, input: { expectedVersion: 1, ownerId } }],
      ];
      for (const [mutation, variables] of attempts) {
        const result = await attempt(organization, before, mutation, variables, token);
        expect({ variables, code: codeOf(result), fields: fieldsOf(result) }).toEqual({
          variables,
          code: 'BAD_USER_INPUT',
          fields: ['ownerId'],
        });
      }
    }
    expect(await counts(organization)).toEqual(before);
    expect((await testApp.gql(SUBJECT, { id: contract.id }, token)).data!.subject).toMatchObject({
      version: 1,
      owner: { id: userIds[Role.STAFF] },
    });

    // AUDITOR together with another role is a valid owner.
    const shared = await testApp.gql(
      UPDATE_CONTRACT,
      { id: contract.id, input: { expectedVersion: 1, ownerId: auditorAndStaff.id } },
      token,
    );
    expect(shared.errors).toBeUndefined();
  });

  it('refuses evidence that does not fit: unknown or inapplicable requirement, no reference, no rejection comment, wrong state, own decision', async () => {
    const { tokens, organization, userIds } = await organizationWithRoles(testApp);
    const officer = tokens[Role.PROCUREMENT_OFFICER];
    const security = tokens[Role.SECURITY_OFFICER];
    const vendor = await createVendor(testApp, officer);
    const contract = await createContract(testApp, officer, vendor.id, { handlesMyNumber: false, ownerId: userIds[Role.SECURITY_OFFICER] });
    const accepted = await testApp.gql(
      RECORD,
      { input: { subjectId: contract.id, requirementCode: 'OC-01', present: true, reference: '第1条' } },
      officer,
    );
    expect(accepted.errors).toBeUndefined();
    expect(
      (await testApp.gql(DECIDE, { input: { subjectId: contract.id, requirementCode: 'OC-01', decision: 'ACCEPT' } }, tokens[Role.ADMIN]))
        .errors,
    ).toBeUndefined();
    expect(
      (await testApp.gql(RECORD, { input: { subjectId: contract.id, requirementCode: 'OC-02', present: false } }, officer)).errors,
    ).toBeUndefined();
    // Recorded by the security officer, who owns the subject.
    expect(
      (
        await testApp.gql(
          RECORD,
          { input: { subjectId: contract.id, requirementCode: 'OC-03', present: true, reference: '仕様書3.1' } },
          security,
        )
      ).errors,
    ).toBeUndefined();
    expect(
      (
        await testApp.gql(
          RECORD,
          { input: { subjectId: contract.id, requirementCode: 'OC-05', present: true, reference: '第5条' } },
          officer,
        )
      ).errors,
    ).toBeUndefined();
    const before = await counts(organization);

    const badRequirement: [string, Record<string, unknown>][] = [
      [RECORD, { subjectId: contract.id, requirementCode: 'OC-99', present: false }],
      [RECORD, { subjectId: contract.id, requirementCode: 'CS-01', present: false }],
      [RECORD, { subjectId: contract.id, requirementCode: 'oc-01', present: false }],
      // Applies only with My Number data.
      [RECORD, { subjectId: contract.id, requirementCode: 'OC-15', present: true, reference: '第15条' }],
      // Applies only from confidentiality 2.
      [WAIVER, { subjectId: contract.id, requirementCode: 'OC-04', justification: '対象外' }],
      [DECIDE, { subjectId: contract.id, requirementCode: 'OC-15', decision: 'ACCEPT' }],
    ];
    for (const [mutation, input] of badRequirement) {
      const result = await attempt(organization, before, mutation, { input }, tokens[Role.ADMIN]);
      expect({ input, code: codeOf(result), fields: fieldsOf(result) }).toEqual({
        input,
        code: 'BAD_USER_INPUT',
        fields: ['requirementCode'],
      });
    }

    for (const reference of [undefined, null, '', '   ']) {
      const result = await attempt(
        organization,
        before,
        RECORD,
        { input: { subjectId: contract.id, requirementCode: 'OC-06', present: true, reference } },
        officer,
      );
      expect({ reference, code: codeOf(result), fields: fieldsOf(result) }).toEqual({
        reference,
        code: 'BAD_USER_INPUT',
        fields: ['reference'],
      });
    }
    const badLink = await attempt(
      organization,
      before,
      RECORD,
      {
        input: {
          subjectId: contract.id,
          requirementCode: 'OC-06',
          present: true,
          reference: '第6条',
          documentUrl: 'file:///c:/contract.pdf',
        },
      },
      officer,
    );
    expect(fieldsOf(badLink)).toEqual(['documentUrl']);
    const noJustification = await attempt(
      organization,
      before,
      WAIVER,
      { input: { subjectId: contract.id, requirementCode: 'OC-06', justification: '  ' } },
      officer,
    );
    expect(fieldsOf(noJustification)).toEqual(['justification']);

    for (const comment of [undefined, '', '  ']) {
      const result = await attempt(
        organization,
        before,
        DECIDE,
        { input: { subjectId: contract.id, requirementCode: 'OC-05', decision: 'REJECT', comment } },
        security,
      );
      expect({ comment, code: codeOf(result), fields: fieldsOf(result) }).toEqual({ comment, code: 'BAD_USER_INPUT', fields: ['comment'] });
    }

    // NOT_RECORDED (OC-06), ACCEPTED (OC-01) and ABSENT (OC-02) have nothing to decide.
    for (const requirementCode of ['OC-06', 'OC-01', 'OC-02']) {
      for (const decision of ['ACCEPT', 'REJECT']) {
        const result = await attempt(
          organization,
          before,
          DECIDE,
          { input: { subjectId: contract.id, requirementCode, decision, comment: '確認' } },
          security,
        );
        expect({ requirementCode, decision, code: codeOf(result) }).toEqual({ requirementCode, decision, code: 'CONFLICT' });
        // The state is named as people read it, not as the code spells it.
        const current = { 'OC-06': '未記録', 'OC-01': '承認済み', 'OC-02': '規定なし' }[requirementCode];
        expect(result.errors![0].message).toContain(`（現在: ${current}）`);
        expect(result.errors![0].message).not.toMatch(/[A-Z]{2,}_?[A-Z]*）/);
      }
    }

    // The recorder never decides, whatever their role.
    const own = await attempt(
      organization,
      before,
      DECIDE,
      { input: { subjectId: contract.id, requirementCode: 'OC-03', decision: 'ACCEPT' } },
      security,
    );
    expect(codeOf(own)).toBe('FORBIDDEN');
    const ownReject = await attempt(
      organization,
      before,
      DECIDE,
      { input: { subjectId: contract.id, requirementCode: 'OC-03', decision: 'REJECT', comment: '不十分' } },
      security,
    );
    expect(codeOf(ownReject)).toBe('FORBIDDEN');

    const unknownSubject = await attempt(
      organization,
      before,
      RECORD,
      { input: { subjectId: UNKNOWN_ID, requirementCode: 'OC-01', present: false } },
      officer,
    );
    expect(codeOf(unknownSubject)).toBe('NOT_FOUND');

    expect(await counts(organization)).toEqual(before);
    const statuses = await testApp.gql(
      `query($id: ID!) { subject(id: $id) { requirements { requirement { code } state history { version } } } }`,
      { id: contract.id },
      officer,
    );
    const stateOf = (code: string): unknown =>
      statuses.data!.subject.requirements.find((r: { requirement: { code: string } }) => r.requirement.code === code);
    expect(stateOf('OC-01')).toMatchObject({ state: 'ACCEPTED', history: [{ version: 2 }, { version: 1 }] });
    expect(stateOf('OC-03')).toMatchObject({ state: 'RECORDED', history: [{ version: 1 }] });
    expect(stateOf('OC-05')).toMatchObject({ state: 'RECORDED', history: [{ version: 1 }] });
    expect(stateOf('OC-06')).toMatchObject({ state: 'NOT_RECORDED', history: [] });
  });

  it('refuses an organization requirement without the prefix, with an unreadable appliesWhen, or with a code in use', async () => {
    const { tokens, organization } = await organizationWithRoles(testApp);
    const token = tokens[Role.ADMIN];
    await createSocialMediaAccount(testApp, token);
    const input = (overrides: Record<string, unknown>): Record<string, unknown> => ({
      code: `${organization.code}-01`,
      subjectKind: 'SOCIAL_MEDIA_ACCOUNT',
      titleJa: '独自要件',
      titleEn: 'Own requirement',
      appliesWhen: '{"always":true}',
      ...overrides,
    });
    const { tokens: otherTokens, organization: other } = await organizationWithRoles(testApp);
    const before = await counts(organization);

    for (const code of ['01', 'OC-17', `${other.code}-01`, `${organization.code}01`, `x${organization.code}-01`, `${organization.code}-`]) {
      const result = await attempt(organization, before, CREATE_REQUIREMENT, { input: input({ code }) }, token);
      expect({ code, error: codeOf(result), fields: fieldsOf(result) }).toEqual({ code, error: 'BAD_USER_INPUT', fields: ['code'] });
    }
    const unreadable = [
      '{always:true}',
      'not json',
      '',
      '[]',
      '{}',
      'true',
      '{"alwaysApplies":true}',
      '{"always":false}',
      '{"confidentialityAtLeast":4}',
      '{"integrityAtLeast":3}',
      '{"availabilityAtLeast":0}',
      '{"confidentialityAtLeast":"2"}',
      '{"usageType":"FREE"}',
      '{"networkSegment":"INTRANET"}',
      '{"always":true,"colour":"red"}',
    ];
    for (const appliesWhen of unreadable) {
      const result = await attempt(organization, before, CREATE_REQUIREMENT, { input: input({ appliesWhen }) }, token);
      expect({ appliesWhen, code: codeOf(result), fields: fieldsOf(result) }).toEqual({
        appliesWhen,
        code: 'BAD_USER_INPUT',
        fields: ['appliesWhen'],
      });
    }
    const both = await attempt(organization, before, CREATE_REQUIREMENT, { input: input({ titleJa: ' ', titleEn: '' }) }, token);
    expect(fieldsOf(both)).toEqual(['titleEn', 'titleJa']);
    expect(await counts(organization)).toEqual(before);

    const created = await testApp.gql(CREATE_REQUIREMENT, { input: input({}) }, token);
    expect(created.errors).toBeUndefined();
    expect(created.data!.createRequirement).toEqual({ code: `${organization.code}-01`, active: true, builtIn: false });
    const afterCreate = await counts(organization);
    expect(afterCreate.requirements).toBe(before.requirements + 1);

    const duplicate = await testApp.gql(
      CREATE_REQUIREMENT,
      { input: input({ subjectKind: 'CLOUD_SERVICE', appliesWhen: '{"confidentialityAtLeast":2}' }) },
      token,
    );
    expect(codeOf(duplicate)).toBe('CONFLICT');
    expect(await counts(organization)).toEqual(afterCreate);
    // Another organization is not stopped by this one's codes.
    const elsewhere = await testApp.gql(CREATE_REQUIREMENT, { input: input({ code: `${other.code}-01` }) }, otherTokens[Role.ADMIN]);
    expect(elsewhere.errors).toBeUndefined();
  });
});
