import { GraphQLSchemaHost } from '@nestjs/graphql';
import { buildSchema, getIntrospectionQuery, parse } from 'graphql';
import { Role } from '../src/common/role';
import { measuresOf, unboundedLists } from '../src/graphql/list-bounds';
import { MAX_COST, queryCost } from '../src/graphql/query-limits';
import { createSocialMediaAccount, GraphQLResponse, organizationWithRoles, startApp, TestApp, tokyoDate } from './support/harness';

/**
 * The query of issue 9 that took the service down: each subject's reviews, each review's subject,
 * its reviews again… 125 bytes and depth 10, within the depth, alias and (then) cost limits, over
 * 100 subjects with 31 reviews each: 100 × 31⁴ ≈ 92 million reviews to build in memory.
 */
const NESTED =
  '{ subjects(first: 100) { nodes { reviews { subject { reviews { subject { reviews { subject { reviews { id } } } } } } } } } }';
const SUBJECTS = 100;
const CAMPAIGNS = 30;
/** A page with a plain list in it, as a register screen asks for it. */
const PAGE = '{ subjects(first: 100) { nodes { id name reviews { id kind dueDate status } } } }';

interface Answer extends GraphQLResponse {
  /** X-SQL-Statements: the SQL statements sent for the request. */
  statements: number;
}

