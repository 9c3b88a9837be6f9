import { Role } from '../src/common/role';
import { createContract, createVendor, organizationWithRoles, startApp, TestApp } from './support/harness';

describe('re-evaluating many subjects at once', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  it('deactivates and reactivates a requirement over 1,200 contracts with a dozen findings each in one transaction', async () => {
    const { tokens, organization } = await organizationWithRoles(testApp);
    const admin = tokens[Role.ADMIN];
    const vendor = await createVendor(testApp, admin);
    const template = await createContract(testApp, admin, vendor.id);
    // Copies of the registered contract, written straight to the tables: only the re-evaluation is under test.
    await testApp.dataSource.query(
      `WITH copies AS (
         INSERT INTO subjects (organization_id, kind, name, search_key, owner_id, department_id, vendor_id, confidentiality, integrity,
                               availability, risk_tier, status, static_status, version)
         SELECT organization_id, kind, name || ' ' || n, search_key, owner_id, department_id, vendor_id, confidentiality, integrity,
                availability, risk_tier, status, static_status, 1
           FROM subjects, generate_series(1, 1199) AS n WHERE id = $1
         RETURNING id, organization_id)
       INSERT INTO outsourcing_contracts (subject_id, organization_id, start_date, network_segment, handles_personal_information,
                                          handles_my_number, subcontracting_allowed)
       SELECT id, organization_id, '2026-04-01', 'LGWAN', false, false, false FROM copies`,
      [template.id],
    );
    const off = await testApp.gql(`mutation { setRequirementActive(code: "OC-01", active: false, reason: "検証") { active } }`, {}, admin);
    expect(off.errors).toBeUndefined();
    const count = async (code: string): Promise<number> =>
      (
        await testApp.dataSource.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM subject_findings WHERE organization_id = $1 AND requirement_code = $2`,
          [organization.id, code],
        )
      )[0].n;
    expect(await count('OC-01')).toBe(0);
    expect(await count('OC-02')).toBe(1200);
    const on = await testApp.gql(
      `mutation { setRequirementActive(code: "OC-01", active: true, reason: "検証終了") { active } }`,
      {},
      admin,
    );
    expect(on.errors).toBeUndefined();
    expect(await count('OC-01')).toBe(1200);
    const summary = await testApp.gql(
      `{ complianceSummary { total nonCompliant } subjects(filter: { findingCode: "REQUIREMENT_NOT_RECORDED" }) { totalCount } }`,
      {},
      admin,
    );
    expect(summary.data).toEqual({ complianceSummary: { total: 1200, nonCompliant: 1200 }, subjects: { totalCount: 1200 } });
  });
});
