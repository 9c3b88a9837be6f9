import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import { GraphQLSchemaHost, Mutation, Query, Resolver } from '@nestjs/graphql';
import { randomBytes, randomUUID } from 'node:crypto';
import { PUBLIC_KEY, Roles, ROLES_KEY } from '../src/common/decorators';
import { Role } from '../src/common/role';
import { DepartmentEntity } from '../src/organizations/department.entity';
import { UserEntity } from '../src/users/user.entity';
import { VendorEntity } from '../src/vendors/vendor.entity';
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
  TestOrganization,
} from './support/harness';

// What @nestjs/graphql's @Query and @Mutation write on the method (graphql.constants.js).
const RESOLVER_TYPE = 'graphql:resolver_type';
const RESOLVER_NAME = 'graphql:resolver_name';

interface DeclaredOperation {
  type: 'Query' | 'Mutation';
  field: string;
  /** Class.method, for the failure message. */
  where: string;
  roles: Role[] | undefined;
  isPublic: boolean;
}

/** Every query and mutation method of the given classes, with what it declares, read the way RolesGuard reads it (method first, then class). */
function declaredOperations(classes: Iterable<Function>): DeclaredOperation[] {
  const scanner = new MetadataScanner();
  const operations: DeclaredOperation[] = [];
  for (const type of classes) {
    const prototype = type.prototype as Record<string, Function>;
    for (const method of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[method];
      const kind = Reflect.getMetadata(RESOLVER_TYPE, handler) as unknown;
      if (kind !== 'Query' && kind !== 'Mutation') continue;
      const declared = <T>(key: string): T | undefined =>
        (Reflect.getMetadata(key, handler) as T | undefined) ?? (Reflect.getMetadata(key, type) as T | undefined);
      operations.push({
        type: kind,
        field: (Reflect.getMetadata(RESOLVER_NAME, handler) as string | undefined) ?? method,
        where: `${type.name}.${method}`,
        roles: declared<Role[]>(ROLES_KEY),
        isPublic: declared<boolean>(PUBLIC_KEY) === true,
      });
    }
  }
  return operations;
}

const undeclared = (operations: DeclaredOperation[]): string[] =>
  operations.filter((o) => !o.isPublic && !(o.roles && o.roles.length > 0)).map((o) => o.where);

/** The class of every provider the running app holds, resolvers included. */
function providerClasses(testApp: TestApp): Set<Function> {
  const classes = new Set<Function>();
  for (const module of testApp.app.get(ModulesContainer).values()) {
    for (const wrapper of module.providers.values()) {
      const instance = wrapper.instance as object | null | undefined;
      if (instance && typeof instance === 'object') classes.add(instance.constructor);
      const metatype = wrapper.metatype as Function | null | undefined;
      if (typeof metatype === 'function' && metatype.prototype) classes.add(metatype);
    }
  }
  return classes;
}

