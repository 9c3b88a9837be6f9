import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/bootstrap';
import { JsonLogger } from '../../src/common/json-logger';
import { loadConfig } from '../../src/config/config';
import { hashPassword } from '../../src/auth/passwords';
import { Role } from '../../src/auth/role.enum';
import { provisionOrganization } from '../../src/organizations/provision-organization';
import { UserEntity } from '../../src/users/user.entity';

export const PASSWORD = 'correct horse battery staple';

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: string[]; extensions?: { code?: string; fieldErrors?: { field: string; message: string }[]; [key: string]: unknown } }[];
}

export interface TestApp {
  app: INestApplication;
  url: string;
  dataSource: DataSource;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

export function databaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the end-to-end tests through jest (global setup)');
  return url;
}

/** The real application, listening on a free port against the test database. */
export async function startApp(env: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'error', ...env, DATABASE_URL: databaseUrl() });
  const app = await createApp(config, databaseUrl(), new JsonLogger('error'));
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  const gql = async <T,>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>> => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as GraphQLResponse<T>;
    return { ...body, status: response.status };
  };
  return { app, url, dataSource: app.get(DataSource), gql, close: () => app.close() };
}

export function uniqueCode(prefix = 'org'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

export interface TestOrganization {
  id: string;
  code: string;
  adminId: string;
  adminEmail: string;
}

/** A fresh organization with an ADMIN whose password is PASSWORD. */
export async function createOrganization(dataSource: DataSource, name = 'テスト広域連合'): Promise<TestOrganization> {
  const code = uniqueCode();
  const adminEmail = `admin@${code}.example.jp`;
  const { organization, admin } = await dataSource.transaction((manager) =>
    provisionOrganization(manager, { code, name }, { email: adminEmail, displayName: '管理者', password: PASSWORD, mustChangePassword: false }),
  );
  return { id: organization.id, code, adminId: admin.id, adminEmail };
}

let passwordHash: Promise<string> | undefined;

/** A user with the given roles and PASSWORD, written straight to the database. */
export async function createUser(dataSource: DataSource, organization: TestOrganization, roles: Role[], overrides: Partial<UserEntity> = {}): Promise<UserEntity> {
  passwordHash ??= hashPassword(PASSWORD);
  const email = `${roles.join('-').toLowerCase()}-${randomBytes(4).toString('hex')}@${organization.code}.example.jp`;
  return dataSource.getRepository(UserEntity).save({
    organizationId: organization.id,
    email,
    displayName: 'テスト 利用者',
    passwordHash: await passwordHash,
    roles,
    departmentId: null,
    active: true,
    mustChangePassword: false,
    ...overrides,
  });
}

export async function login(testApp: TestApp, organizationCode: string, email: string, password = PASSWORD): Promise<string> {
  const result = await testApp.gql<{ login: { accessToken: string } }>(
    'mutation($input: LoginInput!) { login(input: $input) { accessToken } }',
    { input: { organizationCode, email, password } },
  );
  if (!result.data?.login) throw new Error(`login failed: ${JSON.stringify(result.errors)}`);
  return result.data.login.accessToken;
}

/** An organization with a signed-in user per role. */
export async function organizationWithRoles(testApp: TestApp): Promise<{ organization: TestOrganization; tokens: Record<Role, string>; userIds: Record<Role, string> }> {
  const organization = await createOrganization(testApp.dataSource);
  const tokens = {} as Record<Role, string>;
  const userIds = {} as Record<Role, string>;
  for (const role of Object.values(Role)) {
    const user = role === Role.ADMIN ? { id: organization.adminId, email: organization.adminEmail } : await createUser(testApp.dataSource, organization, [role]);
    userIds[role] = user.id;
    tokens[role] = await login(testApp, organization.code, user.email);
  }
  return { organization, tokens, userIds };
}

export function codeOf(response: GraphQLResponse): string | undefined {
  return response.errors?.[0]?.extensions?.code;
}
