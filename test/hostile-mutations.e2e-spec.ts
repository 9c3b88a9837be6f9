import fc from 'fast-check';
import {
  buildSchema,
  getNamedType,
  GraphQLArgument,
  GraphQLField,
  GraphQLInputType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  isScalarType,
} from 'graphql';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Role } from '../src/common/role';
import { organizationState, stateDifference, storedTextProblems } from './support/organization-state';
import {
  createCloudService,
  createContract,
  createDepartment,
  createSocialMediaAccount,
  createUser,
  createVendor,
  GraphQLResponse,
  login,
  organizationWithRoles,
  PASSWORD,
  startApp,
  TestApp,
  TestOrganization,
  tokyoDate,
} from './support/harness';

/**
 * Every mutation of graphql/schema.graphql, sent generated hostile strings, numbers, dates, lists and
 * nulls in place of the parts of a valid call (issue 9, part 6). Whatever is sent:
 * - no answer is INTERNAL_SERVER_ERROR or an HTTP 5xx, and every message is Japanese;
 * - a refused call changes nothing of the organization (its sign-in bookkeeping aside);
 * - what an accepted call stored holds no control character but CR/LF, no bidirectional override,
 *   no lone surrogate and no text that shows nothing.
 * The mutations are read from the schema: a new one fails here until it has an input generator below.
 * HOSTILE_RUNS (default 10) runs per mutation; FC_SEED replays a failure.
 */

const RUNS = Number(process.env.HOSTILE_RUNS ?? 10);
const SEED = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;
/** Passwords take any character (SecretText): the text rules do not apply to them. */
const SECRET_FIELDS = new Set(['password', 'currentPassword', 'newPassword']);

const schema: GraphQLSchema = buildSchema(readFileSync(join(__dirname, '..', 'graphql', 'schema.graphql'), 'utf8'));
const mutations = Object.values(schema.getMutationType()!.getFields());

// ---------------------------------------------------------------------------------------------
// Hostile values

const HOSTILE_TEXTS = [
  '',
  ' ',
  '\u3000',
  '\u200b\u200b',
  '\ufeff',
  '\u3164',
  'x\ud800y',
  '\udfff',
  '\ud83d',
  'a\r\nb',
  '\n',
  'a\tb',
  '\u001b[2J',
  'evil\u202Etxt.exe',
  '\u2066x\u2069',
  'x\u0000y',
  "'; DROP TABLE vendors; --",
  '=HYPERLINK("http://x")',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%s%n',
  '${jndi:ldap://x}',
  'あ'.repeat(10_001),
  'a'.repeat(300),
  // class-validator's MaxLength counted 'a' + U+FE0F as one character, PostgreSQL as two.
  'a\ufe0f'.repeat(201),
  'a\ufe0f'.repeat(1001),
  'a\ufe0f'.repeat(2001),
  '👨‍👩‍👧',
  '\u0301',
  'null',
  'NaN',
  '1e309',
  '9999-12-31',
  '+275760-09-13T00:00:00.000Z',
  '00000000-0000-0000-0000-000000000000',
  'javascript:alert(1)',
  'https://例え.jp/パス',
];

const hostileCharacter = fc.oneof(
  fc.constantFrom(...'aZ09あ漢ｱ -_@.:/'.split('')),
  fc.constantFrom(
    '\u0000',
    '\t',
    '\n',
    '\r',
    '\u001b',
    '\u007f',
    '\u0085',
    '\u2028',
    '\u202A',
    '\u202E',
    '\u2066',
    '\u200b',
    '\ufeff',
    '\u3000',
  ),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit)),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);

