import { randomBytes } from 'node:crypto';
import { SignInThrottle } from '../src/auth/sign-in-throttle.service';
import { Role } from '../src/common/role';
import { codeOf, createOrganization, createUser, PASSWORD, startApp, TestApp, TestOrganization } from './support/harness';

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { accessToken } }`;
const WRONG_PASSWORD = 'wrong password 123';
const LOCKS = `{ signInLocks { id scope userId email address failures lockedUntil } }`;
const CLEAR = `mutation($id: ID!) { clearSignInLock(id: $id) }`;

/** Limits low enough to reach in a test; the per-address ones are on (the harness turns them off for 127.0.0.1's sake). */
const LIMITS = {
  TRUST_PROXY: 'loopback',
  SIGN_IN_ADDRESS_ATTEMPTS_PER_MINUTE: '20',
  SIGN_IN_ACCOUNT_ADDRESS_FAILURES: '5',
  SIGN_IN_ADDRESS_FAILURES: '9',
  SIGN_IN_ACCOUNT_FAILURES: '12',
};

/** An address of TEST-NET-3 nobody else uses in this run. */
const newAddress = (): string => `203.0.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;

interface Answer {
  status: number;
  retryAfter: string | null;
  requestId: string;
  code: string | undefined;
  token: string | undefined;
  retryAfterExtension: unknown;
  message: string | undefined;
}