const ME = `query { me { id roles } }`;
const ORGANIZATION = `query { organization { id code } }`;
const DEPARTMENTS = `query { departments { id name } }`;
const USERS = `query { users { totalCount nodes { id email } } }`;
const VENDOR = `query($id: ID!) { vendor(id: $id) { id name version } }`;
const VENDORS = `query { vendors { totalCount nodes { id name } } }`;
const AUDIT_EVENTS = `query($filter: AuditEventFilter) { auditEvents(filter: $filter) { totalCount nodes { action entityId } } }`;
const CREATE_DEPARTMENT = `mutation($input: CreateDepartmentInput!) { createDepartment(input: $input) { id name } }`;
const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { id email } }`;
const UPDATE_USER = `mutation($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id displayName active } }`;
const RESET_USER_PASSWORD = `mutation($id: ID!) { resetUserPassword(id: $id) }`;
const CREATE_VENDOR = `mutation($input: CreateVendorInput!) { createVendor(input: $input) { id name version } }`;
const UPDATE_VENDOR = `mutation($id: ID!, $input: UpdateVendorInput!) { updateVendor(id: $id, input: $input) { id name version } }`;
const CHANGE_PASSWORD = `mutation($input: ChangePasswordInput!) { changePassword(input: $input) }`;
const LOGOUT = `mutation { logout }`;

const ALL_ROLES = Object.values(Role);
const VENDOR_WRITERS = [Role.ADMIN, Role.PROCUREMENT_OFFICER];
const NEW_PASSWORD = 'a different long password';
const unique = (): string => randomBytes(4).toString('hex');

describe('authorization', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  describe('deny by default', () => {
    it('every query and mutation in the app declares its roles or is public, and only login is public', () => {
      const operations = declaredOperations(providerClasses(testApp));
      expect(operations.length).toBeGreaterThan(0);
      expect(undeclared(operations)).toEqual([]);
      expect(operations.filter((o) => o.isPublic).map((o) => o.field)).toEqual(['login']);
    });

    it('the walk finds every query and mutation field the live schema serves', () => {
      const found = new Set(declaredOperations(providerClasses(testApp)).map((o) => `${o.type}.${o.field}`));
      const schema = testApp.app.get(GraphQLSchemaHost).schema;
      const served = [
        ...Object.keys(schema.getQueryType()!.getFields()).map((field) => `Query.${field}`),
        ...Object.keys(schema.getMutationType()!.getFields()).map((field) => `Mutation.${field}`),
      ];
      expect(served.filter((field) => !found.has(field))).toEqual([]);
    });

    it('the walk reports an operation that declares neither roles nor @Public, and one with an empty role list', () => {
      @Resolver()
      class CarelessResolver {
        @Query(() => Boolean)
        forgotten(): boolean {
          return true;
        }

        @Mutation(() => Boolean)
        @Roles()
        nobodyListed(): boolean {
          return true;
        }

        @Mutation(() => Boolean)
        @Roles(Role.ADMIN)
        declared(): boolean {
          return true;
        }
      }
      expect(undeclared(declaredOperations([CarelessResolver]))).toEqual(['CarelessResolver.forgotten', 'CarelessResolver.nobodyListed']);
    });
  });

  describe('role matrix', () => {
    interface Caller {
      label: string;
      token: string | undefined;
      /** The answer when the operation is not open to this caller. */
      refusal: 'FORBIDDEN' | 'UNAUTHENTICATED';
      mayCall(operation: OperationCase): boolean;
    }

    /** One organization with a signed-in user per role, and an admin of its own for setting up and checking. */
    interface World {
      organization: TestOrganization;
      callers: Caller[];
      clerk: string;
      newVendor(): Promise<string>;
      newUser(): Promise<UserEntity>;
    }

    interface Attempt {
      response: GraphQLResponse;
      /** Checked after a refusal: the refused call changed nothing. */
      unchanged?: () => Promise<void>;
    }

    interface OperationCase {
      name: string;
      allowed: readonly Role[];
      /** Open to a user who must change their password first. */
      beforePasswordChange?: boolean;
      attempt(world: World, token: string | undefined): Promise<Attempt>;
    }

    const read = async (query: string, variables: Record<string, unknown>, token: string | undefined): Promise<Attempt> => ({
      response: await testApp.gql(query, variables, token),
    });

    const OPERATIONS: OperationCase[] = [
      { name: 'me', allowed: ALL_ROLES, beforePasswordChange: true, attempt: (_world, token) => read(ME, {}, token) },
      { name: 'organization', allowed: ALL_ROLES, attempt: (_world, token) => read(ORGANIZATION, {}, token) },
      { name: 'departments', allowed: ALL_ROLES, attempt: (_world, token) => read(DEPARTMENTS, {}, token) },
      { name: 'users', allowed: ALL_ROLES, attempt: (_world, token) => read(USERS, {}, token) },
      { name: 'vendor', allowed: ALL_ROLES, attempt: async (world, token) => read(VENDOR, { id: await world.newVendor() }, token) },
      { name: 'vendors', allowed: ALL_ROLES, attempt: (_world, token) => read(VENDORS, {}, token) },
      { name: 'auditEvents', allowed: [Role.ADMIN, Role.AUDITOR], attempt: (_world, token) => read(AUDIT_EVENTS, {}, token) },
      {
        name: 'createDepartment',
        allowed: [Role.ADMIN],
        attempt: async (world, token) => {
          const name = `部署-${unique()}`;
          return {
            response: await testApp.gql(CREATE_DEPARTMENT, { input: { name } }, token),
            unchanged: async () =>
              expect(
                await testApp.dataSource.getRepository(DepartmentEntity).countBy({ organizationId: world.organization.id, name }),
              ).toBe(0),
          };
        },
      },
      {
        name: 'createUser',
        allowed: [Role.ADMIN],
        attempt: async (world, token) => {
          const email = `new-${unique()}@${world.organization.code}.example.jp`;
          const input = { email, displayName: '新規 利用者', password: PASSWORD, roles: [Role.STAFF] };
          return {
            response: await testApp.gql(CREATE_USER, { input }, token),
            unchanged: async () =>
              expect(await testApp.dataSource.getRepository(UserEntity).countBy({ organizationId: world.organization.id, email })).toBe(0),
          };
        },
      },
      {
        name: 'updateUser',
        allowed: [Role.ADMIN],
        attempt: async (world, token) => {
          const target = await world.newUser();
          return {
            response: await testApp.gql(UPDATE_USER, { id: target.id, input: { displayName: '変更後', active: false } }, token),
            unchanged: async () =>
              expect(await testApp.dataSource.getRepository(UserEntity).findOneByOrFail({ id: target.id })).toMatchObject({
                displayName: target.displayName,
                active: true,
              }),
          };
        },
      },
      {
        name: 'resetUserPassword',
        allowed: [Role.ADMIN],
        attempt: async (world, token) => {
          const target = await world.newUser();
          return {
            response: await testApp.gql(RESET_USER_PASSWORD, { id: target.id }, token),
            unchanged: async () =>
              expect(await testApp.dataSource.getRepository(UserEntity).findOneByOrFail({ id: target.id })).toMatchObject({
                passwordHash: target.passwordHash,
                mustChangePassword: false,
              }),
          };
        },
      },
      {
        name: 'createVendor',
        allowed: VENDOR_WRITERS,
        attempt: async (world, token) => {
          const name = `取引先-${unique()}株式会社`;
          return {
            response: await testApp.gql(CREATE_VENDOR, { input: { name } }, token),
            unchanged: async () =>
              expect(await testApp.dataSource.getRepository(VendorEntity).countBy({ organizationId: world.organization.id, name })).toBe(0),
          };
        },
      },
      {
        name: 'updateVendor',
        allowed: VENDOR_WRITERS,
        attempt: async (world, token) => {
          const id = await world.newVendor();
          return {
            response: await testApp.gql(UPDATE_VENDOR, { id, input: { expectedVersion: 1, name: '更新後株式会社' } }, token),
            unchanged: async () =>
              expect(await testApp.gql(VENDOR, { id }, world.clerk)).toMatchObject({
                data: { vendor: { name: '更新前株式会社', version: 1 } },
              }),
          };
        },
      },
      {
        name: 'changePassword',
        allowed: ALL_ROLES,
        beforePasswordChange: true,
        attempt: (_world, token) => read(CHANGE_PASSWORD, { input: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD } }, token),
      },
      { name: 'logout', allowed: ALL_ROLES, beforePasswordChange: true, attempt: (_world, token) => read(LOGOUT, {}, token) },
    ];

    async function buildWorld(): Promise<World> {
      const { organization, tokens } = await organizationWithRoles(testApp);
      const clerkUser = await createUser(testApp.dataSource, organization, [Role.ADMIN]);
      const clerk = await login(testApp, organization.code, clerkUser.email);
      const mustChange = await createUser(testApp.dataSource, organization, [Role.ADMIN], { mustChangePassword: true });
      const callers: Caller[] = [
        ...ALL_ROLES.map((role) => ({
          label: role,
          token: tokens[role],
          refusal: 'FORBIDDEN' as const,
          mayCall: (operation: OperationCase) => operation.allowed.includes(role),
        })),
        {
          label: 'ADMIN who must change the password first',
          token: await login(testApp, organization.code, mustChange.email),
          refusal: 'FORBIDDEN',
          mayCall: (operation) => operation.beforePasswordChange === true,
        },
        { label: 'nobody signed in', token: undefined, refusal: 'UNAUTHENTICATED', mayCall: () => false },
      ];
      return {
        organization,
        callers,
        clerk,
        newVendor: async () => {
          const created = await testApp.gql(CREATE_VENDOR, { input: { name: '更新前株式会社' } }, clerk);
          return created.data!.createVendor.id as string;
        },
        newUser: () => createUser(testApp.dataSource, organization, [Role.STAFF]),
      };
    }

    it.each(OPERATIONS.map((operation) => [operation.name, operation] as const))(
      '%s: the allowed roles succeed, every other caller is refused and nothing changes',
      async (name, operation) => {
        const world = await buildWorld();
        const outcomes: Record<string, string> = {};
        const expected: Record<string, string> = {};
        const afterRefusals: (() => Promise<void>)[] = [];
        for (const caller of world.callers) {
          const { response, unchanged } = await operation.attempt(world, caller.token);
          const allowed = caller.mayCall(operation);
          expected[caller.label] = allowed ? 'ok' : caller.refusal;
          outcomes[caller.label] = !response.errors
            ? 'ok'
            : allowed
              ? `${codeOf(response)}: ${response.errors[0].message}`
              : (codeOf(response) ?? '?');
          if (allowed && !response.errors) expect(response.data![name]).toEqual(expect.anything());
          if (!allowed && unchanged) afterRefusals.push(unchanged);
        }
        // The whole table at once: a failure shows every caller's answer.
        expect(outcomes).toEqual(expected);
        for (const check of afterRefusals) await check();
      },
    );
  });

  describe("another organization's ids", () => {
    /** Organization A owns the rows; B's admin aims at them. */
    async function twoOrganizations() {
      const a = await createOrganization(testApp.dataSource, '甲広域連合');
      const b = await createOrganization(testApp.dataSource, '乙広域連合');
      const aAdmin = await login(testApp, a.code, a.adminEmail);
      const bAdmin = await login(testApp, b.code, b.adminEmail);
      const vendor = await testApp.gql(CREATE_VENDOR, { input: { name: '甲の取引先株式会社' } }, aAdmin);
      const department = await testApp.gql(CREATE_DEPARTMENT, { input: { name: '甲の総務課' } }, aAdmin);
      const aUser = await createUser(testApp.dataSource, a, [Role.STAFF]);
      const bUser = await createUser(testApp.dataSource, b, [Role.STAFF]);
      return {
        a,
        b,
        aAdmin,
        bAdmin,
        aVendorId: vendor.data!.createVendor.id as string,
        aDepartmentId: department.data!.createDepartment.id as string,
        aUser,
        bUser,
      };
    }
    type Two = Awaited<ReturnType<typeof twoOrganizations>>;

    interface ForeignIdCase {
      name: string;
      /** The call with `id` in the place of one of A's ids. */
      call(two: Two, id: string): Promise<GraphQLResponse>;
      foreignId(two: Two): string;
      /** What a string that is no UUID at all gets: an id argument is looked up (NOT_FOUND), an input field is validated. */
      malformed: 'NOT_FOUND' | 'BAD_USER_INPUT';
      unchanged(two: Two): Promise<void>;
    }

    const userRow = (id: string) => testApp.dataSource.getRepository(UserEntity).findOneByOrFail({ id });
    const aVendorUnchanged = async (two: Two): Promise<void> =>
      expect(await testApp.gql(VENDOR, { id: two.aVendorId }, two.aAdmin)).toMatchObject({
        data: { vendor: { name: '甲の取引先株式会社', version: 1 } },
      });
    const aUserUnchanged = async (two: Two): Promise<void> =>
      expect(await userRow(two.aUser.id)).toMatchObject({
        displayName: two.aUser.displayName,
        active: true,
        passwordHash: two.aUser.passwordHash,
        mustChangePassword: false,
      });

    const CASES: ForeignIdCase[] = [
      {
        name: 'vendor(id)',
        call: (two, id) => testApp.gql(VENDOR, { id }, two.bAdmin),
        foreignId: (two) => two.aVendorId,
        malformed: 'NOT_FOUND',
        unchanged: aVendorUnchanged,
      },
      {
        name: 'updateVendor(id)',
        call: (two, id) => testApp.gql(UPDATE_VENDOR, { id, input: { expectedVersion: 1, name: '乗っ取り株式会社' } }, two.bAdmin),
        foreignId: (two) => two.aVendorId,
        malformed: 'NOT_FOUND',
        unchanged: aVendorUnchanged,
      },
      {
        name: 'updateUser(id)',
        call: (two, id) => testApp.gql(UPDATE_USER, { id, input: { displayName: '乗っ取り', active: false } }, two.bAdmin),
        foreignId: (two) => two.aUser.id,
        malformed: 'NOT_FOUND',
        unchanged: aUserUnchanged,
      },
      {
        name: 'resetUserPassword(id)',
        call: (two, id) => testApp.gql(RESET_USER_PASSWORD, { id }, two.bAdmin),
        foreignId: (two) => two.aUser.id,
        malformed: 'NOT_FOUND',
        unchanged: aUserUnchanged,
      },
      {
        name: 'createUser(input.departmentId)',
        call: (two, departmentId) =>
          testApp.gql(
            CREATE_USER,
            {
              input: {
                email: `x-${unique()}@${two.b.code}.example.jp`,
                displayName: '越境',
                password: PASSWORD,
                roles: [Role.STAFF],
                departmentId,
              },
            },
            two.bAdmin,
          ),
        foreignId: (two) => two.aDepartmentId,
        malformed: 'BAD_USER_INPUT',
        unchanged: async (two) => {
          const users = testApp.dataSource.getRepository(UserEntity);
          expect(await users.countBy({ organizationId: two.b.id })).toBe(2);
          expect(await users.countBy({ departmentId: two.aDepartmentId })).toBe(0);
        },
      },
      {
        name: 'updateUser(input.departmentId)',
        call: (two, departmentId) => testApp.gql(UPDATE_USER, { id: two.bUser.id, input: { departmentId } }, two.bAdmin),
        foreignId: (two) => two.aDepartmentId,
        malformed: 'BAD_USER_INPUT',
        unchanged: async (two) => expect(await userRow(two.bUser.id)).toMatchObject({ departmentId: null }),
      },
    ];

    it.each(CASES.map((c) => [c.name, c] as const))(
      "%s: another organization's id answers exactly like an unknown one, and nothing changes",
      async (_name, c) => {
        const two = await twoOrganizations();
        const foreign = await c.call(two, c.foreignId(two));
        const unknown = await c.call(two, randomUUID());
        const malformed = await c.call(two, 'not-a-uuid');

        const answer = (response: GraphQLResponse) => ({
          code: codeOf(response),
          message: response.errors?.[0]?.message,
          errors: response.errors?.length,
        });
        expect(answer(unknown)).toEqual({ code: 'NOT_FOUND', message: expect.any(String), errors: 1 });
        expect(answer(foreign)).toEqual(answer(unknown));
        expect(codeOf(malformed)).toBe(c.malformed);
        if (c.malformed === 'NOT_FOUND') expect(answer(malformed)).toEqual(answer(unknown));
        await c.unchanged(two);
      },
    );

    it("auditEvents filtered on another organization's entity or actor answers like an unknown id", async () => {
      const two = await twoOrganizations();
      const eventsOf = async (filter: Record<string, unknown>, token: string) => {
        const response = await testApp.gql(AUDIT_EVENTS, { filter }, token);
        expect(response.errors).toBeUndefined();
        return response.data!.auditEvents as { totalCount: number; nodes: { action: string; entityId: string }[] };
      };
      // A sees its own events, so the filter does match them.
      expect((await eventsOf({ entityId: two.aVendorId }, two.aAdmin)).nodes.map((e) => e.action)).toEqual(['VENDOR_CREATED']);
      expect((await eventsOf({ actorId: two.a.adminId }, two.aAdmin)).totalCount).toBeGreaterThan(0);

      const empty = { totalCount: 0, nodes: [] };
      expect(await eventsOf({ entityId: randomUUID() }, two.bAdmin)).toEqual(empty);
      expect(await eventsOf({ entityId: two.aVendorId }, two.bAdmin)).toEqual(empty);
      expect(await eventsOf({ actorId: two.a.adminId }, two.bAdmin)).toEqual(empty);
      expect(await eventsOf({ entityId: 'not-a-uuid' }, two.bAdmin)).toEqual(empty);
      expect(codeOf(await testApp.gql(AUDIT_EVENTS, { filter: { actorId: 'not-a-uuid' } }, two.bAdmin))).toBe('BAD_USER_INPUT');
    });

    it("no list shows another organization's rows", async () => {
      const two = await twoOrganizations();
      const lists = await testApp.gql(
        `query { me { id } organization { id } departments { id } users { nodes { id } } vendors { totalCount } auditEvents(first: 100) { nodes { entityId actor { id } } } }`,
        {},
        two.bAdmin,
      );
      expect(lists.errors).toBeUndefined();
      const data = lists.data!;
      expect(data.me.id).toBe(two.b.adminId);
      expect(data.organization.id).toBe(two.b.id);
      expect(data.departments).toEqual([]);
      expect(data.users.nodes.map((u: { id: string }) => u.id).sort()).toEqual([two.b.adminId, two.bUser.id].sort());
      expect(data.vendors.totalCount).toBe(0);
      const aIds = new Set([two.a.id, two.a.adminId, two.aVendorId, two.aDepartmentId, two.aUser.id]);
      const events = data.auditEvents.nodes as { entityId: string | null; actor: { id: string } | null }[];
      expect(events.length).toBeGreaterThan(0);
      expect(events.filter((e) => aIds.has(e.entityId ?? '') || aIds.has(e.actor?.id ?? ''))).toEqual([]);
    });
  });
});
