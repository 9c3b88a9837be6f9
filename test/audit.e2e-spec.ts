import { Role } from '../src/common/role';
import { codeOf, createOrganization, GraphQLResponse, login, organizationWithRoles, PASSWORD, startApp, TestApp } from './support/harness';

const CREATE_VENDOR = `mutation($input: CreateVendorInput!) { createVendor(input: $input) { id version } }`;
const UPDATE_VENDOR = `mutation($id: ID!, $input: UpdateVendorInput!) { updateVendor(id: $id, input: $input) { id version } }`;
const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { id email } }`;
const RESET_PASSWORD = `mutation($id: ID!) { resetUserPassword(id: $id) }`;
const AUDIT_EVENTS = `query($first: Int, $after: String, $filter: AuditEventFilter) {
  auditEvents(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id } }
    nodes { id at action entityType entityId changes actor { id email } }
  }
}`;

interface EventNode {
  id: string;
  at: string;
  action: string;
  entityType: string;
  entityId: string | null;
  changes: string | null;
  actor: { id: string; email: string } | null;
}

interface EventConnection {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: { id: string } }[];
  nodes: EventNode[];
}

interface AuditRow {
  id: string;
  organization_id: string | null;
  at: Date;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  changes: Record<string, [unknown, unknown]> | null;
  request_id: string | null;
}

describe('audit trail', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  const rowsOf = (organizationId: string): Promise<AuditRow[]> =>
    testApp.dataSource.query('SELECT * FROM audit_events WHERE organization_id = $1 ORDER BY at, id', [organizationId]);

  const eventsOf = async (token: string, variables: Record<string, unknown> = {}): Promise<EventNode[]> => {
    const result = await testApp.gql<{ auditEvents: EventConnection }>(AUDIT_EVENTS, { first: 100, ...variables }, token);
    expect(result.errors).toBeUndefined();
    return result.data!.auditEvents.nodes;
  };

  it('records a vendor change with its actor, entity and before/after values', async () => {
    const { organization, tokens, userIds } = await organizationWithRoles(testApp);
    const created = await testApp.gql(
      CREATE_VENDOR,
      { input: { name: '監査対象株式会社', corporateNumber: '7000012050002' } },
      tokens[Role.PROCUREMENT_OFFICER],
    );
    const vendorId = created.data!.createVendor.id;
    await testApp.gql(
      UPDATE_VENDOR,
      { id: vendorId, input: { expectedVersion: 1, name: '監査対象ホールディングス株式会社' } },
      tokens[Role.ADMIN],
    );

    const events = await eventsOf(tokens[Role.AUDITOR], { filter: { entityId: vendorId } });
    expect(events).toEqual([
      {
        id: expect.any(String),
        at: expect.any(String),
        action: 'VENDOR_UPDATED',
        entityType: 'Vendor',
        entityId: vendorId,
        changes: expect.any(String),
        actor: { id: userIds[Role.ADMIN], email: organization.adminEmail },
      },
      {
        id: expect.any(String),
        at: expect.any(String),
        action: 'VENDOR_CREATED',
        entityType: 'Vendor',
        entityId: vendorId,
        changes: expect.any(String),
        actor: { id: userIds[Role.PROCUREMENT_OFFICER], email: expect.any(String) },
      },
    ]);
    expect(JSON.parse(events[0].changes!)).toEqual({ name: ['監査対象株式会社', '監査対象ホールディングス株式会社'] });
    expect(JSON.parse(events[1].changes!)).toMatchObject({ name: [null, '監査対象株式会社'], corporateNumber: [null, '7000012050002'] });

    const [row] = (await rowsOf(organization.id)).filter((r) => r.action === 'VENDOR_CREATED');
    expect(row).toMatchObject({
      organization_id: organization.id,
      actor_id: userIds[Role.PROCUREMENT_OFFICER],
      entity_type: 'Vendor',
      entity_id: vendorId,
    });
    expect(row.request_id).toEqual(expect.any(String));
  });

  it('writes nothing for a mutation that fails', async () => {
    const { organization, tokens } = await organizationWithRoles(testApp);
    const input = { name: '重複確認株式会社', corporateNumber: '1180301018771' };
    const first = await testApp.gql(CREATE_VENDOR, { input }, tokens[Role.ADMIN]);
    const vendorId = first.data!.createVendor.id;
    const before = await rowsOf(organization.id);

    expect(codeOf(await testApp.gql(CREATE_VENDOR, { input: { ...input, name: '別名株式会社' } }, tokens[Role.ADMIN]))).toBe('CONFLICT');
    expect(
      codeOf(await testApp.gql(UPDATE_VENDOR, { id: vendorId, input: { expectedVersion: 9, name: '古い版' } }, tokens[Role.ADMIN])),
    ).toBe('CONFLICT');
    expect(codeOf(await testApp.gql(CREATE_VENDOR, { input: { name: '' } }, tokens[Role.ADMIN]))).toBe('BAD_USER_INPUT');
    expect(codeOf(await testApp.gql(CREATE_VENDOR, { input: { name: '権限なし株式会社' } }, tokens[Role.STAFF]))).toBe('FORBIDDEN');

    expect(await rowsOf(organization.id)).toEqual(before);
    const [{ vendors }] = await testApp.dataSource.query<{ vendors: number }[]>(
      'SELECT count(*)::int AS vendors FROM vendors WHERE organization_id = $1',
      [organization.id],
    );
    expect(vendors).toBe(1);
  });

  it('rolls the change back when its audit event cannot be written', async () => {
    const { organization, tokens } = await organizationWithRoles(testApp);
    // A trigger that fails this organization's VENDOR_CREATED inserts only, so other tests are untouched.
    const trigger = `audit_fail_${organization.id.replace(/-/g, '')}`;
    await testApp.dataSource.query(
      `CREATE FUNCTION ${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           IF NEW.organization_id = '${organization.id}' AND NEW.action = 'VENDOR_CREATED' THEN RAISE EXCEPTION 'audit write failed'; END IF;
           RETURN NEW;
         END $$`,
    );
    await testApp.dataSource.query(`CREATE TRIGGER ${trigger} BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION ${trigger}()`);
    try {
      const result = await testApp.gql(CREATE_VENDOR, { input: { name: '監査不能株式会社' } }, tokens[Role.ADMIN]);
      expect(codeOf(result)).toBe('INTERNAL_SERVER_ERROR');
      expect(result.errors![0].message).not.toContain('audit write failed');
    } finally {
      await testApp.dataSource.query(`DROP TRIGGER ${trigger} ON audit_events`);
      await testApp.dataSource.query(`DROP FUNCTION ${trigger}()`);
    }
    const [{ vendors }] = await testApp.dataSource.query<{ vendors: number }[]>(
      'SELECT count(*)::int AS vendors FROM vendors WHERE organization_id = $1',
      [organization.id],
    );
    expect(vendors).toBe(0);
  });

  it('records user creation and password reset without a password, hash or token', async () => {
    const organization = await createOrganization(testApp.dataSource);
    const admin = await login(testApp, organization.code, organization.adminEmail);
    const department = (await testApp.gql(`mutation { createDepartment(input: { name: "監査課" }) { id } }`, {}, admin)).data!
      .createDepartment;
    const email = `kansa@${organization.code}.example.jp`;
    const created = await testApp.gql(
      CREATE_USER,
      { input: { email, displayName: '監査 太郎', password: PASSWORD, roles: [Role.AUDITOR], departmentId: department.id } },
      admin,
    );
    const userId = created.data!.createUser.id;
    const userToken = await login(testApp, organization.code, email);
    const hashOf = async (): Promise<string> =>
      (await testApp.dataSource.query<{ hash: string }[]>('SELECT password_hash AS hash FROM users WHERE id = $1', [userId]))[0].hash;
    const firstHash = await hashOf();
    const oneTimePassword = (await testApp.gql(RESET_PASSWORD, { id: userId }, admin)).data!.resetUserPassword as string;

    const events = await eventsOf(admin, { filter: { entityId: userId } });
    const userCreated = events.find((event) => event.action === 'USER_CREATED')!;
    expect(userCreated).toMatchObject({ entityType: 'User', actor: { id: organization.adminId } });
    expect(JSON.parse(userCreated.changes!)).toEqual({
      email: [null, email],
      displayName: [null, '監査 太郎'],
      roles: [null, [Role.AUDITOR]],
      departmentId: [null, department.id],
      active: [null, true],
      mustChangePassword: [null, false],
    });
    const reset = events.find((event) => event.action === 'PASSWORD_RESET')!;
    expect(reset).toMatchObject({ entityType: 'User', entityId: userId, actor: { id: organization.adminId } });
    expect(JSON.parse(reset.changes!)).toEqual({ mustChangePassword: [false, true] });

    const resetHash = await hashOf();
    const rows = await rowsOf(organization.id);
    const everything = JSON.stringify(rows);
    for (const secret of [PASSWORD, oneTimePassword, firstHash, resetHash, '$argon2', userToken, admin])
      expect(everything).not.toContain(secret);
    const fields = rows.flatMap((row) => Object.keys(row.changes ?? {}));
    expect(fields).toContain('mustChangePassword');
    expect(
      fields.filter((field) => /^(password|passwordHash|currentPassword|newPassword|token|tokenHash|accessToken)$/i.test(field)),
    ).toEqual([]);
  });

  it('lets ADMIN and AUDITOR read the trail and refuses every other role', async () => {
    const { tokens } = await organizationWithRoles(testApp);
    for (const role of [Role.ADMIN, Role.AUDITOR]) {
      const result = await testApp.gql(AUDIT_EVENTS, {}, tokens[role]);
      expect(result.errors).toBeUndefined();
      expect(result.data!.auditEvents.totalCount).toBeGreaterThan(0);
    }
    for (const role of [Role.SECURITY_OFFICER, Role.PROCUREMENT_OFFICER, Role.STAFF]) {
      const result = await testApp.gql(AUDIT_EVENTS, {}, tokens[role]);
      expect(codeOf(result)).toBe('FORBIDDEN');
      expect(result.data).toBeNull();
    }
    expect(codeOf(await testApp.gql(AUDIT_EVENTS, {}))).toBe('UNAUTHENTICATED');
  });

  it('filters by action, entity and actor', async () => {
    const { tokens, userIds } = await organizationWithRoles(testApp);
    const a = (await testApp.gql(CREATE_VENDOR, { input: { name: 'A社' } }, tokens[Role.ADMIN])).data!.createVendor.id;
    const b = (await testApp.gql(CREATE_VENDOR, { input: { name: 'B社' } }, tokens[Role.PROCUREMENT_OFFICER])).data!.createVendor.id;
    await testApp.gql(
      UPDATE_VENDOR,
      { id: a, input: { expectedVersion: 1, address: '東京都千代田区霞が関3-1-1' } },
      tokens[Role.PROCUREMENT_OFFICER],
    );

    const created = await eventsOf(tokens[Role.AUDITOR], { filter: { action: 'VENDOR_CREATED' } });
    expect(created.map((event) => event.entityId).sort()).toEqual([a, b].sort());
    const aboutA = await eventsOf(tokens[Role.AUDITOR], { filter: { entityId: a } });
    expect(aboutA.map((event) => event.action)).toEqual(['VENDOR_UPDATED', 'VENDOR_CREATED']);
    const byOfficer = await eventsOf(tokens[Role.AUDITOR], { filter: { actorId: userIds[Role.PROCUREMENT_OFFICER] } });
    expect(byOfficer.map((event) => [event.action, event.entityId])).toEqual([
      ['VENDOR_UPDATED', a],
      ['VENDOR_CREATED', b],
      ['LOGIN_SUCCEEDED', expect.any(String)],
    ]);
    const combined = await eventsOf(tokens[Role.AUDITOR], {
      filter: { actorId: userIds[Role.PROCUREMENT_OFFICER], action: 'VENDOR_CREATED' },
    });
    expect(combined.map((event) => event.entityId)).toEqual([b]);
    expect(await eventsOf(tokens[Role.AUDITOR], { filter: { action: 'NO_SUCH_ACTION' } })).toEqual([]);
    expect(codeOf(await testApp.gql(AUDIT_EVENTS, { filter: { actorId: 'not-a-uuid' } }, tokens[Role.AUDITOR]))).toBe('BAD_USER_INPUT');
  });

  it('filters by time: from is inclusive, to is exclusive', async () => {
    const { tokens } = await organizationWithRoles(testApp);
    for (const name of ['早い社', '中間社', '遅い社']) await testApp.gql(CREATE_VENDOR, { input: { name } }, tokens[Role.ADMIN]);
    const vendorEvents = await eventsOf(tokens[Role.AUDITOR], { filter: { action: 'VENDOR_CREATED' } });
    const [latest, middle, earliest] = vendorEvents;
    expect(Date.parse(latest.at)).toBeGreaterThan(Date.parse(middle.at));
    expect(Date.parse(middle.at)).toBeGreaterThan(Date.parse(earliest.at));

    const fromMiddle = await eventsOf(tokens[Role.AUDITOR], { filter: { action: 'VENDOR_CREATED', from: middle.at } });
    expect(fromMiddle.map((event) => event.id)).toEqual([latest.id, middle.id]);
    const toMiddle = await eventsOf(tokens[Role.AUDITOR], { filter: { action: 'VENDOR_CREATED', to: middle.at } });
    expect(toMiddle.map((event) => event.id)).toEqual([earliest.id]);
    const between = await eventsOf(tokens[Role.AUDITOR], { filter: { from: middle.at, to: latest.at } });
    expect(between.map((event) => event.id)).toEqual([middle.id]);
  });

  it('pages newest first with cursors', async () => {
    const { tokens } = await organizationWithRoles(testApp);
    for (const name of ['一社', '二社', '三社', '四社', '五社']) {
      await testApp.gql(CREATE_VENDOR, { input: { name } }, tokens[Role.ADMIN]);
    }
    const all = await eventsOf(tokens[Role.AUDITOR]);
    // The organization and its admin, five sign-ins and five vendors.
    expect(all).toHaveLength(12);
    const times = all.map((event) => Date.parse(event.at));
    expect(times).toEqual([...times].sort((x, y) => y - x));
    expect(all.slice(0, 5).map((event) => event.action)).toEqual(Array(5).fill('VENDOR_CREATED'));

    const paged: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const result: GraphQLResponse<{ auditEvents: EventConnection }> = await testApp.gql(
        AUDIT_EVENTS,
        { first: 3, after },
        tokens[Role.ADMIN],
      );
      expect(result.errors).toBeUndefined();
      const connection = result.data!.auditEvents;
      expect(connection.totalCount).toBe(12);
      expect(connection.edges.map((edge) => edge.node.id)).toEqual(connection.nodes.map((node) => node.id));
      expect(connection.pageInfo.endCursor).toBe(connection.edges[connection.edges.length - 1].cursor);
      paged.push(...connection.nodes.map((node) => node.id));
      after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
      pages++;
    } while (after);
    expect(pages).toBe(4);
    expect(paged).toEqual(all.map((event) => event.id));

    expect(codeOf(await testApp.gql(AUDIT_EVENTS, { after: 'garbage' }, tokens[Role.ADMIN]))).toBe('BAD_USER_INPUT');
    expect(codeOf(await testApp.gql(AUDIT_EVENTS, { first: 101 }, tokens[Role.ADMIN]))).toBe('BAD_USER_INPUT');
  });

  it('is refused UPDATE, DELETE and TRUNCATE by the database itself', async () => {
    const organization = await createOrganization(testApp.dataSource);
    await login(testApp, organization.code, organization.adminEmail);
    const before = await rowsOf(organization.id);
    expect(before.length).toBeGreaterThanOrEqual(3);
    const target = before[0].id;

    await expect(testApp.dataSource.query(`UPDATE audit_events SET action = 'TAMPERED' WHERE id = $1`, [target])).rejects.toThrow(
      /append-only/,
    );
    await expect(
      testApp.dataSource.query(`UPDATE audit_events SET changes = NULL WHERE organization_id = $1`, [organization.id]),
    ).rejects.toThrow(/append-only/);
    await expect(testApp.dataSource.query('DELETE FROM audit_events WHERE id = $1', [target])).rejects.toThrow(/append-only/);
    await expect(testApp.dataSource.query('DELETE FROM audit_events WHERE organization_id = $1', [organization.id])).rejects.toThrow(
      /append-only/,
    );
    // In a transaction that is rolled back whatever happens: a missing trigger must not empty the table for other tests.
    const runner = testApp.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await expect(runner.query('TRUNCATE audit_events')).rejects.toThrow(/append-only/);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }

    expect(await rowsOf(organization.id)).toEqual(before);
  });

  it("never shows another organization's events", async () => {
    const mine = await organizationWithRoles(testApp);
    const theirs = await organizationWithRoles(testApp);
    const theirVendor = (await testApp.gql(CREATE_VENDOR, { input: { name: '他団体の取引先' } }, theirs.tokens[Role.ADMIN])).data!
      .createVendor.id;
    await testApp.gql(CREATE_VENDOR, { input: { name: '自団体の取引先' } }, mine.tokens[Role.ADMIN]);

    const theirIds = new Set((await rowsOf(theirs.organization.id)).map((row) => row.id));
    const myIds = (await rowsOf(mine.organization.id)).map((row) => row.id);
    for (const role of [Role.ADMIN, Role.AUDITOR]) {
      const visible = await eventsOf(mine.tokens[role]);
      expect(visible.map((event) => event.id).sort()).toEqual([...myIds].sort());
      expect(visible.some((event) => theirIds.has(event.id))).toBe(false);
    }
    expect(await eventsOf(mine.tokens[Role.ADMIN], { filter: { entityId: theirVendor } })).toEqual([]);
    expect(await eventsOf(mine.tokens[Role.ADMIN], { filter: { actorId: theirs.userIds[Role.ADMIN] } })).toEqual([]);
    expect(await eventsOf(mine.tokens[Role.AUDITOR], { filter: { entityId: theirs.organization.id } })).toEqual([]);
  });
});