describe('sign-in limits', () => {
  let testApp: TestApp;
  let other: TestApp;
  beforeAll(async () => {
    testApp = await startApp(LIMITS);
    other = await startApp(LIMITS);
  });
  afterAll(async () => {
    await other?.close();
    await testApp?.close();
  });

  /** Signs in as if from `address` (behind the loopback proxy TRUST_PROXY names). */
  const signInFrom = async (app: TestApp, address: string, organizationCode: string, email: string, password: string): Promise<Answer> => {
    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ query: LOGIN, variables: { input: { organizationCode, email, password } } }),
    });
    const body = (await response.json()) as {
      data?: { login?: { accessToken: string } } | null;
      errors?: { message: string; extensions?: { code?: string; retryAfter?: unknown } }[];
    };
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      requestId: response.headers.get('x-request-id')!,
      code: body.errors?.[0]?.extensions?.code,
      retryAfterExtension: body.errors?.[0]?.extensions?.retryAfter,
      message: body.errors?.[0]?.message,
      token: body.data?.login?.accessToken,
    };
  };

  const auditRowsOfRequest = async (requestId: string): Promise<number> => {
    const [{ count }] = await testApp.dataSource.query<{ count: string }[]>('SELECT count(*) FROM audit_events WHERE request_id = $1', [
      requestId,
    ]);
    return Number(count);
  };

  const failedEvents = (organization: TestOrganization) =>
    testApp.dataSource.query<{ entity_id: string | null; changes: Record<string, [null, unknown]> }[]>(
      `SELECT entity_id, changes FROM audit_events WHERE organization_id = $1 AND action = 'LOGIN_FAILED' ORDER BY at, id`,
      [organization.id],
    );

  it('holds the guessing address after 5 failures, with 429 and Retry-After before any hash or audit row, while the owner signs in from elsewhere', async () => {
    const organization = await createOrganization(testApp.dataSource);
    const user = await createUser(testApp.dataSource, organization, [Role.STAFF]);
    const attacker = newAddress();
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect((await signInFrom(testApp, attacker, organization.code, user.email, WRONG_PASSWORD)).code).toBe('UNAUTHENTICATED');
    }
    const [before] = await testApp.dataSource.query<{ count: number }[]>(
      `SELECT count FROM sign_in_throttles WHERE scope = 'ACCOUNT' AND user_id = $1`,
      [user.id],
    );
    expect(before.count).toBe(5);

    // Even the right password is refused from the guessing address: 429, nothing hashed, nothing audited.
    const refused = await signInFrom(testApp, attacker, organization.code, user.email, PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.code).toBe('TOO_MANY_REQUESTS');
    expect(refused.message).toMatch(/^サインインの試行が多すぎます。\d+秒後にもう一度お試しください。$/);
    const seconds = Number(refused.retryAfter);
    expect(seconds).toBeGreaterThan(14 * 60);
    expect(seconds).toBeLessThanOrEqual(15 * 60);
    expect(refused.retryAfterExtension).toBe(seconds);
    expect(await auditRowsOfRequest(refused.requestId)).toBe(0);
    const [after] = await testApp.dataSource.query<{ count: number }[]>(
      `SELECT count FROM sign_in_throttles WHERE scope = 'ACCOUNT' AND user_id = $1`,
      [user.id],
    );
    expect(after.count).toBe(5);

    // The owner, from their own machine, gets in: the account is not locked for everybody.
    const owner = await signInFrom(testApp, newAddress(), organization.code, user.email, PASSWORD);
    expect(owner.code).toBeUndefined();
    expect(owner.token).toEqual(expect.any(String));
    const lock = await testApp.dataSource.query<{ action: string; changes: Record<string, [null, unknown]> }[]>(
      `SELECT action, changes FROM audit_events WHERE organization_id = $1 AND action = 'SIGN_IN_LOCKED'`,
      [organization.id],
    );
    expect(lock).toHaveLength(1);
    expect(lock[0].changes).toMatchObject({ scope: [null, 'ACCOUNT_ADDRESS'], address: [null, attacker], failures: [null, 5] });
  });

  it('refuses a flood from one address with 429 once it passes the attempts per minute, before hashing', async () => {
    const organization = await createOrganization(testApp.dataSource);
    const flooder = newAddress();
    const answers: Answer[] = [];
    for (let attempt = 1; attempt <= 21; attempt++) {
      answers.push(await signInFrom(testApp, flooder, organization.code, organization.adminEmail, PASSWORD));
    }
    expect(answers.slice(0, 20).map((answer) => answer.code)).toEqual(Array(20).fill(undefined));
    expect(answers[20].status).toBe(429);
    expect(Number(answers[20].retryAfter)).toBeGreaterThan(0);
    expect(Number(answers[20].retryAfter)).toBeLessThanOrEqual(60);
    expect(await auditRowsOfRequest(answers[20].requestId)).toBe(0);
  });

  it('holds across two instances on one database', async () => {
    const organization = await createOrganization(testApp.dataSource);
    const user = await createUser(testApp.dataSource, organization, [Role.STAFF]);
    const attacker = newAddress();
    for (const app of [testApp, other, testApp, other, testApp]) {
      expect((await signInFrom(app, attacker, organization.code, user.email, WRONG_PASSWORD)).code).toBe('UNAUTHENTICATED');
    }
    expect((await signInFrom(other, attacker, organization.code, user.email, PASSWORD)).status).toBe(429);
    expect((await signInFrom(testApp, attacker, organization.code, user.email, PASSWORD)).status).toBe(429);
  });

  it('holds an address spraying many accounts', async () => {
    const organization = await createOrganization(testApp.dataSource);
    const sprayer = newAddress();
    for (let attempt = 1; attempt <= 9; attempt++) {
      const answer = await signInFrom(
        testApp,
        sprayer,
        organization.code,
        `user${attempt}@${organization.code}.example.jp`,
        WRONG_PASSWORD,
      );
      expect(answer.code).toBe('UNAUTHENTICATED');
    }
    expect((await signInFrom(testApp, sprayer, organization.code, organization.adminEmail, PASSWORD)).status).toBe(429);
    expect((await signInFrom(testApp, newAddress(), organization.code, organization.adminEmail, PASSWORD)).token).toEqual(
      expect.any(String),
    );
  });

  it('holds an account guessed from many addresses, but not from an address its owner signed in from', async () => {
    const organization = await createOrganization(testApp.dataSource);
    const user = await createUser(testApp.dataSource, organization, [Role.STAFF]);
    const home = newAddress();
    expect((await signInFrom(testApp, home, organization.code, user.email, PASSWORD)).token).toEqual(expect.any(String));
    for (let wave = 0; wave < 3; wave++) {
      const attacker = newAddress();
      for (let attempt = 1; attempt <= 4; attempt++) {
        expect((await signInFrom(testApp, attacker, organization.code, user.email, WRONG_PASSWORD)).code).toBe('UNAUTHENTICATED');
      }
    }
    expect((await signInFrom(testApp, newAddress(), organization.code, user.email, PASSWORD)).status).toBe(429);
    expect((await signInFrom(testApp, home, organization.code, user.email, PASSWORD)).token).toEqual(expect.any(String));
  });

  it('lets an ADMIN list and clear a lock of their organization only, audited', async () => {
    const organization = await createOrganization(testApp.dataSource);
    const elsewhere = await createOrganization(testApp.dataSource);
    const user = await createUser(testApp.dataSource, organization, [Role.STAFF]);
    const staff = await createUser(testApp.dataSource, organization, [Role.SECURITY_OFFICER]);
    const attacker = newAddress();
    for (let attempt = 1; attempt <= 5; attempt++) await signInFrom(testApp, attacker, organization.code, user.email, WRONG_PASSWORD);

    // Signed in from addresses of their own: 127.0.0.1's counter is shared with every other test file's
    // sign-ins (the counters live in the one database), and this app's per-address limits are low.
    const signIn = async (code: string, email: string): Promise<string> =>
      (await signInFrom(testApp, newAddress(), code, email, PASSWORD)).token!;
    const admin = await signIn(organization.code, organization.adminEmail);
    const listed = await testApp.gql<{ signInLocks: Record<string, unknown>[] }>(LOCKS, {}, admin);
    expect(listed.errors).toBeUndefined();
    expect(listed.data!.signInLocks).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f]{64}$/),
        scope: 'ACCOUNT_ADDRESS',
        userId: user.id,
        email: expect.stringMatching(/^st\*\*\*@or\*\*\*\.jp$/),
        address: attacker,
        failures: 5,
        lockedUntil: expect.any(String),
      },
    ]);
    const id = listed.data!.signInLocks[0].id as string;

    expect(codeOf(await testApp.gql(LOCKS, {}, await signIn(organization.code, staff.email)))).toBe('FORBIDDEN');
    const otherAdmin = await signIn(elsewhere.code, elsewhere.adminEmail);
    expect((await testApp.gql<{ signInLocks: unknown[] }>(LOCKS, {}, otherAdmin)).data!.signInLocks).toEqual([]);
    expect(codeOf(await testApp.gql(CLEAR, { id }, otherAdmin))).toBe('NOT_FOUND');

    expect((await testApp.gql(CLEAR, { id }, admin)).data).toEqual({ clearSignInLock: true });
    expect((await testApp.gql<{ signInLocks: unknown[] }>(LOCKS, {}, admin)).data!.signInLocks).toEqual([]);
    expect((await signInFrom(testApp, attacker, organization.code, user.email, PASSWORD)).token).toEqual(expect.any(String));
    const [cleared] = await testApp.dataSource.query<{ actor_id: string; entity_id: string }[]>(
      `SELECT actor_id, entity_id FROM audit_events WHERE organization_id = $1 AND action = 'SIGN_IN_LOCK_CLEARED'`,
      [organization.id],
    );
    expect(cleared).toEqual({ actor_id: organization.adminId, entity_id: user.id });
  });

  it('audits repeated failures as one event per account, address and minute, with a count', async () => {
    const organization = await createOrganization(testApp.dataSource);
    const user = await createUser(testApp.dataSource, organization, [Role.STAFF]);
    const first = newAddress();
    const second = newAddress();
    for (let attempt = 1; attempt <= 4; attempt++) await signInFrom(testApp, first, organization.code, user.email, WRONG_PASSWORD);
    await signInFrom(testApp, second, organization.code, user.email, WRONG_PASSWORD);
    await testApp.app.get(SignInThrottle).sweep(new Date(Date.now() + 60_000));

    const events = await failedEvents(organization);
    for (const event of events) expect(event.entity_id).toBe(user.id);
    const byAddress = (address: string) => events.filter((event) => event.changes.address[1] === address);
    // Four failures from one address make one event, or two if a minute ended between them.
    const fromFirst = byAddress(first);
    expect(fromFirst.reduce((sum, event) => sum + (event.changes.count[1] as number), 0)).toBe(4);
    expect(new Set(fromFirst.map((event) => event.changes.minute[1])).size).toBe(fromFirst.length);
    expect(fromFirst.length).toBeLessThanOrEqual(2);
    expect(byAddress(second).map((event) => event.changes)).toEqual([
      { reason: [null, 'WRONG_PASSWORD'], count: [null, 1], minute: [null, expect.any(String)], address: [null, second] },
    ]);
    expect(events).toHaveLength(fromFirst.length + 1);
    // Nothing is left to audit twice.
    expect(await testApp.app.get(SignInThrottle).sweep(new Date(Date.now() + 60_000))).toBe(0);
  });

  it('keeps only a keyed hash and a masked form of an unknown e-mail', async () => {
    const organization = await createOrganization(testApp.dataSource);
    const typed = 'Tanaka.MySecretPassw0rd@example.lg.jp';
    await signInFrom(testApp, newAddress(), organization.code, typed, WRONG_PASSWORD);
    await testApp.app.get(SignInThrottle).sweep(new Date(Date.now() + 60_000));
    const events = await failedEvents(organization);
    expect(events).toHaveLength(1);
    const { changes } = events[0];
    expect(changes.reason).toEqual([null, 'UNKNOWN_EMAIL']);
    expect(changes.email).toEqual([null, 'ta***@ex***.jp']);
    expect(changes.emailHash).toEqual([null, await testApp.app.get(SignInThrottle).emailHash(typed)]);
    expect(changes.emailHash[1]).toMatch(/^[0-9a-f]{64}$/);
    const stored = JSON.stringify(events) + JSON.stringify(await testApp.dataSource.query('SELECT * FROM sign_in_throttles'));
    expect(stored.toLowerCase()).not.toContain('mysecretpassw0rd');
  });
});
