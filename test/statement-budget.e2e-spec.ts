import { PAGE_QUERY } from '../bench/page-query';
import { Role } from '../src/common/role';
import { createUser, organizationWithRoles, startApp, TestApp } from './support/harness';

const PAGE = `query($first: Int) {
  subjects(first: $first) {
    totalCount
    nodes {
      id name kind riskTier
      owner { displayName department { name } }
      department { name }
      compliance { status findings { code requirementCode message } }
      requirements { applicable state requirement { code titleJa } recordedBy { displayName } history { version state decidedBy { displayName } } }
      ... on OutsourcingContract { vendor { name certifications { type expired } } subcontractors { name } }
      ... on CloudService { vendor { name } }
      ... on SocialMediaAccount { accountName }
    }
  }
}`;

/** Sends a page query and returns how many SQL statements answered it (X-SQL-Statements, on under NODE_ENV=test). */
async function statementsFor(testApp: TestApp, token: string, first: number, query = PAGE): Promise<{ statements: number; count: number }> {
  const response = await fetch(`${testApp.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables: { first } }),
  });
  const body = (await response.json()) as { data?: { subjects: { nodes: unknown[] } }; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return { statements: statementCount(response), count: body.data!.subjects.nodes.length };
}

/** The X-SQL-Statements header as a number; a missing or malformed header fails the test instead of counting as 0. */
function statementCount(response: Response): number {
  const header = response.headers.get('x-sql-statements');
  if (header === null) throw new Error('the response has no X-SQL-Statements header (SQL_STATEMENT_HEADER off?)');
  if (!/^\d+$/.test(header)) throw new Error(`X-SQL-Statements is not a whole number: "${header}"`);
  return Number(header);
}

describe('SQL statements per request', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  it('answers a page of subjects with every relation in a fixed number of statements, whatever the page size', async () => {
    const { tokens, organization } = await organizationWithRoles(testApp);
    const token = tokens[Role.PROCUREMENT_OFFICER];
    const owners = [
      await createUser(testApp.dataSource, organization, [Role.STAFF]),
      await createUser(testApp.dataSource, organization, [Role.STAFF]),
    ];
    const vendorIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const vendor = await testApp.gql(
        `mutation($input: CreateVendorInput!) { createVendor(input: $input) { id } }`,
        {
          input: { name: `取引先${i}`, certifications: [{ type: 'ISMS', validUntil: '2099-01-01' }] },
        },
        token,
      );
      vendorIds.push(vendor.data!.createVendor.id);
    }
    for (let i = 0; i < 24; i++) {
      const common = { name: `登録対象${String(i).padStart(2, '0')}`, ownerId: owners[i % 2].id };
      const result =
        i % 3 === 0
          ? await testApp.gql(
              `mutation($input: CreateOutsourcingContractInput!) { createOutsourcingContract(input: $input) { id } }`,
              {
                input: {
                  ...common,
                  vendorId: vendorIds[i % 3],
                  startDate: '2026-04-01',
                  confidentiality: 2,
                  integrity: 1,
                  availability: 1,
                  networkSegment: 'LGWAN',
                  handlesPersonalInformation: true,
                  handlesMyNumber: false,
                  subcontractingAllowed: true,
                  subcontractorIds: [vendorIds[(i + 1) % 3]],
                },
              },
              token,
            )
          : i % 3 === 1
            ? await testApp.gql(
                `mutation($input: CreateCloudServiceInput!) { createCloudService(input: $input) { id } }`,
                {
                  input: {
                    ...common,
                    vendorId: vendorIds[i % 3],
                    usageType: 'CONTRACT',
                    purpose: '電子申請',
                    handlesPersonalInformation: true,
                    confidentiality: 2,
                    integrity: 1,
                    availability: 1,
                  },
                },
                token,
              )
            : await testApp.gql(
                `mutation($input: CreateSocialMediaAccountInput!) { createSocialMediaAccount(input: $input) { id } }`,
                {
                  input: { ...common, platform: 'X', accountName: `@koho${i}`, url: `https://x.com/koho${i}`, purpose: '広報' },
                },
                token,
              );
      expect(result.errors).toBeUndefined();
      const id = Object.values(result.data!)[0].id as string;
      const evidence = await testApp.gql(
        `mutation($input: RecordRequirementEvidenceInput!) { recordRequirementEvidence(input: $input) { state } }`,
        {
          input: {
            subjectId: id,
            requirementCode: i % 3 === 0 ? 'OC-01' : i % 3 === 1 ? 'CS-01' : 'SM-01',
            present: true,
            reference: '第1条',
          },
        },
        token,
      );
      expect(evidence.errors).toBeUndefined();
    }

    const small = await statementsFor(testApp, token, 10);
    // (At first: 100 this page costs more than GRAPHQL_MAX_COST allows.)
    const large = await statementsFor(testApp, token, 30);
    expect(small.count).toBe(10);
    expect(small.statements).toBeGreaterThan(0);
    expect(large.count).toBe(24);
    // The budget: sign-in lookup, the organization's list sizes the cost estimate needs (requirements,
    // history), count, page, one per kind's details, subcontractors, vendors and their certifications,
    // owners, departments, stored findings, vendor thresholds, catalog, evidence, the people who recorded
    // and decided: 16, the same for 3 rows as for 24.
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(16);

    // The bench's page (owner, vendor and status of each subject): the sign-in lookup and the page's
    // one statement, whatever its size.
    const benchSmall = await statementsFor(testApp, token, 10, PAGE_QUERY);
    const benchLarge = await statementsFor(testApp, token, 100, PAGE_QUERY);
    expect([benchSmall.count, benchLarge.count]).toEqual([10, 24]);
    expect(benchLarge.statements).toBe(benchSmall.statements);
    expect(benchSmall.statements).toBeLessThanOrEqual(3);
  });

  it('fails the count when the statement header is missing or is not a whole number', async () => {
    const withoutHeader = await startApp({ SQL_STATEMENT_HEADER: 'false' });
    try {
      const response = await fetch(`${withoutHeader.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(response.status).toBe(200);
      expect(() => statementCount(response)).toThrow('the response has no X-SQL-Statements header');
    } finally {
      await withoutHeader.close();
    }
    for (const value of ['', 'abc', '1.5', '-1']) {
      expect(() => statementCount(new Response(null, { headers: { 'x-sql-statements': value } }))).toThrow('not a whole number');
    }
    expect(statementCount(new Response(null, { headers: { 'x-sql-statements': '7' } }))).toBe(7);
  });
});
