import { randomBytes } from 'node:crypto';
import { SignInThrottle } from '../src/auth/sign-in-throttle.service';
import { Role } from '../src/common/role';
import {
  codeOf,
  createOrganization,
  createUser,
  GraphQLResponse,
  login,
  organizationWithRoles,
  PASSWORD,
  startApp,
  TestApp,
} from './support/harness';

const USER_FIELDS = 'id email displayName roles active mustChangePassword department { id name }';
const CREATE_DEPARTMENT = `mutation($input: CreateDepartmentInput!) { createDepartment(input: $input) { id name } }`;
const DEPARTMENTS = `query { departments { id name } }`;
const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { ${USER_FIELDS} } }`;
const UPDATE_USER = `mutation($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { ${USER_FIELDS} } }`;
const RESET_PASSWORD = `mutation($id: ID!) { resetUserPassword(id: $id) }`;
const CHANGE_PASSWORD = `mutation($input: ChangePasswordInput!) { changePassword(input: $input) }`;
const USERS = `query($first: Int, $after: String) { users(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id email } } nodes { id email } } }`;
const ME = `query { me { id email mustChangePassword } }`;
const VENDORS = `query { vendors { totalCount } }`;
const LOGOUT = `mutation { logout }`;

const NEW_PASSWORD = 'a brand new passphrase';

interface UserConnection {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: { id: string; email: string } }[];
  nodes: { id: string; email: string }[];
}

describe('departments and users', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  const signIn = (organizationCode: string, email: string, password: string) =>
    testApp.gql<{ login: { accessToken: string; user: { mustChangePassword: boolean } } }>(
      `mutation($input: LoginInput!) { login(input: $input) { accessToken user { mustChangePassword } } }`,
      { input: { organizationCode, email, password } },
    );

  const userInput = (code: string, overrides: Record<string, unknown> = {}) => ({
    email: `new-${randomBytes(4).toString('hex')}@${code}.example.jp`,
    displayName: '新規 利用者',
    password: PASSWORD,
    roles: [Role.STAFF],
    ...overrides,
  });

  it('lets an ADMIN create departments and users with roles and a department', async () => {
    const organization = await createOrganization(testApp.dataSource);
    const admin = await login(testApp, organization.code, organization.adminEmail);

    const department = await testApp.gql(CREATE_DEPARTMENT, { input: { name: '  情報政策課 ' } }, admin);
    expect(department.errors).toBeUndefined();
    expect(department.data!.createDepartment).toEqual({ id: expect.any(String), name: '情報政策課' });
    await testApp.gql(CREATE_DEPARTMENT, { input: { name: '契約管財課' } }, admin);
    const duplicateDepartment = await testApp.gql(CREATE_DEPARTMENT, { input: { name: '情報政策課' } }, admin);
    expect(codeOf(duplicateDepartment)).toBe('CONFLICT');
    const departments = await testApp.gql(DEPARTMENTS, {}, admin);
    expect(departments.data!.departments.map((d: { name: string }) => d.name).sort()).toEqual(['契約管財課', '情報政策課'].sort());

    const departmentId = department.data!.createDepartment.id;
    const input = userInput(organization.code, {
      email: `Tanaka.Hanako@${organization.code}.example.jp`,
      displayName: '田中 花子',
      roles: [Role.SECURITY_OFFICER, Role.AUDITOR, Role.AUDITOR],
      departmentId,
    });
    const created = await testApp.gql(CREATE_USER, { input }, admin);
    expect(created.errors).toBeUndefined();
    expect(created.data!.createUser).toEqual({
      id: expect.any(String),
      email: `tanaka.hanako@${organization.code}.example.jp`,
      displayName: '田中 花子',
      roles: [Role.SECURITY_OFFICER, Role.AUDITOR],
      active: true,
      mustChangePassword: false,
      department: { id: departmentId, name: '情報政策課' },
    });

    const token = await login(testApp, organization.code, input.email);
    expect((await testApp.gql(ME, {}, token)).data!.me).toEqual({
      id: created.data!.createUser.id,
      email: created.data!.createUser.email,
      mustChangePassword: false,
    });
  });

  it('answers CONFLICT for an e-mail already used in the organization, whatever its case', async () => {
    const organization = await createOrganization(testApp.dataSource);
    const admin = await login(testApp, organization.code, organization.adminEmail);
    const input = userInput(organization.code);
    expect((await testApp.gql(CREATE_USER, { input }, admin)).errors).toBeUndefined();
    const duplicate = await testApp.gql(CREATE_USER, { input: { ...input, email: input.email.toUpperCase() } }, admin);
    expect(codeOf(duplicate)).toBe('CONFLICT');
    expect(duplicate.data).toBeNull();

    // Another organization may use the same address.
    const other = await createOrganization(testApp.dataSource);
    const otherAdmin = await login(testApp, other.code, other.adminEmail);
    expect((await testApp.gql(CREATE_USER, { input }, otherAdmin)).errors).toBeUndefined();
  });

  it('refuses a password under 12 characters with a field error', async () => {
    const organization = await createOrganization(testApp.dataSource);
    const admin = await login(testApp, organization.code, organization.adminEmail);
    const input = userInput(organization.code, { password: '12345678901' });
    const result = await testApp.gql(CREATE_USER, { input }, admin);
    expect(codeOf(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0].extensions!.fieldErrors).toEqual([{ field: 'password', message: expect.stringContaining('12') }]);
    const [{ count }] = await testApp.dataSource.query<{ count: number }[]>(
      'SELECT count(*)::int AS count FROM users WHERE organization_id = $1',
      [organization.id],
    );
    expect(count).toBe(1);
  });

  it('refuses common passwords, one repeated character, the e-mail local part and the organization code, in createUser and changePassword', async () => {
    const organization = await createOrganization(testApp.dataSource);
    const admin = await login(testApp, organization.code, organization.adminEmail);
    const email = `yamada.taro@${organization.code}.example.jp`;
    const cases: [string, string][] = [
      ['password1234', 'よく使われていて推測されやすいパスワードです。別のパスワードにしてください。'],
      ['aaaaaaaaaaaa', '同じ文字だけを繰り返したパスワードは使えません。'],
      [' '.repeat(12), '同じ文字だけを繰り返したパスワードは使えません。'],
      ['i-am-Yamada.Taro!', 'メールアドレスの@より前の部分を含むパスワードは使えません。'],
      [`our ${organization.code} office`, '組織コードを含むパスワードは使えません。'],
    ];
    for (const [password, message] of cases) {
      const result = await testApp.gql(CREATE_USER, { input: userInput(organization.code, { email, password }) }, admin);
      expect(result.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', fieldErrors: [{ field: 'password', message }] });
    }
    const [{ count }] = await testApp.dataSource.query<{ count: string }[]>('SELECT count(*) FROM users WHERE email = $1', [email]);
    expect(count).toBe('0');

    const created = await testApp.gql(CREATE_USER, { input: userInput(organization.code, { email }) }, admin);
    expect(created.errors).toBeUndefined();
    const token = await login(testApp, organization.code, email);
    for (const [newPassword, message] of cases) {
      const result = await testApp.gql(CHANGE_PASSWORD, { input: { currentPassword: PASSWORD, newPassword } }, token);
      expect(result.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', fieldErrors: [{ field: 'newPassword', message }] });
    }
    expect((await signIn(organization.code, email, PASSWORD)).errors).toBeUndefined();
  });

  it('lists every bad field at once', async () => {
    const organization = await createOrganization(testApp.dataSource);
    const admin = await login(testApp, organization.code, organization.adminEmail);
    const result = await testApp.gql(
      CREATE_USER,
      { input: { email: 'not-an-address', displayName: '', password: 'short', roles: [], departmentId: 'dept-1' } },
      admin,
    );
    expect(codeOf(result)).toBe('BAD_USER_INPUT');
    const fields = result.errors![0].extensions!.fieldErrors!.map((error) => error.field);
    expect(new Set(fields)).toEqual(new Set(['email', 'displayName', 'password', 'roles', 'departmentId']));
    for (const error of result.errors![0].extensions!.fieldErrors!) expect(error.message).toEqual(expect.any(String));
  });

  it("changes roles, taking effect on the user's next request", async () => {
    const organization = await createOrganization(testApp.dataSource);
    const admin = await login(testApp, organization.code, organization.adminEmail);
    const user = await createUser(testApp.dataSource, organization, [Role.STAFF]);
    const token = await login(testApp, organization.code, user.email);
    const createVendor = `mutation { createVendor(input: { name: "権限確認株式会社" }) { id } }`;
    expect(codeOf(await testApp.gql(createVendor, {}, token))).toBe('FORBIDDEN');

    const updated = await testApp.gql(
      UPDATE_USER,
      { id: user.id, input: { roles: [Role.PROCUREMENT_OFFICER, Role.STAFF], displayName: '調達 担当' } },
      admin,
    );
    expect(updated.errors).toBeUndefined();
    expect(updated.data!.updateUser).toMatchObject({
      id: user.id,
      roles: [Role.PROCUREMENT_OFFICER, Role.STAFF],
      displayName: '調達 担当',
      active: true,
    });
    expect((await testApp.gql(createVendor, {}, token)).errors).toBeUndefined();
  });

  it('moves a user between departments and removes the department with null', async () => {
    const organization = await createOrganization(testApp.dataSource);
    const admin = await login(testApp, organization.code, organization.adminEmail);
    const user = await createUser(testApp.dataSource, organization, [Role.STAFF]);
    const department = (await testApp.gql(CREATE_DEPARTMENT, { input: { name: '総務課' } }, admin)).data!.createDepartment;
    const moved = await testApp.gql(UPDATE_USER, { id: user.id, input: { departmentId: department.id } }, admin);
    expect(moved.data!.updateUser.department).toEqual(department);
    const removed = await testApp.gql(UPDATE_USER, { id: user.id, input: { departmentId: null } }, admin);
    expect(removed.data!.updateUser.department).toBeNull();
  });

  it("ends a deactivated user's sessions at once and refuses their sign-in", async () => {
    const organization = await createOrganization(testApp.dataSource);
    const admin = await login(testApp, organization.code, organization.adminEmail);
    const user = await createUser(testApp.dataSource, organization, [Role.STAFF]);
    const token = await login(testApp, organization.code, user.email);
    expect((await testApp.gql(ME, {}, token)).data!.me.id).toBe(user.id);

    const deactivated = await testApp.gql(UPDATE_USER, { id: user.id, input: { active: false } }, admin);
    expect(deactivated.errors).toBeUndefined();
    expect(deactivated.data!.updateUser.active).toBe(false);
    expect(codeOf(await testApp.gql(ME, {}, token))).toBe('UNAUTHENTICATED');
    const [{ open }] = await testApp.dataSource.query<{ open: number }[]>(
      'SELECT count(*)::int AS open FROM sessions WHERE user_id = $1 AND revoked_at IS NULL',
      [user.id],
    );
    expect(open).toBe(0);
    expect(codeOf(await signIn(organization.code, user.email, PASSWORD))).toBe('UNAUTHENTICATED');

    // Reactivation lets them sign in again; the old token stays dead.
    expect((await testApp.gql(UPDATE_USER, { id: user.id, input: { active: true } }, admin)).errors).toBeUndefined();
    expect((await signIn(organization.code, user.email, PASSWORD)).errors).toBeUndefined();
    expect(codeOf(await testApp.gql(ME, {}, token))).toBe('UNAUTHENTICATED');

    const actions = await testApp.dataSource.query<{ action: string }[]>(
      `SELECT action FROM audit_events WHERE entity_id = $1 AND action LIKE 'USER_%' ORDER BY at, id`,
      [user.id],
    );
    expect(actions.map((row) => row.action)).toEqual(['USER_DEACTIVATED', 'USER_REACTIVATED']);
  });

  it('does not let an admin deactivate themselves', async () => {
    const organization = await createOrganization(testApp.dataSource);
    await createUser(testApp.dataSource, organization, [Role.ADMIN]);
    const admin = await login(testApp, organization.code, organization.adminEmail);
    const result = await testApp.gql(UPDATE_USER, { id: organization.adminId, input: { active: false } }, admin);
    expect(codeOf(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0].extensions!.fieldErrors).toEqual([{ field: 'active', message: expect.any(String) }]);
    expect((await testApp.gql(ME, {}, admin)).data!.me.id).toBe(organization.adminId);
  });

  it('keeps at least one active ADMIN', async () => {
    const organization = await createOrganization(testApp.dataSource);
    const admin = await login(testApp, organization.code, organization.adminEmail);
    const alone = await testApp.gql(UPDATE_USER, { id: organization.adminId, input: { roles: [Role.STAFF] } }, admin);
    expect(codeOf(alone)).toBe('CONFLICT');
    const [{ roles }] = await testApp.dataSource.query<{ roles: string }[]>('SELECT roles::text AS roles FROM users WHERE id = $1', [
      organization.adminId,
    ]);
    expect(roles).toBe('{ADMIN}');

    // With a second active ADMIN, the first may step down; then the second is the last one.
    const second = await createUser(testApp.dataSource, organization, [Role.ADMIN]);
    const stepDown = await testApp.gql(UPDATE_USER, { id: organization.adminId, input: { roles: [Role.STAFF] } }, admin);
    expect(stepDown.errors).toBeUndefined();
    expect(stepDown.data!.updateUser.roles).toEqual([Role.STAFF]);
    const secondToken = await login(testApp, organization.code, second.email);
    expect(codeOf(await testApp.gql(UPDATE_USER, { id: second.id, input: { roles: [Role.AUDITOR] } }, secondToken))).toBe('CONFLICT');
  });

  it('keeps one ADMIN when two admins demote each other at the same moment', async () => {
    // A race: a few rounds, so that an unserialised check would be caught by at least one.
    for (let round = 0; round < 5; round++) {
      const organization = await createOrganization(testApp.dataSource);
      const second = await createUser(testApp.dataSource, organization, [Role.ADMIN]);
      const firstToken = await login(testApp, organization.code, organization.adminEmail);
      const secondToken = await login(testApp, organization.code, second.email);
      const results = await Promise.all([
        testApp.gql(UPDATE_USER, { id: second.id, input: { roles: [Role.STAFF] } }, firstToken),
        testApp.gql(UPDATE_USER, { id: organization.adminId, input: { roles: [Role.STAFF] } }, secondToken),
      ]);
      // The loser is refused as the last ADMIN, or, when the winner committed first, as no ADMIN at all.
      const codes = results.map(codeOf);
      expect(codes.filter((code) => code === undefined)).toHaveLength(1);
      expect(codes.filter((code) => code === 'CONFLICT' || code === 'FORBIDDEN')).toHaveLength(1);
      const [{ admins }] = await testApp.dataSource.query<{ admins: number }[]>(
        `SELECT count(*)::int AS admins FROM users WHERE organization_id = $1 AND active AND 'ADMIN' = ANY(roles)`,
        [organization.id],
      );
      expect(admins).toBe(1);
    }
  });

  it('resets a password: old sessions end and the one-time password only allows me, changePassword and logout', async () => {
    const organization = await createOrganization(testApp.dataSource);
    const admin = await login(testApp, organization.code, organization.adminEmail);
    const user = await createUser(testApp.dataSource, organization, [Role.PROCUREMENT_OFFICER]);
    const oldToken = await login(testApp, organization.code, user.email);

    const reset = await testApp.gql(RESET_PASSWORD, { id: user.id }, admin);
    expect(reset.errors).toBeUndefined();
    const oneTimePassword: string = reset.data!.resetUserPassword;
    expect(oneTimePassword).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(codeOf(await testApp.gql(ME, {}, oldToken))).toBe('UNAUTHENTICATED');
    expect(codeOf(await signIn(organization.code, user.email, PASSWORD))).toBe('UNAUTHENTICATED');

    const signedIn = await signIn(organization.code, user.email, oneTimePassword);
    expect(signedIn.errors).toBeUndefined();
    expect(signedIn.data!.login.user.mustChangePassword).toBe(true);
    const token = signedIn.data!.login.accessToken;
    expect((await testApp.gql(ME, {}, token)).data!.me).toEqual({ id: user.id, email: user.email, mustChangePassword: true });
    for (const operation of [VENDORS, USERS, DEPARTMENTS, `mutation { createVendor(input: { name: "未変更株式会社" }) { id } }`]) {
      const refused = await testApp.gql(operation, {}, token);
      expect(codeOf(refused)).toBe('FORBIDDEN');
    }
    const spare = (await signIn(organization.code, user.email, oneTimePassword)).data!.login.accessToken;
    expect((await testApp.gql(LOGOUT, {}, spare)).data!.logout).toBe(true);

    const wrongCurrent = await testApp.gql(
      CHANGE_PASSWORD,
      { input: { currentPassword: 'not the one time', newPassword: NEW_PASSWORD } },
      token,
    );
    expect(codeOf(wrongCurrent)).toBe('BAD_USER_INPUT');
    expect(wrongCurrent.errors![0].extensions!.fieldErrors).toEqual([{ field: 'currentPassword', message: expect.any(String) }]);
    expect(codeOf(await testApp.gql(VENDORS, {}, token))).toBe('FORBIDDEN');

    const changed = await testApp.gql(CHANGE_PASSWORD, { input: { currentPassword: oneTimePassword, newPassword: NEW_PASSWORD } }, token);
    expect(changed.errors).toBeUndefined();
    expect(changed.data!.changePassword).toBe(true);
    expect((await testApp.gql(ME, {}, token)).data!.me.mustChangePassword).toBe(false);
    expect((await testApp.gql(VENDORS, {}, token)).data!.vendors.totalCount).toBe(0);
    expect(codeOf(await signIn(organization.code, user.email, oneTimePassword))).toBe('UNAUTHENTICATED');
    expect((await signIn(organization.code, user.email, NEW_PASSWORD)).errors).toBeUndefined();
  });

  it('clears a lock when an admin resets the password', async () => {
    const organization = await createOrganization(testApp.dataSource);
    const admin = await login(testApp, organization.code, organization.adminEmail);
    const user = await createUser(testApp.dataSource, organization, [Role.STAFF]);
    for (let attempt = 1; attempt <= 5; attempt++) await signIn(organization.code, user.email, 'wrong password 123');
    expect(codeOf(await signIn(organization.code, user.email, PASSWORD))).toBe('TOO_MANY_REQUESTS');
    const oneTimePassword = (await testApp.gql(RESET_PASSWORD, { id: user.id }, admin)).data!.resetUserPassword;
    expect((await signIn(organization.code, user.email, oneTimePassword)).errors).toBeUndefined();
  });

  it('changes a password: checks the current one, the new length, and ends the other sessions only', async () => {
    const organization = await createOrganization(testApp.dataSource);
    const user = await createUser(testApp.dataSource, organization, [Role.STAFF]);
    const token = await login(testApp, organization.code, user.email);
    const otherSession = await login(testApp, organization.code, user.email);

    const wrong = await testApp.gql(
      CHANGE_PASSWORD,
      { input: { currentPassword: 'wrong password 123', newPassword: NEW_PASSWORD } },
      token,
    );
    expect(codeOf(wrong)).toBe('BAD_USER_INPUT');
    expect(wrong.errors![0].extensions!.fieldErrors!.map((error) => error.field)).toEqual(['currentPassword']);
    const short = await testApp.gql(CHANGE_PASSWORD, { input: { currentPassword: PASSWORD, newPassword: 'too short' } }, token);
    expect(codeOf(short)).toBe('BAD_USER_INPUT');
    expect(short.errors![0].extensions!.fieldErrors!.map((error) => error.field)).toEqual(['newPassword']);
    const same = await testApp.gql(CHANGE_PASSWORD, { input: { currentPassword: PASSWORD, newPassword: PASSWORD } }, token);
    expect(codeOf(same)).toBe('BAD_USER_INPUT');
    expect((await testApp.gql(ME, {}, otherSession)).data!.me.id).toBe(user.id);

    expect(
      (await testApp.gql(CHANGE_PASSWORD, { input: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD } }, token)).data!.changePassword,
    ).toBe(true);
    expect((await testApp.gql(ME, {}, token)).data!.me.id).toBe(user.id);
    expect(codeOf(await testApp.gql(ME, {}, otherSession))).toBe('UNAUTHENTICATED');
    expect(codeOf(await signIn(organization.code, user.email, PASSWORD))).toBe('UNAUTHENTICATED');
    expect((await signIn(organization.code, user.email, NEW_PASSWORD)).errors).toBeUndefined();
  });

  it('counts wrong current passwords in changePassword towards the lockout, and a lock ends every session', async () => {
    const organization = await createOrganization(testApp.dataSource);
    const user = await createUser(testApp.dataSource, organization, [Role.STAFF]);
    const token = await login(testApp, organization.code, user.email);
    for (let attempt = 1; attempt <= 5; attempt++) {
      const wrong = await testApp.gql(
        CHANGE_PASSWORD,
        { input: { currentPassword: `guess number ${attempt}`, newPassword: NEW_PASSWORD } },
        token,
      );
      expect(codeOf(wrong)).toBe('BAD_USER_INPUT');
    }
    expect(codeOf(await testApp.gql(ME, {}, token))).toBe('UNAUTHENTICATED');
    // Held from this address (the guesser's), before the password is even checked.
    expect(codeOf(await signIn(organization.code, user.email, PASSWORD))).toBe('TOO_MANY_REQUESTS');
    await testApp.app.get(SignInThrottle).sweep(new Date(Date.now() + 60_000));
    const events = await testApp.dataSource.query<{ action: string; count: number | null }[]>(
      `SELECT action, (changes->'count'->>1)::int AS count FROM audit_events
        WHERE organization_id = $1 AND entity_id = $2 AND action IN ('PASSWORD_CHANGE_FAILED', 'SIGN_IN_LOCKED') ORDER BY at`,
      [organization.id, user.id],
    );
    const failures = events.filter((e) => e.action === 'PASSWORD_CHANGE_FAILED');
    expect(failures.reduce((sum, e) => sum + e.count!, 0)).toBe(5);
    expect(failures.length).toBeLessThanOrEqual(2);
    expect(events.filter((e) => e.action === 'SIGN_IN_LOCKED')).toHaveLength(1);
  });

  it('pages users by e-mail then id', async () => {
    const organization = await createOrganization(testApp.dataSource);
    const admin = await login(testApp, organization.code, organization.adminEmail);
    for (let i = 0; i < 4; i++) await createUser(testApp.dataSource, organization, [Role.STAFF]);
    const other = await createOrganization(testApp.dataSource);
    await createUser(testApp.dataSource, other, [Role.STAFF]);

    const emails: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: GraphQLResponse<{ users: UserConnection }> = await testApp.gql(USERS, { first: 2, after }, admin);
      expect(page.errors).toBeUndefined();
      const connection = page.data!.users;
      expect(connection.totalCount).toBe(5);
      expect(connection.edges.map((edge) => edge.node)).toEqual(connection.nodes);
      emails.push(...connection.nodes.map((node) => node.email));
      after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
      pages++;
    } while (after);
    expect(pages).toBe(3);
    expect(emails).toHaveLength(5);
    expect(new Set(emails).size).toBe(5);
    expect(emails).toEqual([...emails].sort());
    expect(emails.every((email) => email.endsWith(`@${organization.code}.example.jp`))).toBe(true);

    expect(codeOf(await testApp.gql(USERS, { first: 0 }, admin))).toBe('BAD_USER_INPUT');
    expect(codeOf(await testApp.gql(USERS, { first: 101 }, admin))).toBe('BAD_USER_INPUT');
    expect(codeOf(await testApp.gql(USERS, { after: 'not a cursor' }, admin))).toBe('BAD_USER_INPUT');
  });

  it.each([Role.SECURITY_OFFICER, Role.PROCUREMENT_OFFICER, Role.STAFF, Role.AUDITOR])(
    'refuses user and department administration to %s',
    async (role) => {
      const { organization, tokens, userIds } = await organizationWithRoles(testApp);
      const token = tokens[role];
      const target = userIds[Role.STAFF === role ? Role.AUDITOR : Role.STAFF];
      const attempts = [
        await testApp.gql(CREATE_USER, { input: userInput(organization.code) }, token),
        await testApp.gql(UPDATE_USER, { id: target, input: { roles: [Role.ADMIN] } }, token),
        await testApp.gql(UPDATE_USER, { id: userIds[role], input: { roles: [Role.ADMIN] } }, token),
        await testApp.gql(RESET_PASSWORD, { id: target }, token),
        await testApp.gql(CREATE_DEPARTMENT, { input: { name: '不正な部署' } }, token),
      ];
      expect(attempts.map(codeOf)).toEqual(Array(5).fill('FORBIDDEN'));
      const [{ users, departments }] = await testApp.dataSource.query<{ users: number; departments: number }[]>(
        `SELECT (SELECT count(*)::int FROM users WHERE organization_id = $1) AS users,
              (SELECT count(*)::int FROM departments WHERE organization_id = $1) AS departments`,
        [organization.id],
      );
      expect({ users, departments }).toEqual({ users: 5, departments: 0 });
      const roles = await testApp.dataSource.query<{ roles: string }[]>(
        `SELECT roles::text AS roles FROM users WHERE id = ANY($1::uuid[])`,
        [[target, userIds[role]]],
      );
      expect(roles.map((row) => row.roles)).not.toContain('{ADMIN}');
    },
  );

  it("answers NOT_FOUND for another organization's user or department", async () => {
    const mine = await createOrganization(testApp.dataSource);
    const theirs = await createOrganization(testApp.dataSource);
    const admin = await login(testApp, mine.code, mine.adminEmail);
    const theirAdmin = await login(testApp, theirs.code, theirs.adminEmail);
    const theirUser = await createUser(testApp.dataSource, theirs, [Role.STAFF]);
    const theirDepartment = (await testApp.gql(CREATE_DEPARTMENT, { input: { name: '他団体の課' } }, theirAdmin)).data!.createDepartment;

    const update = await testApp.gql(UPDATE_USER, { id: theirUser.id, input: { active: false } }, admin);
    const reset = await testApp.gql(RESET_PASSWORD, { id: theirUser.id }, admin);
    const unknown = await testApp.gql(RESET_PASSWORD, { id: '00000000-0000-4000-8000-000000000000' }, admin);
    expect([codeOf(update), codeOf(reset), codeOf(unknown)]).toEqual(['NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND']);
    expect(reset.errors![0].message).toBe(unknown.errors![0].message);
    const create = await testApp.gql(CREATE_USER, { input: userInput(mine.code, { departmentId: theirDepartment.id }) }, admin);
    expect(codeOf(create)).toBe('NOT_FOUND');
    const move = await testApp.gql(UPDATE_USER, { id: mine.adminId, input: { departmentId: theirDepartment.id } }, admin);
    expect(codeOf(move)).toBe('NOT_FOUND');

    expect((await signIn(theirs.code, theirUser.email, PASSWORD)).errors).toBeUndefined();
    expect((await testApp.gql(DEPARTMENTS, {}, admin)).data!.departments).toEqual([]);
    const listed = (await testApp.gql(USERS, {}, admin)).data!.users.nodes.map((node: { id: string }) => node.id);
    expect(listed).toEqual([mine.adminId]);
  });
});