async function post(testApp: TestApp, query: string, token: string): Promise<Answer> {
  const response = await fetch(`${testApp.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as GraphQLResponse;
  return { ...body, status: response.status, statements: Number(response.headers.get('x-sql-statements')) };
}

/** The one answer of a query stopped by a limit: no data, one Japanese error with the validation code. */
function refusedWith(answer: Answer, message: RegExp): void {
  expect(answer.status).toBe(400);
  expect(answer.data).toBeUndefined();
  expect(answer.errors).toEqual([{ message: expect.stringMatching(message), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }]);
}

describe('the cost of plain lists and the budget of a running query', () => {
  let testApp: TestApp;
  /** An AUDITOR of the organization with 100 subjects of 31 reviews each. */
  let auditor: string;
  /** Another organization's AUDITOR, whose subjects have one review each. */
  let otherTenant: string;

  beforeAll(async () => {
    testApp = await startApp();
    const attacked = await organizationWithRoles(testApp);
    auditor = attacked.tokens[Role.AUDITOR];
    for (let i = 0; i < SUBJECTS; i++) {
      // Each new account gets its INITIAL review.
      await createSocialMediaAccount(testApp, attacked.tokens[Role.PROCUREMENT_OFFICER], { name: `広報アカウント${i}` });
    }
    for (let i = 0; i < CAMPAIGNS; i++) {
      const campaign = await testApp.gql(
        'mutation($input: StartReviewCampaignInput!) { startReviewCampaign(input: $input) { total } }',
        { input: { name: `確認キャンペーン${i}`, subjectKind: 'SOCIAL_MEDIA_ACCOUNT', dueDate: tokyoDate(30) } },
        attacked.tokens[Role.SECURITY_OFFICER],
      );
      expect(campaign.data?.startReviewCampaign).toEqual({ total: SUBJECTS });
    }
    const other = await organizationWithRoles(testApp);
    otherTenant = other.tokens[Role.AUDITOR];
    for (let i = 0; i < 3; i++) await createSocialMediaAccount(testApp, other.tokens[Role.PROCUREMENT_OFFICER], { name: `他団体${i}` });
  }, 300_000);

  afterAll(async () => {
    await testApp?.close();
  });

  it('gives every list field of the schema a bound, and names a list that has none', () => {
    const schema = testApp.app.get(GraphQLSchemaHost).schema;
    expect(unboundedLists(schema)).toEqual([]);
    const withNewList = buildSchema('type Note { tags: [String!]! } type Query { notes: [Note!]! }');
    expect(unboundedLists(withNewList)).toEqual(['Note.tags', 'Query.notes']);
  });

  it("answers introspection, whose lists hold the schema (GraphiQL's first request)", async () => {
    const introspection = await post(testApp, getIntrospectionQuery(), auditor);
    expect(introspection.errors).toBeUndefined();
    expect(introspection.data!.__schema.queryType).toMatchObject({ name: 'Query' });
  });

  it('refuses the nested query before anything runs, for an AUDITOR too, and serves the next request', async () => {
    const schema = testApp.app.get(GraphQLSchemaHost).schema;
    expect(measuresOf(schema, parse(NESTED))).toEqual(['reviewsPerSubject']);
    // Each `reviews` costs the organization's largest list of reviews of one subject: 31.
    const expected = queryCost(schema, parse(NESTED), {}, undefined, { reviewsPerSubject: CAMPAIGNS + 1 });
    expect(expected).toBeGreaterThan(100 * 31 ** 4);

    const refused = await post(testApp, NESTED, auditor);
    refusedWith(refused, new RegExp(`^クエリのコスト ${expected} が上限 ${MAX_COST} を超えています。.*入れ子にした一覧`));
    // Only the sign-in lookup and the measure of the lists: no resolver ran, not even the page of subjects.
    expect(refused.statements).toBe(2);

    const page = await post(testApp, '{ subjects(first: 5) { totalCount nodes { name } } }', otherTenant);
    expect(page.errors).toBeUndefined();
    expect(page.data!.subjects.totalCount).toBe(3);
  });

  it('answers a page of 100 subjects with their 31 reviews each', async () => {
    const page = await post(testApp, PAGE, auditor);
    expect(page.errors).toBeUndefined();
    const nodes = page.data!.subjects.nodes as { reviews: { kind: string }[] }[];
    expect(nodes).toHaveLength(SUBJECTS);
    for (const node of nodes) {
      expect(node.reviews).toHaveLength(CAMPAIGNS + 1);
      expect(node.reviews.filter((review) => review.kind === 'CAMPAIGN')).toHaveLength(CAMPAIGNS);
    }
  });

  it("costs a list by the organization's own data: the same nested query is answered where subjects have one review", async () => {
    const answered = await post(testApp, NESTED, otherTenant);
    expect(answered.errors).toBeUndefined();
    const nodes = answered.data!.subjects.nodes as { reviews: { subject: unknown }[] }[];
    expect(nodes).toHaveLength(3);
    expect(nodes.every((node) => node.reviews.length === 1)).toBe(true);
  });

  describe('a query that slips past the estimate (GRAPHQL_MAX_COST set very high)', () => {
    let loose: TestApp;
    beforeAll(async () => {
      loose = await startApp({ GRAPHQL_MAX_COST: '100000000', GRAPHQL_MAX_OBJECTS: '5000', GRAPHQL_MAX_RESPONSE_BYTES: '64kb' });
    });
    afterAll(async () => {
      await loose?.close();
    });

    it('is stopped at 5,000 objects, while another organization is answered at the same time', async () => {
      const [stopped, other] = await Promise.all([
        post(loose, NESTED, auditor),
        post(loose, '{ subjects(first: 5) { nodes { name reviews { kind } } } }', otherTenant),
      ]);
      refusedWith(stopped, /^クエリが返すオブジェクトの数が上限 5,000 を超えたため中止しました。/);
      expect(other.errors).toBeUndefined();
      expect(other.data!.subjects.nodes).toHaveLength(3);
      // And the process goes on serving the organization that sent it.
      const page = await post(loose, '{ subjects(first: 20) { nodes { id name } } }', auditor);
      expect(page.errors).toBeUndefined();
      expect(page.data!.subjects.nodes).toHaveLength(20);
    });

    it('is stopped once its answer passes 64 KB', async () => {
      // 20 pages of 100 names: about 2,000 objects, but more than 64 KB.
      const pages = `{ ${Array.from({ length: 20 }, (_, i) => `p${i}: subjects(first: 100) { nodes { id name kind riskTier } }`).join(' ')} }`;
      refusedWith(await post(loose, pages, auditor), /^クエリの応答の大きさが上限 64 KB を超えたため中止しました。/);
      const onePage = await post(loose, '{ subjects(first: 100) { nodes { id name kind riskTier } } }', auditor);
      expect(onePage.errors).toBeUndefined();
      expect(onePage.data!.subjects.nodes).toHaveLength(SUBJECTS);
    });
  });

  describe('a query past its deadline (GRAPHQL_DEADLINE_MS=1)', () => {
    let hurried: TestApp;
    beforeAll(async () => {
      hurried = await startApp({ GRAPHQL_MAX_COST: '100000000', GRAPHQL_DEADLINE_MS: '1' });
    });
    afterAll(async () => {
      await hurried?.close();
    });

    it('stops the nested query (which would build millions of reviews) instead of holding the process', async () => {
      refusedWith(await post(hurried, NESTED, auditor), /^クエリの実行時間が上限 0\.001 秒を超えたため中止しました。/);
      const typename = await post(hurried, '{ __typename }', auditor);
      expect(typename.data).toEqual({ __typename: 'Query' });
    });

    it('does not cut off a mutation: its change is kept and answered whole', async () => {
      const { tokens } = await organizationWithRoles(hurried);
      const created = await post(hurried, 'mutation { createDepartment(input: { name: "情報政策課" }) { id name } }', tokens[Role.ADMIN]);
      expect(created.errors).toBeUndefined();
      expect(created.data!.createDepartment).toMatchObject({ name: '情報政策課' });
    });
  });
});
