import { SignInThrottle } from '../src/auth/sign-in-throttle.service';
import { Role } from '../src/common/role';
import {
  codeOf,
  createOrganization,
  createUser,
  GraphQLResponse,
  login,
  PASSWORD,
  startApp,
  TestApp,
  TestOrganization,
} from './support/harness';

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { accessToken expiresAt user { id email roles active mustChangePassword } } }`;
const ME = `query { me { id email } }`;
const LOGOUT = `mutation { logout }`;
const WRONG_PASSWORD = 'wrong password 123';

interface AuditRow {
  action: string;
  actor_id: string | null;
  entity_type: string;
  entity_id: string | null;
  // The sign-in events carry these two; other fields are not read here.
  changes: { reason?: [null, string]; lockedUntil?: [null, string] } | null;
}

describe('sign-in', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  const signIn = (organizationCode: string, email: string, password: string): Promise<GraphQLResponse> =>
    testApp.gql(LOGIN, { input: { organizationCode, email, password } });

  const auditOf = (organization: TestOrganization, userId: string): Promise<AuditRow[]> =>
    testApp.dataSource.query(
      `SELECT action, actor_id, entity_type, entity_id, changes FROM audit_events
        WHERE organization_id = $1 AND (entity_id = $2 OR actor_id::text = $2) ORDER BY at, id`,
      [organization.id, userId],
    );

  /** POST /graphql with exactly the given headers (the harness only sends well-formed bearer tokens). */
  const withHeaders = async (headers: Record<string, string>): Promise<GraphQLResponse> => {
    const response = await fetch(`${testApp.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: ME }),
    });
    return { ...((await response.json()) as GraphQLResponse), status: response.status };
  };

  it('returns a token that expires about 8 hours ahead, and the user', async () => {
    const organization = await createOrganization(testApp.dataSource);
    const user = await createUser(testApp.dataSource, organization, [Role.STAFF, Role.AUDITOR]);
    const before = Date.now();
    const result = await signIn(organization.code, user.email.toUpperCase(), PASSWORD);
    expect(result.errors).toBeUndefined();
    const payload = result.data!.login;
    expect(payload.accessToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const expiresAt = new Date(payload.expiresAt).getTime();
    expect(expiresAt).toBeGreaterThanOrEqual(before + 8 * 3600_000 - 1000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 8 * 3600_000 + 1000);
    expect(payload.user).toEqual({
      id: user.id,
      email: user.email,
      roles: [Role.STAFF, Role.AUDITOR],
      active: true,
      mustChangePassword: false,
    });

    const me = await testApp.gql(ME, {}, payload.accessToken);
    expect(me.data!.me).toEqual({ id: user.id, email: user.email });
    const audit = await auditOf(organization, user.id);
    expect(audit).toEqual([expect.objectContaining({ action: 'LOGIN_SUCCEEDED', actor_id: user.id, entity_type: 'Session' })]);
  });

  it('gives one answer for an unknown organization, unknown email, wrong password and deactivated account', async () => {
    const organization = await createOrganization(testApp.dataSource);
    const deactivated = await createUser(testApp.dataSource, organization, [Role.STAFF], { active: false });
    const answers = [
      await signIn('no-such-organization', organization.adminEmail, PASSWORD),
      await signIn(organization.code, `nobody@${organization.code}.example.jp`, PASSWORD),
      await signIn(organization.code, organization.adminEmail, WRONG_PASSWORD),
      await signIn(organization.code, deactivated.email, PASSWORD),
    ];
    for (const answer of answers) {
      expect(answer.data).toBeNull();
      expect(codeOf(answer)).toBe('UNAUTHENTICATED');
    }
    const shapes = answers.map((answer) => JSON.stringify({ status: answer.status, errors: answer.errors }));
    expect(new Set(shapes).size).toBe(1);

    // Failures are audited once a minute per account and address, with a count: the sweep closes this minute.
    await testApp.app.get(SignInThrottle).sweep(new Date(Date.now() + 60_000));
    const reasons = await testApp.dataSource.query<{ reason: string; count: number }[]>(
      `SELECT changes->'reason'->>1 AS reason, (changes->'count'->>1)::int AS count FROM audit_events
        WHERE organization_id = $1 AND action = 'LOGIN_FAILED' ORDER BY changes->'reason'->>1`,
      [organization.id],
    );
    expect(reasons).toEqual([
      { reason: 'DEACTIVATED', count: 1 },
      { reason: 'UNKNOWN_EMAIL', count: 1 },
      { reason: 'WRONG_PASSWORD', count: 1 },
    ]);
  });

  it("revokes the token on logout and leaves the user's other sessions alone", async () => {
    const organization = await createOrganization(testApp.dataSource);
    const user = await createUser(testApp.dataSource, organization, [Role.STAFF]);
    const token = await login(testApp, organization.code, user.email);
    const otherSession = await login(testApp, organization.code, user.email);

    const out = await testApp.gql(LOGOUT, {}, token);
    expect(out.errors).toBeUndefined();
    expect(out.data!.logout).toBe(true);

    const after = await testApp.gql(ME, {}, token);
    expect(codeOf(after)).toBe('UNAUTHENTICATED');
    expect(after.data).toBeNull();
    expect(codeOf(await testApp.gql(LOGOUT, {}, token))).toBe('UNAUTHENTICATED');
    expect((await testApp.gql(ME, {}, otherSession)).data!.me.id).toBe(user.id);

    const audit = await auditOf(organization, user.id);
    expect(audit.map((row) => row.action)).toEqual(['LOGIN_SUCCEEDED', 'LOGIN_SUCCEEDED', 'LOGOUT']);
  });

  it('refuses an expired session', async () => {
    const organization = await createOrganization(testApp.dataSource);
    const user = await createUser(testApp.dataSource, organization, [Role.STAFF]);
    const token = await login(testApp, organization.code, user.email);
    expect((await testApp.gql(ME, {}, token)).data!.me.id).toBe(user.id);

    await testApp.dataSource.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.id]);
    const expired = await testApp.gql(ME, {}, token);
    expect(codeOf(expired)).toBe('UNAUTHENTICATED');
    expect(expired.data).toBeNull();
  });

  it.each([
    ['no Authorization header', {}],
    ['a garbage bearer token', { authorization: 'Bearer garbage' }],
    ['a well-formed token nobody was given', { authorization: `Bearer ${'A'.repeat(43)}` }],
    ['another scheme', { authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}` }],
  ])('refuses %s', async (_case, headers: Record<string, string>) => {
    const result = await withHeaders(headers);
    expect(codeOf(result)).toBe('UNAUTHENTICATED');
    expect(result.data).toBeNull();
  });

  it('never writes the password or the token to the audit trail', async () => {
    const organization = await createOrganization(testApp.dataSource);
    const token = await login(testApp, organization.code, organization.adminEmail);
    await signIn(organization.code, organization.adminEmail, WRONG_PASSWORD);
    await signIn(organization.code, `nobody@${organization.code}.example.jp`, WRONG_PASSWORD);
    await testApp.gql(LOGOUT, {}, token);
    const [{ text }] = await testApp.dataSource.query<{ text: string }[]>(
      `SELECT coalesce(string_agg(row_to_json(e)::text, ' '), '') AS text FROM audit_events e WHERE organization_id = $1`,
      [organization.id],
    );
    expect(text).toContain('LOGOUT');
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(WRONG_PASSWORD);
    expect(text).not.toContain(token);
    expect(text).not.toContain('$argon2');
  });
});
