import { Role } from '../src/common/role';
import { codeOf, createUser, organizationWithRoles, startApp, TestApp } from './support/harness';

const CREATE_VENDOR = `mutation($input: CreateVendorInput!) { createVendor(input: $input) { id version } }`;
const CREATE_CONTRACT = `mutation($input: CreateOutsourcingContractInput!) {
  createOutsourcingContract(input: $input) { id version riskTier compliance { status findings { code requirementCode message } } } }`;
const UPDATE_CONTRACT = `mutation($id: ID!, $input: UpdateOutsourcingContractInput!) {
  updateOutsourcingContract(id: $id, input: $input) { id version riskTier compliance { status findings { code requirementCode } } } }`;
const RECORD = `mutation($input: RecordRequirementEvidenceInput!) { recordRequirementEvidence(input: $input) { state reference recordedBy { id } history { version state } } }`;
const DECIDE = `mutation($input: DecideRequirementEvidenceInput!) { decideRequirementEvidence(input: $input) { state decidedBy { id } history { version state } } }`;
const SUBJECT = `query($id: ID!) { subject(id: $id) { id name riskTier version compliance { status findings { code requirementCode } }
  requirements { applicable state requirement { code } } ... on OutsourcingContract { vendor { name } } } }`;
const SUMMARY = `{ complianceSummary { total compliant pendingReview nonCompliant byFinding { code count } byKind { kind total nonCompliant } } }`;

describe('outsourcing contracts and compliance', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  it('walks a contract from missing clauses to compliant, and back when confidentiality rises', async () => {
    const { tokens, userIds, organization } = await organizationWithRoles(testApp);
    const owner = await createUser(testApp.dataSource, organization, [Role.STAFF]);
    const vendor = await testApp.gql(CREATE_VENDOR, { input: { name: '株式会社委託先' } }, tokens[Role.PROCUREMENT_OFFICER]);
    const created = await testApp.gql(
      CREATE_CONTRACT,
      {
        input: {
          name: '電算システム保守業務委託',
          vendorId: vendor.data!.createVendor.id,
          ownerId: owner.id,
          contractNumber: 'R8-001',
          startDate: '2026-04-01',
          endDate: '2099-03-31',
          confidentiality: 1,
          integrity: 1,
          availability: 1,
          networkSegment: 'LGWAN',
          handlesPersonalInformation: false,
          handlesMyNumber: false,
          subcontractingAllowed: false,
        },
      },
      tokens[Role.PROCUREMENT_OFFICER],
    );
    expect(created.errors).toBeUndefined();
    const contract = created.data!.createOutsourcingContract;
    expect(contract.riskTier).toBe('LOW');
    expect(contract.compliance.status).toBe('NON_COMPLIANT');
    const always = ['OC-01', 'OC-02', 'OC-03', 'OC-05', 'OC-06', 'OC-07', 'OC-08', 'OC-09', 'OC-10', 'OC-11', 'OC-12', 'OC-13'];
    expect(contract.compliance.findings.map((f: { requirementCode: string }) => f.requirementCode).sort()).toEqual(always);
    expect(contract.compliance.findings.every((f: { code: string }) => f.code === 'REQUIREMENT_NOT_RECORDED')).toBe(true);

    for (const code of always) {
      const recorded = await testApp.gql(
        RECORD,
        { input: { subjectId: contract.id, requirementCode: code, present: true, reference: `第${code.slice(3)}条` } },
        tokens[Role.PROCUREMENT_OFFICER],
      );
      expect(recorded.errors).toBeUndefined();
      expect(recorded.data!.recordRequirementEvidence).toMatchObject({
        state: 'RECORDED',
        recordedBy: { id: userIds[Role.PROCUREMENT_OFFICER] },
      });
    }
    const pending = await testApp.gql(SUBJECT, { id: contract.id }, tokens[Role.AUDITOR]);
    expect(pending.data!.subject.compliance.status).toBe('PENDING_REVIEW');

    const ownDecision = await testApp.gql(
      DECIDE,
      { input: { subjectId: contract.id, requirementCode: 'OC-01', decision: 'ACCEPT' } },
      tokens[Role.PROCUREMENT_OFFICER],
    );
    expect(codeOf(ownDecision)).toBe('FORBIDDEN');
    for (const code of always) {
      const decided = await testApp.gql(
        DECIDE,
        { input: { subjectId: contract.id, requirementCode: code, decision: 'ACCEPT' } },
        tokens[Role.SECURITY_OFFICER],
      );
      expect(decided.errors).toBeUndefined();
      expect(decided.data!.decideRequirementEvidence.history.map((h: { state: string }) => h.state)).toEqual(['ACCEPTED', 'RECORDED']);
    }
    const compliant = await testApp.gql(SUBJECT, { id: contract.id }, tokens[Role.AUDITOR]);
    expect(compliant.data!.subject.compliance).toEqual({ status: 'COMPLIANT', findings: [] });
    const summary = await testApp.gql(SUMMARY, {}, tokens[Role.AUDITOR]);
    expect(summary.data!.complianceSummary).toMatchObject({ total: 1, compliant: 1, nonCompliant: 0 });

    const raised = await testApp.gql(
      UPDATE_CONTRACT,
      { id: contract.id, input: { expectedVersion: compliant.data!.subject.version, confidentiality: 2 } },
      tokens[Role.PROCUREMENT_OFFICER],
    );
    expect(raised.errors).toBeUndefined();
    expect(raised.data!.updateOutsourcingContract.riskTier).toBe('MEDIUM');
    expect(
      raised.data!.updateOutsourcingContract.compliance.findings.map((f: { requirementCode: string }) => f.requirementCode).sort(),
    ).toEqual(['OC-04', 'OC-16']);

    const deactivated = await testApp.gql(
      `mutation($id: ID!) { updateUser(id: $id, input: { active: false }) { active } }`,
      { id: owner.id },
      tokens[Role.ADMIN],
    );
    expect(deactivated.errors).toBeUndefined();
    const ownerless = await testApp.gql(SUBJECT, { id: contract.id }, tokens[Role.AUDITOR]);
    expect(ownerless.data!.subject.compliance.findings.map((f: { code: string }) => f.code)).toContain('OWNER_MISSING');
    const filtered = await testApp.gql(
      `{ subjects(filter: { findingCode: "OWNER_MISSING" }) { totalCount nodes { id } } }`,
      {},
      tokens[Role.AUDITOR],
    );
    expect(filtered.data!.subjects.nodes).toEqual([{ id: contract.id }]);
  });
});