const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE_TEXTS),
  fc.string({ unit: hostileCharacter, maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

const notAString = fc.constantFrom<unknown>(0, -1, true, [], {}, 1e308);

const DATE_EDGES = [
  '9999-12-31',
  '3000-01-01',
  '2999-12-31',
  '1900-01-01',
  '1899-12-31',
  '0000-01-01',
  '0001-01-01',
  '+275760-09-13',
  '2026-02-30',
  '2026-13-01',
  '2026-4-1',
  '2026/04/01',
  ' 2026-04-01',
  '2026-04-01T00:00:00Z',
];
const anyDay = fc
  .date({ noInvalidDate: true, min: new Date(-8.64e15), max: new Date(8.64e15) })
  .map((date) => date.toISOString().slice(0, date.getUTCFullYear() > 9999 || date.getUTCFullYear() < 0 ? 13 : 10));

/** The hostile values of one named input type. A scalar no generator knows fails the test. */
function hostileLeaf(typeName: string): fc.Arbitrary<unknown> {
  const type = schema.getType(typeName);
  if (isEnumType(type)) {
    const names = type.getValues().map((value) => value.name);
    return fc.oneof(fc.constantFrom(...names), fc.constantFrom(...names.map((name) => name.toLowerCase())), hostileString, notAString);
  }
  switch (typeName) {
    case 'String':
    case 'ID':
      return fc.oneof(
        { weight: 4, arbitrary: hostileString },
        { weight: 1, arbitrary: fc.constantFrom<unknown>(...idPool()) },
        { weight: 1, arbitrary: notAString },
      );
    case 'Int':
      return fc.oneof(
        fc.integer(),
        fc.integer({ min: -5, max: 70 }),
        fc.constantFrom<unknown>(2147483647, -2147483648, 2147483648, 2 ** 53, -0, 1e308, 0.5, -1.5),
        fc.double({ noNaN: true }),
        hostileString,
      );
    case 'Float':
      return fc.oneof(fc.double({ noNaN: true }), hostileString);
    case 'Boolean':
      return fc.oneof(fc.boolean(), fc.constantFrom<unknown>('true', 1, 0, 'はい'));
    case 'Date':
      return fc.oneof(
        fc.constantFrom(...DATE_EDGES),
        anyDay,
        fc.integer({ min: 1, max: 9999 }).map((y) => `${String(y).padStart(4, '0')}-12-31`),
        hostileString,
        notAString,
      );
    case 'DateTime':
      return fc.oneof(
        fc.constantFrom('+275760-09-13T00:00:00.000Z', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2026-04-01T25:00:00Z', 'yesterday'),
        fc.date({ noInvalidDate: true, min: new Date(-8.64e15), max: new Date(8.64e15) }).map((date) => date.toISOString()),
        hostileString,
        notAString,
      );
    default:
      throw new Error(`no hostile values for the scalar ${typeName}: add them to hostileLeaf`);
  }
}

// ---------------------------------------------------------------------------------------------
// Overlays: what a run does to each part of a valid call (keep it, replace it, leave it out…)

type Overlay =
  { keep: true } | { omit: true } | { set: unknown } | { fields: Record<string, Overlay> } | { items: Overlay[] } | { many: Overlay };

const KEEP = fc.constant<Overlay>({ keep: true });
const OMIT = fc.constant<Overlay>({ omit: true });
const NULL = fc.constant<Overlay>({ set: null });

function overlayOf(type: GraphQLInputType, depth = 0): fc.Arbitrary<Overlay> {
  if (isNonNullType(type)) return overlayOf(type.ofType, depth);
  const nulls = [
    { weight: 1, arbitrary: OMIT },
    { weight: 1, arbitrary: NULL },
  ];
  if (isListType(type)) {
    const item = overlayOf(type.ofType, depth + 1);
    return fc.oneof(
      { weight: 4, arbitrary: KEEP },
      { weight: 4, arbitrary: fc.array(item, { maxLength: 3 }).map((items): Overlay => ({ items })) },
      { weight: 1, arbitrary: item.map((many): Overlay => ({ many })) },
      { weight: 1, arbitrary: notAString.map((set): Overlay => ({ set })) },
      ...nulls,
    );
  }
  if (isInputObjectType(type)) {
    if (depth > 4) return KEEP;
    const fields = fc.record(
      Object.fromEntries(Object.values(type.getFields()).map((field) => [field.name, overlayOf(field.type, depth + 1)])),
    );
    return fc.oneof(
      { weight: 10, arbitrary: fields.map((overlays): Overlay => ({ fields: overlays })) },
      { weight: 1, arbitrary: KEEP },
      { weight: 1, arbitrary: fc.oneof(hostileString, notAString).map((set): Overlay => ({ set })) },
      ...nulls,
    );
  }
  return fc.oneof(
    { weight: 6, arbitrary: KEEP },
    { weight: 3, arbitrary: hostileLeaf(type.name).map((set): Overlay => ({ set })) },
    ...nulls,
  );
}

function applyOverlay(overlay: Overlay, base: unknown): unknown {
  if ('keep' in overlay) return base;
  if ('omit' in overlay) return undefined;
  if ('set' in overlay) return overlay.set;
  if ('many' in overlay) return Array.from({ length: 600 }, () => applyOverlay(overlay.many, Array.isArray(base) ? base[0] : undefined));
  if ('items' in overlay) return overlay.items.map((item, i) => applyOverlay(item, Array.isArray(base) ? base[i] : undefined));
  const object = base !== null && typeof base === 'object' && !Array.isArray(base) ? (base as Record<string, unknown>) : {};
  const result: Record<string, unknown> = {};
  for (const [name, fieldOverlay] of Object.entries(overlay.fields)) {
    const value = applyOverlay(fieldOverlay, object[name]);
    if (value !== undefined) result[name] = value;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Valid calls, one generator per mutation

interface Fixture {
  organization: TestOrganization;
  tokens: Record<Role, string>;
  userIds: Record<Role, string>;
  vendorId: string;
  contractId: string;
  cloudServiceId: string;
  socialMediaAccountId: string;
  departmentId: string;
  requirementCodes: string[];
  builtInCode: string;
  loginEmail: string;
  spareUserId: string;
  passwordUser: { email: string; password: string; token: string };
  logoutEmail: string;
}

interface MutationSpec {
  /** A valid call's arguments, read afresh before each run (versions move, resources get used up). */
  args: () => Record<string, unknown> | Promise<Record<string, unknown>>;
  /** Whom to call as; the admin unless said. */
  token?: () => string | Promise<string>;
  /** Told of every answer, to follow what a successful call changed (a new password). */
  after?: (response: GraphQLResponse, variables: Record<string, unknown>) => void;
}

let testApp: TestApp;
let fixture: Fixture;
let counter = 0;
const unique = (): string => `${Date.now().toString(36)}${(counter++).toString(36)}`;
/** Ids of every kind the run has, given where another is expected; never a caller's own, so no run signs the callers out. */
let idPool = (): string[] => [randomUUID()];

async function query<T = any>(text: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await testApp.gql<T>(text, variables, fixture.tokens[Role.ADMIN]);
  if (response.errors) throw new Error(`${text}: ${JSON.stringify(response.errors)}`);
  return response.data!;
}

const version = async (kind: string, id: string): Promise<number> =>
  (await query<Record<string, { version: number }>>(`query($id: ID!) { ${kind}(id: $id) { version } }`, { id }))[kind].version;

/** An OPEN review of the contract for a call that uses one up (completes or cancels it): the same one until it is. */
const openReviews = new Map<string, string>();
async function openReview(purpose: string): Promise<string> {
  const id = openReviews.get(purpose);
  if (id && (await query(`query($id: ID!) { review(id: $id) { status } }`, { id })).review.status === 'OPEN') return id;
  const created = await query(`mutation($input: CreateReviewInput!) { createReview(input: $input) { id } }`, {
    input: { subjectId: fixture.contractId, dueDate: tokyoDate(30) },
  });
  openReviews.set(purpose, created.createReview.id);
  return created.createReview.id;
}

/** An active social media account for archiveSubject to archive: the same one until it is. */
let archivable: string | undefined;
async function activeAccount(): Promise<string> {
  if (archivable && (await query(`query($id: ID!) { subject(id: $id) { status } }`, { id: archivable })).subject.status === 'ACTIVE')
    return archivable;
  archivable = (await createSocialMediaAccount(testApp, fixture.tokens[Role.ADMIN], { name: `アーカイブ用${unique()}` })).id;
  return archivable;
}

/** A requirement of the contract whose waiver awaits a decision: requested (by the admin) again once decided. */
async function waiverRequested(): Promise<string> {
  const code = fixture.requirementCodes[1];
  const statuses = await query(`query($id: ID!) { outsourcingContract(id: $id) { requirements { state requirement { code } } } }`, {
    id: fixture.contractId,
  });
  const state = statuses.outsourcingContract.requirements.find(
    (status: { requirement: { code: string } }) => status.requirement.code === code,
  ).state;
  if (state !== 'WAIVER_REQUESTED') {
    await query(`mutation($input: RequestRequirementWaiverInput!) { requestRequirementWaiver(input: $input) { state } }`, {
      input: { subjectId: fixture.contractId, requirementCode: code, justification: '該当しないため' },
    });
  }
  return code;
}

/** A lock held now for clearSignInLock to lift: five wrong passwords for one user, again once it is lifted. */
let lockedUser: { email: string } | undefined;
async function heldLock(): Promise<string> {
  const held = async (): Promise<string | undefined> =>
    (await query<{ signInLocks: { id: string }[] }>(`{ signInLocks { id } }`)).signInLocks[0]?.id;
  const id = await held();
  if (id) return id;
  lockedUser ??= await createUser(testApp.dataSource, fixture.organization, [Role.STAFF]);
  for (let attempt = 0; attempt < 5; attempt++) {
    await testApp.gql(`mutation($input: LoginInput!) { login(input: $input) { accessToken } }`, {
      input: { organizationCode: fixture.organization.code, email: lockedUser.email, password: 'wrong password 123' },
    });
  }
  const locked = await held();
  if (!locked) throw new Error('five wrong passwords held no lock');
  return locked;
}

const SPECS: Record<string, MutationSpec> = {
  clearSignInLock: { args: async () => ({ id: await heldLock() }) },
  login: { args: () => ({ input: { organizationCode: fixture.organization.code, email: fixture.loginEmail, password: PASSWORD } }) },
  logout: { args: () => ({}), token: () => login(testApp, fixture.organization.code, fixture.logoutEmail) },
  changePassword: {
    args: () => ({ input: { currentPassword: fixture.passwordUser.password, newPassword: `new password ${unique()}` } }),
    token: () => fixture.passwordUser.token,
    after: (response, variables) => {
      if (!response.errors) fixture.passwordUser.password = (variables.input as { newPassword: string }).newPassword;
    },
  },
  createDepartment: { args: () => ({ input: { name: `部署${unique()}` } }) },
  createUser: {
    args: () => ({
      input: {
        email: `user-${unique()}@${fixture.organization.code}.example.jp`,
        displayName: '新規 利用者',
        password: `long password ${unique()}`,
        roles: ['STAFF'],
        departmentId: fixture.departmentId,
      },
    }),
  },
  updateUser: {
    args: () => ({
      id: fixture.spareUserId,
      input: { displayName: '予備 利用者', roles: ['STAFF'], departmentId: fixture.departmentId, active: true },
    }),
  },
  resetUserPassword: { args: () => ({ id: fixture.spareUserId }) },
  transferOwnership: { args: () => ({ fromUserId: fixture.spareUserId, toUserId: fixture.userIds[Role.PROCUREMENT_OFFICER] }) },
  createVendor: {
    args: () => ({
      input: {
        name: `取引先${unique()}`,
        address: '東京都千代田区',
        websiteUrl: 'https://example.jp',
        certifications: [{ type: 'ISMS', identifier: 'IS 000', validUntil: '2027-03-31' }],
      },
    }),
  },
  updateVendor: {
    args: async () => ({
      id: fixture.vendorId,
      input: {
        expectedVersion: await version('vendor', fixture.vendorId),
        name: '更新株式会社',
        address: '大阪府大阪市',
        websiteUrl: 'https://example.jp/about',
        certifications: [{ type: 'PRIVACY_MARK', identifier: 'P 1', validUntil: '2028-03-31' }],
      },
    }),
  },
  createOutsourcingContract: {
    args: () => ({
      input: {
        name: '委託業務',
        vendorId: fixture.vendorId,
        contractNumber: `C-${unique()}`,
        startDate: '2026-04-01',
        endDate: '2027-03-31',
        lastReviewedOn: '2026-01-15',
        confidentiality: 2,
        integrity: 1,
        availability: 1,
        networkSegment: 'LGWAN',
        handlesPersonalInformation: true,
        handlesMyNumber: false,
        subcontractingAllowed: true,
        subcontractorIds: [fixture.vendorId],
        workLocation: '本庁舎',
        departmentId: fixture.departmentId,
        ownerId: fixture.userIds[Role.STAFF],
      },
    }),
  },
  updateOutsourcingContract: {
    args: async () => ({
      id: fixture.contractId,
      input: {
        expectedVersion: await version('outsourcingContract', fixture.contractId),
        name: '更新された委託',
        contractNumber: `C-${unique()}`,
        endDate: '2028-03-31',
        workLocation: '分庁舎',
        confidentiality: 2,
        subcontractingAllowed: true,
        subcontractorIds: [fixture.vendorId],
      },
    }),
  },
  createCloudService: {
    args: () => ({
      input: {
        name: `クラウド${unique()}`,
        vendorId: fixture.vendorId,
        usageType: 'CONTRACT',
        purpose: '業務利用\n複数行',
        serviceUrl: 'https://cloud.example.jp',
        dataLocations: ['JP'],
        networkSegment: 'INTERNET',
        handlesPersonalInformation: false,
        confidentiality: 1,
        integrity: 1,
        availability: 1,
        lastReviewedOn: '2026-01-15',
      },
    }),
  },
  updateCloudService: {
    args: async () => ({
      id: fixture.cloudServiceId,
      input: {
        expectedVersion: await version('cloudService', fixture.cloudServiceId),
        name: '更新されたクラウド',
        purpose: '更新',
        serviceUrl: 'https://cloud.example.jp/new',
        dataLocations: ['JP', 'US'],
      },
    }),
  },
  createSocialMediaAccount: {
    args: () => {
      const handle = `h${unique()}`;
      return {
        input: {
          name: '広報',
          platform: 'X',
          accountName: `@${handle}`,
          url: `https://x.com/${handle}`,
          purpose: '広報',
          postingPolicy: '投稿方針\r\n第1条',
          operatingProcedureUrl: 'https://example.jp/policy',
          availability: 1,
          lastReviewedOn: '2026-01-15',
        },
      };
    },
  },
  updateSocialMediaAccount: {
    args: async () => ({
      id: fixture.socialMediaAccountId,
      input: {
        expectedVersion: await version('socialMediaAccount', fixture.socialMediaAccountId),
        name: '更新された広報',
        accountName: `@u${unique()}`,
        purpose: '広報と防災',
        postingPolicy: '方針',
        url: 'https://x.com/updated',
        operatingProcedureUrl: 'https://example.jp/procedure',
      },
    }),
  },
  archiveSubject: { args: async () => ({ id: await activeAccount(), reason: '利用終了' }) },
  createRequirement: {
    args: () => ({
      input: {
        code: `${fixture.organization.code}-${unique()}`,
        subjectKind: 'OUTSOURCING_CONTRACT',
        titleJa: '独自の要件',
        titleEn: 'Own requirement',
        appliesWhen: '{"confidentialityAtLeast":2}',
        source: '独自基準 第1条',
      },
    }),
  },
  setRequirementActive: { args: () => ({ code: fixture.builtInCode, active: true, reason: '見直し' }) },
  recordRequirementEvidence: {
    args: () => ({
      input: {
        subjectId: fixture.contractId,
        requirementCode: fixture.requirementCodes[0],
        present: true,
        reference: '契約書第1条',
        documentUrl: 'https://example.jp/contract.pdf',
        note: '確認済み\n以上',
      },
    }),
  },
  requestRequirementWaiver: {
    args: () => ({
      input: { subjectId: fixture.contractId, requirementCode: fixture.requirementCodes[1], justification: '該当しないため' },
    }),
  },
  decideRequirementEvidence: {
    args: async () => ({
      input: { subjectId: fixture.contractId, requirementCode: await waiverRequested(), decision: 'REJECT', comment: '根拠が不足' },
    }),
    token: () => fixture.tokens[Role.SECURITY_OFFICER],
  },
  createReview: {
    args: () => ({
      input: {
        subjectId: fixture.contractId,
        dueDate: tokyoDate(45),
        assigneeId: fixture.userIds[Role.SECURITY_OFFICER],
        comment: '臨時の確認',
      },
    }),
  },
  completeReview: {
    args: async () => ({
      input: {
        reviewId: await openReview('complete'),
        ownerConfirmed: true,
        answers: fixture.requirementCodes.map((requirementCode) => ({ requirementCode, result: 'CONFIRMED', note: '確認' })),
        comment: '完了',
      },
    }),
  },
  rescheduleReview: { args: async () => ({ id: await openReview('reschedule'), dueDate: tokyoDate(60), reason: '延期' }) },
  reassignReview: { args: async () => ({ id: await openReview('reassign'), assigneeId: fixture.userIds[Role.SECURITY_OFFICER] }) },
  cancelReview: { args: async () => ({ id: await openReview('cancel'), reason: '重複' }) },
  startReviewCampaign: {
    args: () => ({ input: { name: `一斉点検${unique()}`, subjectKind: 'SOCIAL_MEDIA_ACCOUNT', dueDate: tokyoDate(90) } }),
  },
  updateReviewPolicy: {
    args: () => ({
      input: {
        highIntervalMonths: 6,
        mediumIntervalMonths: 12,
        lowIntervalMonths: 24,
        initialReviewDays: 30,
        renewalLeadDays: 60,
        reminderDaysBefore: [14, 3],
        escalateAfterDays: 7,
      },
    }),
  },
  markNotificationsRead: { args: () => ({ ids: [randomUUID()] }) },
};

// ---------------------------------------------------------------------------------------------
// Calls

function typeText(arg: GraphQLArgument): string {
  return String(arg.type);
}

/** The document of a call: every argument a variable, `__typename` as the selection of an object. */
function documentOf(mutation: GraphQLField<unknown, unknown>): string {
  const variables = mutation.args.map((arg) => `$${arg.name}: ${typeText(arg)}`).join(', ');
  const args = mutation.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const returns = getNamedType(mutation.type);
  const selection = isObjectType(returns) || isInterfaceType(returns) ? ' { __typename }' : '';
  return `mutation${variables ? `(${variables})` : ''} { ${mutation.name}${args ? `(${args})` : ''}${selection} }`;
}

function problemsOf(response: GraphQLResponse): string[] {
  const problems: string[] = [];
  if (response.status >= 500) problems.push(`HTTP ${response.status}`);
  for (const error of response.errors ?? []) {
    if (error.extensions?.code === 'INTERNAL_SERVER_ERROR') problems.push('INTERNAL_SERVER_ERROR');
    if (!JAPANESE.test(error.message)) problems.push(`a message not in Japanese: ${error.message}`);
    for (const fieldError of error.extensions?.fieldErrors ?? []) {
      if (!fieldError.field || !JAPANESE.test(fieldError.message))
        problems.push(`a field error without a field or Japanese: ${JSON.stringify(fieldError)}`);
    }
  }
  return problems;
}

/** One call, checked: no 500, Japanese, nothing changed when refused, nothing unfit stored when accepted. */
async function checkedCall(mutation: GraphQLField<unknown, unknown>, variables: Record<string, unknown>): Promise<GraphQLResponse> {
  const spec = SPECS[mutation.name];
  const token = await (spec.token ?? (() => fixture.tokens[Role.ADMIN]))();
  const before = await organizationState(testApp.dataSource, fixture.organization.id);
  const response = await testApp.gql(documentOf(mutation), variables, token);
  spec.after?.(response, variables);
  expect({ variables, problems: problemsOf(response) }).toEqual({ variables, problems: [] });
  if (response.errors) {
    const difference = stateDifference(before, await organizationState(testApp.dataSource, fixture.organization.id));
    expect({ variables, errors: response.errors, difference }).toEqual({
      variables,
      errors: response.errors,
      difference: { gone: [], added: [] },
    });
  } else {
    expect({ variables, stored: await storedTextProblems(testApp.dataSource, fixture.organization.id) }).toEqual({ variables, stored: [] });
  }
  return response;
}

beforeAll(async () => {
  // No workers: nothing changes the organization behind a refused call's back.
  testApp = await startApp({ APP_ROLE: 'api' });
  const { organization, tokens, userIds } = await organizationWithRoles(testApp);
  const admin = tokens[Role.ADMIN];
  const vendor = await createVendor(testApp, admin, { name: '検査用株式会社' });
  const contract = await createContract(testApp, admin, vendor.id, { confidentiality: 2, handlesPersonalInformation: true });
  const cloud = await createCloudService(testApp, admin, vendor.id);
  const social = await createSocialMediaAccount(testApp, admin);
  // What a hostile id may name and a run may use up (archive…), unlike the subjects the generators rely on.
  const decoy = await createCloudService(testApp, admin, vendor.id, { name: 'おとり' });
  const department = await createDepartment(testApp, admin);
  const [loginUser, spare, passwordUser, logoutUser] = await Promise.all(
    [0, 1, 2, 3].map(() => createUser(testApp.dataSource, organization, [Role.STAFF])),
  );
  fixture = {
    organization,
    tokens,
    userIds,
    vendorId: vendor.id,
    contractId: contract.id,
    cloudServiceId: cloud.id,
    socialMediaAccountId: social.id,
    departmentId: department.id,
    requirementCodes: [],
    builtInCode: '',
    loginEmail: loginUser.email,
    spareUserId: spare.id,
    passwordUser: { email: passwordUser.email, password: PASSWORD, token: await login(testApp, organization.code, passwordUser.email) },
    logoutEmail: logoutUser.email,
  };
  const requirements = await query(
    `query($id: ID!) { outsourcingContract(id: $id) { requirements { applicable requirement { code } } } }`,
    {
      id: contract.id,
    },
  );
  fixture.requirementCodes = requirements.outsourcingContract.requirements
    .filter((status: { applicable: boolean }) => status.applicable)
    .map((status: { requirement: { code: string } }) => status.requirement.code);
  fixture.builtInCode = (await query(`{ requirements { code builtIn } }`)).requirements.find((r: { builtIn: boolean }) => r.builtIn).code;
  idPool = () => [randomUUID(), vendor.id, decoy.id, department.id, spare.id, userIds[Role.AUDITOR], ...openReviews.values()];
  expect(fixture.requirementCodes.length).toBeGreaterThan(1);
}, 120_000);

afterAll(async () => {
  await testApp?.close();
});

describe('every mutation of the schema', () => {
  it('has an input generator here (a new mutation fails until it gets one), and no generator is left over', () => {
    expect(Object.keys(SPECS).sort()).toEqual(mutations.map((m) => m.name).sort());
  });

  it("takes its generator's call as valid (so that the hostile runs start from a call that works)", async () => {
    const failed: string[] = [];
    for (const mutation of mutations) {
      const spec = SPECS[mutation.name];
      if (!spec) continue;
      const response = await checkedCall(mutation, await spec.args());
      if (response.errors) failed.push(`${mutation.name}: ${response.errors[0].message}`);
    }
    expect(failed).toEqual([]);
  });
});

/** Every String leaf of a mutation's arguments, with the field name its refusal carries. */
function stringLeaves(
  mutation: GraphQLField<unknown, unknown>,
  args: Record<string, unknown>,
): { path: (string | number)[]; field: string }[] {
  const leaves: { path: (string | number)[]; field: string }[] = [];
  const walk = (type: GraphQLInputType, value: unknown, path: (string | number)[], field: string[]): void => {
    if (isNonNullType(type)) return walk(type.ofType, value, path, field);
    if (isListType(type)) {
      const item = getNamedType(type);
      if (!isInputObjectType(item) && item.name !== 'String') return;
      if (!Array.isArray(value) || value.length === 0)
        throw new Error(`the generator of ${mutation.name} gives no item of ${path.join('.')}`);
      return walk(type.ofType, value[0], [...path, 0], [...field, '0']);
    }
    if (isInputObjectType(type)) {
      for (const child of Object.values(type.getFields()))
        walk(child.type, (value as Record<string, unknown>)?.[child.name], [...path, child.name], [...field, child.name]);
      return;
    }
    if (isScalarType(type) && type.name === 'String' && !SECRET_FIELDS.has(String(path[path.length - 1])))
      leaves.push({ path, field: field.join('.') });
  };
  for (const arg of mutation.args) {
    // An input object's field errors are named from inside it (`name`, `certifications.0.identifier`); a scalar argument by its name.
    walk(arg.type, args[arg.name], [arg.name], isInputObjectType(getNamedType(arg.type)) ? [] : [arg.name]);
  }
  return leaves;
}

function withValue(args: Record<string, unknown>, path: (string | number)[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(args);
  let at: any = copy;
  for (const key of path.slice(0, -1)) at = at[key] ??= {};
  at[path[path.length - 1]] = value;
  return copy;
}

describe.each(mutations.map((mutation) => [mutation.name, mutation] as const))('%s', (_name, mutation) => {
  it('refuses a bidirectional override in every String field, naming the field, and changes nothing', async () => {
    const spec = SPECS[mutation.name];
    if (!spec) throw new Error(`no input generator for ${mutation.name}`);
    const leaves = stringLeaves(mutation, await spec.args());
    for (const leaf of leaves) {
      const response = await checkedCall(mutation, withValue(await spec.args(), leaf.path, 'x\u202Ey'));
      const fields = (response.errors?.[0]?.extensions?.fieldErrors ?? []).map((e) => e.field);
      expect({
        leaf: leaf.field,
        code: response.errors?.[0]?.extensions?.code,
        named: fields.some((f) => leaf.field === f || leaf.field.startsWith(`${f}.`)),
      }).toEqual({
        leaf: leaf.field,
        code: 'BAD_USER_INPUT',
        named: true,
      });
    }
  });

  it('answers generated hostile values without a 500, changing nothing when it refuses', async () => {
    const spec = SPECS[mutation.name];
    if (!spec) throw new Error(`no input generator for ${mutation.name}`);
    const overlays = fc.record(Object.fromEntries(mutation.args.map((arg) => [arg.name, overlayOf(arg.type)])));
    await fc.assert(
      fc.asyncProperty(overlays, async (overlay) => {
        const base = await spec.args();
        const variables = applyOverlay({ fields: overlay }, base) as Record<string, unknown>;
        await checkedCall(mutation, variables);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  });
});
