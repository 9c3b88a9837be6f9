import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource, EntityManager } from 'typeorm';
import { hashPassword } from '../src/users/passwords';
import { Role } from '../src/common/role';
import { todayIn } from '../src/common/calendar';
import { Context } from '../src/common/context';
import { searchKey } from '../src/common/search-key';
import { certificationsValidThrough } from '../src/vendors/certification-rules';
import { ComplianceService } from '../src/compliance/compliance.service';
import { loadConfig } from '../src/config/config';
import { Database } from '../src/database/database';
import { runPendingMigrations } from '../src/database/migrate';
import { OperatorModule } from '../src/operator.module';
import { newOrganizationContext } from '../src/organizations/organizations.service';
import { ProvisioningService } from '../src/provisioning/provisioning.service';
import { SubjectAttributes } from '../src/domain/subject-attributes';
import { applies } from '../src/requirements/applicability';
import { CatalogEntry } from '../src/requirements/requirement-catalog';
import { RequirementsRepository } from '../src/requirements/requirements.repository';
import { riskTier } from '../src/subjects/risk-tier';
import { CloudUsageType, NetworkSegment, SocialMediaPlatform, SubjectKind, SubjectStatus } from '../src/domain/subject.enums';
import { EvidenceState } from '../src/domain/compliance.enums';
import { CertificationType } from '../src/vendors/certification-type.enum';
import { corporateNumberCheckDigit } from '../src/vendors/corporate-number';
import { BenchSetupError, requiredDatabaseUrl, setupProblem } from './bench-database';
import {
  CITIES_FOR_ADDRESSES,
  CLOUD_SERVICES,
  CONTRACT_WORKS,
  DEPARTMENTS,
  EVIDENCE_REFERENCES,
  FIELDS_OF_WORK,
  GIVEN_NAMES,
  MUNICIPALITIES,
  REJECTION_COMMENTS,
  SeededRandom,
  SOCIAL_PLATFORMS,
  SURNAMES,
  vendorNames,
  WAIVER_JUSTIFICATIONS,
} from './sample-data';

/** Every bench user signs in with this password (the bench is for a throwaway database, never a real one). */
export const BENCH_PASSWORD = 'bench-password-2024';
export const TIME_ZONE = 'Asia/Tokyo';

export function benchOrganizationCode(index: number): string {
  return `bench-${String(index).padStart(2, '0')}`;
}

export function benchAdminEmail(code: string): string {
  return `admin@${code}.example.jp`;
}

export interface BenchScale {
  organizations: number;
  subjectsPerOrganization: number;
  vendorsPerOrganization: number;
  usersPerOrganization: number;
}

export function envInteger(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new BenchSetupError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return value;
}

/** BENCH_ORGS × BENCH_SUBJECTS (default 10 × 10,000); BENCH_VENDORS and BENCH_USERS per organization. */
export function scaleFromEnv(env: NodeJS.ProcessEnv = process.env): BenchScale {
  return {
    organizations: envInteger(env, 'BENCH_ORGS', 10, 1, 99),
    subjectsPerOrganization: envInteger(env, 'BENCH_SUBJECTS', 10_000, 1, 1_000_000),
    vendorsPerOrganization: envInteger(env, 'BENCH_VENDORS', 500, 10, 100_000),
    usersPerOrganization: envInteger(env, 'BENCH_USERS', 200, 20, 10_000),
  };
}

// ---------------------------------------------------------------------------------------------
// Bulk inserts: one INSERT ... SELECT FROM unnest(...) per batch, each column sent as one array.

interface ColumnSpec {
  name: string;
  /** The column's type; an array type (`role[]`) is sent as its text form and cast. */
  type: string;
}

function columns(spec: Record<string, string>): ColumnSpec[] {
  return Object.entries(spec).map(([name, type]) => ({ name, type }));
}

const INSERT_BATCH = 5000;

async function insertRows(manager: EntityManager, table: string, spec: readonly ColumnSpec[], rows: readonly unknown[][]): Promise<void> {
  const isArray = (c: ColumnSpec): boolean => c.type.endsWith('[]');
  const sql =
    `INSERT INTO "${table}" (${spec.map((c) => `"${c.name}"`).join(', ')}) ` +
    `SELECT ${spec.map((c) => (isArray(c) ? `u."${c.name}"::${c.type}` : `u."${c.name}"`)).join(', ')} ` +
    `FROM unnest(${spec.map((c, i) => `$${i + 1}::${isArray(c) ? 'text' : c.type}[]`).join(', ')}) AS u(${spec.map((c) => `"${c.name}"`).join(', ')})`;
  for (let start = 0; start < rows.length; start += INSERT_BATCH) {
    const batch = rows.slice(start, start + INSERT_BATCH);
    await manager.query(
      sql,
      spec.map((_, i) => batch.map((row) => row[i])),
    );
  }
}

const USER_COLUMNS = columns({
  id: 'uuid',
  organization_id: 'uuid',
  email: 'text',
  display_name: 'text',
  password_hash: 'text',
  roles: 'role[]',
  department_id: 'uuid',
  active: 'boolean',
});
const VENDOR_COLUMNS = columns({
  id: 'uuid',
  organization_id: 'uuid',
  name: 'text',
  search_key: 'text',
  corporate_number: 'text',
  address: 'text',
  website_url: 'text',
  certifications_valid_through: 'date',
  version: 'int',
});
const CERTIFICATION_COLUMNS = columns({
  organization_id: 'uuid',
  vendor_id: 'uuid',
  type: 'certification_type',
  identifier: 'text',
  valid_until: 'date',
  position: 'int',
});
const SUBJECT_COLUMNS = columns({
  id: 'uuid',
  organization_id: 'uuid',
  kind: 'subject_kind',
  name: 'text',
  search_key: 'text',
  owner_id: 'uuid',
  department_id: 'uuid',
  vendor_id: 'uuid',
  confidentiality: 'smallint',
  integrity: 'smallint',
  availability: 'smallint',
  risk_tier: 'risk_tier',
  status: 'subject_status',
  archive_reason: 'text',
  static_status: 'compliance_status',
  ends_on: 'date',
  version: 'int',
});
const CONTRACT_COLUMNS = columns({
  subject_id: 'uuid',
  organization_id: 'uuid',
  contract_number: 'text',
  start_date: 'date',
  end_date: 'date',
  network_segment: 'network_segment',
  handles_personal_information: 'boolean',
  handles_my_number: 'boolean',
  subcontracting_allowed: 'boolean',
  work_location: 'text',
});
const SUBCONTRACTOR_COLUMNS = columns({ organization_id: 'uuid', subject_id: 'uuid', vendor_id: 'uuid', position: 'int' });
const CLOUD_COLUMNS = columns({
  subject_id: 'uuid',
  organization_id: 'uuid',
  usage_type: 'cloud_usage_type',
  purpose: 'text',
  service_url: 'text',
  data_locations: 'varchar(2)[]',
  network_segment: 'network_segment',
  handles_personal_information: 'boolean',
  handles_my_number: 'boolean',
});
const SOCIAL_COLUMNS = columns({
  subject_id: 'uuid',
  organization_id: 'uuid',
  platform: 'social_media_platform',
  account_name: 'text',
  url: 'text',
  purpose: 'text',
  posting_policy: 'text',
  operating_procedure_url: 'text',
});
const EVIDENCE_COLUMNS = columns({
  organization_id: 'uuid',
  subject_id: 'uuid',
  requirement_code: 'text',
  version: 'int',
  state: 'evidence_state',
  reference: 'text',
  document_url: 'text',
  note: 'text',
  justification: 'text',
  recorded_by_id: 'uuid',
  recorded_at: 'timestamptz',
  decided_by_id: 'uuid',
  decided_at: 'timestamptz',
  decision_comment: 'text',
});

// ---------------------------------------------------------------------------------------------
// One organization's data.

function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

interface BenchUser {
  id: string;
  roles: Role[];
  active: boolean;
}

interface BenchVendor {
  id: string;
  name: string;
}

interface OrganizationContext {
  index: number;
  organizationId: string;
  random: SeededRandom;
  today: string;
  municipality: (typeof MUNICIPALITIES)[number];
  departmentIds: string[];
  /** Users who may own subjects (some role other than AUDITOR; a few since deactivated). */
  ownerCandidates: BenchUser[];
  procurementOfficers: BenchUser[];
  securityOfficers: BenchUser[];
  vendors: BenchVendor[];
  catalog: CatalogEntry[];
}

/** How far a subject's paperwork has got: drawn once per subject, then per requirement. */
const MATURITY = { untouched: 12, inProgress: 28, underReview: 20, done: 30, troubled: 10 } as const;
type Maturity = keyof typeof MATURITY;

const STATES_BY_MATURITY: Record<Maturity, Partial<Record<EvidenceState, number>>> = {
  untouched: { NOT_RECORDED: 1 },
  inProgress: { NOT_RECORDED: 35, RECORDED: 40, ABSENT: 10, ACCEPTED: 10, WAIVER_REQUESTED: 5 },
  underReview: { RECORDED: 60, ACCEPTED: 35, WAIVER_REQUESTED: 5 },
  done: { ACCEPTED: 92, WAIVED: 8 },
  troubled: { ACCEPTED: 55, REJECTED: 20, ABSENT: 15, RECORDED: 10 },
};

/** The states a requirement's evidence went through to reach its current one, oldest first. */
function historyOf(state: EvidenceState, random: SeededRandom): EvidenceState[] {
  switch (state) {
    case EvidenceState.NOT_RECORDED:
      return [];
    case EvidenceState.ACCEPTED:
      return random.chance(0.1)
        ? [EvidenceState.RECORDED, EvidenceState.REJECTED, EvidenceState.RECORDED, state]
        : [EvidenceState.RECORDED, state];
    case EvidenceState.REJECTED:
      return [EvidenceState.RECORDED, state];
    case EvidenceState.WAIVED:
      return [EvidenceState.WAIVER_REQUESTED, state];
    case EvidenceState.RECORDED:
      return random.chance(0.1) ? [EvidenceState.RECORDED, EvidenceState.REJECTED, EvidenceState.RECORDED] : [state];
    case EvidenceState.ABSENT:
    case EvidenceState.WAIVER_REQUESTED:
      return [state];
  }
}

/** Evidence rows for one requirement, each version as the evidence service would have appended it. */
function evidenceRows(
  context: OrganizationContext,
  subjectId: string,
  ownerId: string | null,
  code: string,
  state: EvidenceState,
): unknown[][] {
  const { random, organizationId } = context;
  const rows: unknown[][] = [];
  let at = Date.now() - random.int(20, 400) * 86_400_000;
  let current = {
    reference: null as string | null,
    documentUrl: null as string | null,
    note: null as string | null,
    justification: null as string | null,
  };
  let recordedBy: string | null = null;
  let recordedAt: Date | null = null;
  const history = historyOf(state, random);
  history.forEach((step, i) => {
    at = Math.min(Date.now(), at + random.int(1, 20) * 86_400_000);
    const when = new Date(at);
    let decidedBy: string | null = null;
    let decidedAt: Date | null = null;
    let comment: string | null = null;
    if (step === EvidenceState.RECORDED || step === EvidenceState.ABSENT || step === EvidenceState.WAIVER_REQUESTED) {
      recordedBy = ownerId && random.chance(0.3) ? ownerId : random.pick(context.procurementOfficers).id;
      recordedAt = when;
      current = {
        reference: step === EvidenceState.ABSENT ? null : random.pick(EVIDENCE_REFERENCES),
        documentUrl: random.chance(0.4)
          ? `https://docs.${context.municipality.romaji}.example.jp/contracts/${subjectId.slice(0, 8)}.pdf`
          : null,
        note: random.chance(0.15) ? '原本は情報政策課で保管' : null,
        justification: step === EvidenceState.WAIVER_REQUESTED ? random.pick(WAIVER_JUSTIFICATIONS) : null,
      };
    } else {
      // Four eyes: whoever recorded it never decides on it.
      decidedBy = random.pick(context.securityOfficers.filter((u) => u.id !== recordedBy)).id;
      decidedAt = when;
      comment = step === EvidenceState.REJECTED ? random.pick(REJECTION_COMMENTS) : null;
    }
    rows.push([
      organizationId,
      subjectId,
      code,
      i + 1,
      step,
      current.reference,
      current.documentUrl,
      current.note,
      current.justification,
      recordedBy,
      recordedAt,
      decidedBy,
      decidedAt,
      comment,
    ]);
  });
  return rows;
}

interface SubjectRows {
  subjects: unknown[][];
  contracts: unknown[][];
  subcontractors: unknown[][];
  clouds: unknown[][];
  socials: unknown[][];
  evidence: unknown[][];
}

const WORK_LOCATIONS = [
  '受託者事業所（東京都港区）',
  '庁舎内（情報政策課執務室）',
  'データセンター（東京都内）',
  '受託者事業所（大阪府大阪市）',
];
const CLOUD_PURPOSES = ['申請受付', '庁内連絡', '会議運営', '資料共有', 'アンケート集計', '施設予約受付', '議事録作成'];
const SOCIAL_PURPOSES = ['市政情報・イベント情報の発信', '防災・災害情報の発信', '子育て情報の発信', '観光情報の発信'];

/** A subject of the given number (1-based within its organization), with its details and evidence. */
function subjectRows(context: OrganizationContext, number: number, rows: SubjectRows): string {
  const { random, organizationId, today } = context;
  const id = randomUUID();
  const kind = random.weighted({ OUTSOURCING_CONTRACT: 50, CLOUD_SERVICE: 30, SOCIAL_MEDIA_ACCOUNT: 20 }) as SubjectKind;
  const departmentIndex = random.int(0, context.departmentIds.length - 1);
  const department = DEPARTMENTS[departmentIndex % DEPARTMENTS.length];
  const owner = random.chance(0.02) ? null : random.pick(context.ownerCandidates);
  const archived = random.chance(0.04);
  let attributes: SubjectAttributes;
  let name: string;
  let vendor: BenchVendor | null = null;
  let accountName: string | null = null;
  let endsOn: string | null = null;

  switch (kind) {
    case SubjectKind.OUTSOURCING_CONTRACT: {
      vendor = random.pick(context.vendors);
      const segment = random.weighted({ LGWAN: 45, INTERNET: 30, MY_NUMBER: 10, NONE: 15 }) as NetworkSegment;
      const confidentiality = Number(random.weighted({ '1': 25, '2': 55, '3': 20 }));
      attributes = {
        kind,
        confidentiality,
        integrity: random.chance(0.4) ? 2 : 1,
        availability: random.chance(0.45) ? 2 : 1,
        networkSegment: segment,
        handlesPersonalInformation: random.chance(confidentiality >= 2 ? 0.8 : 0.3),
        handlesMyNumber: random.chance(segment === NetworkSegment.MY_NUMBER ? 0.7 : 0.05),
        subcontractingAllowed: random.chance(0.35),
      };
      // My Number data is personal information (drawn after it, so the random sequence is unchanged).
      attributes.handlesPersonalInformation ||= attributes.handlesMyNumber;
      const fiscalYear = random.int(5, 8);
      name = `${random.pick(FIELDS_OF_WORK)}${random.pick(CONTRACT_WORKS)}業務委託（令和${fiscalYear}年度）`;
      const endDate = random.chance(0.08) ? null : addDays(today, random.int(-120, 1000));
      const startDate = addDays(endDate ?? today, -random.int(365, 1095));
      endsOn = endDate;
      rows.contracts.push([
        id,
        organizationId,
        random.chance(0.05) ? null : `R${fiscalYear}-${department.romaji}-${String(number).padStart(6, '0')}`,
        startDate,
        endDate,
        segment,
        attributes.handlesPersonalInformation,
        attributes.handlesMyNumber,
        attributes.subcontractingAllowed,
        random.chance(0.7) ? random.pick(WORK_LOCATIONS) : null,
      ]);
      if (attributes.subcontractingAllowed && random.chance(0.6)) {
        const others = new Set<string>();
        for (let i = random.int(1, 2); i > 0; i--) {
          const other = random.pick(context.vendors).id;
          if (other !== vendor.id) others.add(other);
        }
        [...others].forEach((vendorId, position) => rows.subcontractors.push([organizationId, id, vendorId, position]));
      }
      break;
    }
    case SubjectKind.CLOUD_SERVICE: {
      vendor = random.pick(context.vendors);
      const usageType = random.weighted({ CONTRACT: 55, TERMS_OF_SERVICE: 45 }) as CloudUsageType;
      const confidentiality = Number(
        usageType === CloudUsageType.TERMS_OF_SERVICE
          ? random.weighted({ '1': 85, '2': 15 })
          : random.weighted({ '1': 30, '2': 60, '3': 10 }),
      );
      const segment = random.weighted({ INTERNET: 75, LGWAN: 20, NONE: 5 }) as NetworkSegment;
      attributes = {
        kind,
        confidentiality,
        integrity: random.chance(0.3) ? 2 : 1,
        availability: random.chance(0.35) ? 2 : 1,
        networkSegment: segment,
        usageType,
        handlesPersonalInformation: random.chance(0.5),
        handlesMyNumber: random.chance(0.02),
      };
      attributes.handlesPersonalInformation ||= attributes.handlesMyNumber;
      const service = random.pick(CLOUD_SERVICES);
      name = `${random.pick(FIELDS_OF_WORK)}${service}`;
      rows.clouds.push([
        id,
        organizationId,
        usageType,
        `${service}による${random.pick(CLOUD_PURPOSES)}`,
        random.chance(0.9) ? `https://service-${random.int(1, 400)}.example.com/` : null,
        random.chance(0.05) ? '{}' : random.chance(0.1) ? '{JP,US}' : '{JP}',
        segment,
        attributes.handlesPersonalInformation,
        attributes.handlesMyNumber,
      ]);
      break;
    }
    case SubjectKind.SOCIAL_MEDIA_ACCOUNT: {
      const platform = random.weighted({
        X: 30,
        FACEBOOK: 15,
        INSTAGRAM: 20,
        LINE: 15,
        YOUTUBE: 10,
        TIKTOK: 4,
        NOTE: 4,
        OTHER: 2,
      }) as SocialMediaPlatform;
      attributes = { kind, confidentiality: 1, integrity: 1, availability: random.chance(0.3) ? 2 : 1 };
      accountName = `${context.municipality.romaji}_${department.romaji}_${number}`;
      name = `${random.pick(FIELDS_OF_WORK)}${SOCIAL_PLATFORMS[platform].label}`;
      rows.socials.push([
        id,
        organizationId,
        platform,
        accountName,
        `${SOCIAL_PLATFORMS[platform].url}${accountName}`,
        random.pick(SOCIAL_PURPOSES),
        random.chance(0.7) ? '機密性2以上の情報、個人が特定できる写真及び政治的な意見は発信しない。' : null,
        random.chance(0.6) ? `https://www.${context.municipality.romaji}.example.jp/sns/policy.html` : null,
      ]);
      break;
    }
  }

  rows.subjects.push([
    id,
    organizationId,
    kind,
    name,
    searchKey([name, vendor?.name ?? '', accountName ?? ''].join(' ')),
    owner?.id ?? null,
    random.chance(0.97) ? context.departmentIds[departmentIndex] : null,
    vendor?.id ?? null,
    attributes.confidentiality,
    attributes.integrity,
    attributes.availability,
    riskTier(attributes),
    archived ? SubjectStatus.ARCHIVED : SubjectStatus.ACTIVE,
    archived ? '契約終了に伴い利用を廃止' : null,
    // Placeholder until ComplianceService.refresh, as the app's own create does.
    'NON_COMPLIANT',
    endsOn,
    1,
  ]);

  const maturity = random.weighted(MATURITY);
  for (const entry of context.catalog) {
    if (!entry.active || entry.subjectKind !== kind || !applies(entry.appliesWhen, attributes)) continue;
    const state = random.weighted<EvidenceState>(STATES_BY_MATURITY[maturity]);
    rows.evidence.push(...evidenceRows(context, id, owner?.active ? owner.id : null, entry.code, state));
  }
  return id;
}

function certificationRows(random: SeededRandom, today: string, organizationId: string, vendorId: string): unknown[][] {
  const count = Number(random.weighted({ '0': 15, '1': 40, '2': 30, '3': 15 }));
  const types = random.shuffle([
    CertificationType.ISMS,
    CertificationType.PRIVACY_MARK,
    CertificationType.ISO27017,
    CertificationType.ISMAP,
    CertificationType.SOC2,
  ]);
  const rows: unknown[][] = [];
  const identifier = (type: CertificationType): string => {
    switch (type) {
      case CertificationType.ISMS:
        return `IS ${random.int(500000, 799999)}`;
      case CertificationType.PRIVACY_MARK:
        return `第${random.int(10000000, 29999999)}(0${random.int(1, 9)})号`;
      case CertificationType.ISMAP:
      case CertificationType.ISMAP_LIU:
        return `C${random.int(21, 25)}-${String(random.int(1, 9999)).padStart(4, '0')}-1`;
      case CertificationType.ISO27017:
      case CertificationType.SOC2:
      case CertificationType.OTHER:
        return `CLD ${random.int(100000, 999999)}`;
    }
  };
  for (const type of types.slice(0, count)) {
    const validity = random.weighted({ future: 75, lapsed: 12, open: 13 });
    const validUntil =
      validity === 'future' ? addDays(today, random.int(30, 1000)) : validity === 'lapsed' ? addDays(today, -random.int(1, 400)) : null;
    rows.push([organizationId, vendorId, type, identifier(type), validUntil, rows.length]);
    // Some lapsed certificates were renewed: a newer entry of the same type clears CERTIFICATION_EXPIRED.
    if (validity === 'lapsed' && random.chance(0.4))
      rows.push([organizationId, vendorId, type, identifier(type), addDays(today, random.int(100, 1000)), rows.length]);
  }
  return rows;
}

export interface OrganizationTimings {
  code: string;
  subjects: number;
  evidenceVersions: number;
  setupMs: number;
  insertMs: number;
  refreshMs: number;
}

/** Subjects inserted per round trip group; their compliance is then refreshed in chunks of REFRESH_CHUNK. */
const SUBJECT_BATCH = 2000;
/**
 * ComplianceService.refresh inserts all findings of its subjects in one statement; 500 subjects with up to 17
 * findings each stay under PostgreSQL's 65,535 bind parameters (5 per finding).
 */
const REFRESH_CHUNK = 500;

/**
 * Generates one organization in ctx's transaction (ctx: the organization's own context): provisioned, its
 * catalog read and its compliance refreshed by the app's own services; the rest bulk-inserted.
 */
async function generateOrganization(
  app: INestApplicationContext,
  ctx: Context,
  index: number,
  scale: BenchScale,
  passwordHash: string,
): Promise<OrganizationTimings> {
  const started = performance.now();
  const code = benchOrganizationCode(index);
  const random = new SeededRandom(1000 + index);
  const municipality = MUNICIPALITIES[(index - 1) % MUNICIPALITIES.length];
  const today = todayIn(TIME_ZONE);
  const round = Math.floor((index - 1) / MUNICIPALITIES.length);
  // Bench data generation: the bulk inserts go straight through the transaction's entity manager.
  const manager: EntityManager = app.get(Database).manager(ctx);
  const { organization, admin } = await app.get(ProvisioningService).provision(
    ctx,
    { code, name: round === 0 ? municipality.name : `${municipality.name}（${round + 1}）`, timeZone: TIME_ZONE },
    {
      email: benchAdminEmail(code),
      displayName: `${random.pick(SURNAMES)} ${random.pick(GIVEN_NAMES)}`,
      password: BENCH_PASSWORD,
      mustChangePassword: false,
    },
  );
  const organizationId = organization.id;

  const departmentIds = DEPARTMENTS.map(() => randomUUID());
  await insertRows(
    manager,
    'departments',
    columns({ id: 'uuid', organization_id: 'uuid', name: 'text' }),
    DEPARTMENTS.map((d, i) => [departmentIds[i], organizationId, d.name]),
  );
  // Half of the organizations have switched off one built-in requirement, as an ADMIN may.
  if (index % 2 === 0) {
    await manager.query(
      `INSERT INTO requirement_settings (organization_id, requirement_code, active, reason) VALUES ($1, 'OC-12', false, $2)`,
      [organizationId, '公表の手続は別に条例で定めているため'],
    );
  }

  const users: (BenchUser & { row: unknown[] })[] = [];
  for (let i = 1; i < scale.usersPerOrganization; i++) {
    const role = i <= 8 ? Role.PROCUREMENT_OFFICER : i <= 14 ? Role.SECURITY_OFFICER : i <= 18 ? Role.AUDITOR : Role.STAFF;
    const active = role !== Role.STAFF || random.chance(0.97);
    const id = randomUUID();
    users.push({
      id,
      roles: [role],
      active,
      row: [
        id,
        organizationId,
        `user${String(i).padStart(4, '0')}@${code}.example.jp`,
        `${random.pick(SURNAMES)} ${random.pick(GIVEN_NAMES)}`,
        passwordHash,
        `{${role}}`,
        random.pick(departmentIds),
        active,
      ],
    });
  }
  await insertRows(
    manager,
    'users',
    USER_COLUMNS,
    users.map((u) => u.row),
  );

  const vendors: BenchVendor[] = [];
  const vendorRows: unknown[][] = [];
  const certificationRowsAll: unknown[][] = [];
  vendorNames(random, scale.vendorsPerOrganization).forEach((name, i) => {
    const id = randomUUID();
    vendors.push({ id, name });
    const certifications = certificationRows(random, today, organizationId, id);
    certificationRowsAll.push(...certifications);
    const base12 = `${String(index).padStart(2, '0')}01${String(i).padStart(8, '0')}`;
    vendorRows.push([
      id,
      organizationId,
      name,
      searchKey(name),
      random.chance(0.9) ? `${corporateNumberCheckDigit(base12)}${base12}` : null,
      `${random.pick(CITIES_FOR_ADDRESSES)}${random.int(1, 30)}番${random.int(1, 20)}号`,
      random.chance(0.7) ? `https://www.vendor-${String(i).padStart(4, '0')}.example.jp` : null,
      certificationsValidThrough(certifications.map((c) => ({ type: c[2] as string, validUntil: c[4] as string | null }))),
      1,
    ]);
  });
  await insertRows(manager, 'vendors', VENDOR_COLUMNS, vendorRows);
  await insertRows(manager, 'vendor_certifications', CERTIFICATION_COLUMNS, certificationRowsAll);

  const adminUser: BenchUser = { id: admin.id, roles: [Role.ADMIN], active: true };
  const context: OrganizationContext = {
    index,
    organizationId,
    random,
    today,
    municipality,
    departmentIds,
    ownerCandidates: [adminUser, ...users.filter((u) => u.roles.some((r) => r !== Role.AUDITOR))],
    procurementOfficers: users.filter((u) => u.roles.includes(Role.PROCUREMENT_OFFICER)),
    securityOfficers: users.filter((u) => u.roles.includes(Role.SECURITY_OFFICER)),
    vendors,
    catalog: await app.get(RequirementsRepository).catalog(ctx),
  };
  const setupMs = performance.now() - started;

  const compliance = app.get(ComplianceService);
  let insertMs = 0;
  let refreshMs = 0;
  let evidenceVersions = 0;
  for (let first = 1; first <= scale.subjectsPerOrganization; first += SUBJECT_BATCH) {
    const insertStarted = performance.now();
    const rows: SubjectRows = { subjects: [], contracts: [], subcontractors: [], clouds: [], socials: [], evidence: [] };
    const ids: string[] = [];
    for (let number = first; number < first + SUBJECT_BATCH && number <= scale.subjectsPerOrganization; number++)
      ids.push(subjectRows(context, number, rows));
    await insertRows(manager, 'subjects', SUBJECT_COLUMNS, rows.subjects);
    await insertRows(manager, 'outsourcing_contracts', CONTRACT_COLUMNS, rows.contracts);
    await insertRows(manager, 'contract_subcontractors', SUBCONTRACTOR_COLUMNS, rows.subcontractors);
    await insertRows(manager, 'cloud_services', CLOUD_COLUMNS, rows.clouds);
    await insertRows(manager, 'social_media_accounts', SOCIAL_COLUMNS, rows.socials);
    await insertRows(manager, 'evidence_versions', EVIDENCE_COLUMNS, rows.evidence);
    evidenceVersions += rows.evidence.length;
    const refreshStarted = performance.now();
    insertMs += refreshStarted - insertStarted;
    // The stored compliance exactly as the app stores it: the app's own refresh, over the new subjects.
    for (let i = 0; i < ids.length; i += REFRESH_CHUNK) await compliance.refresh(ctx, ids.slice(i, i + REFRESH_CHUNK));
    refreshMs += performance.now() - refreshStarted;
  }
  return { code, subjects: scale.subjectsPerOrganization, evidenceVersions, setupMs, insertMs, refreshMs };
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/**
 * Migrates, then creates the bench organizations that do not exist yet (bench-01, bench-02, ...), each in
 * one transaction: an organization is there whole or not at all, so a second run only adds what is missing.
 */
export async function generate(
  url: string,
  scale: BenchScale,
  log: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<void> {
  const started = performance.now();
  const applied = await runPendingMigrations(url);
  if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
  const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'error', DATABASE_URL: url });
  const app = await NestFactory.createApplicationContext(OperatorModule.forUrl(config, url), { logger: false });
  const dataSource = app.get(DataSource);
  const database = app.get(Database);
  try {
    const codes = Array.from({ length: scale.organizations }, (_, i) => benchOrganizationCode(i + 1));
    const present = await dataSource.query<{ code: string; subjects: number }[]>(
      `SELECT o.code, (SELECT count(*)::int FROM subjects s WHERE s.organization_id = o.id) AS subjects
         FROM organizations o WHERE o.code = ANY($1) ORDER BY o.code`,
      [codes],
    );
    const existing = new Set(present.map((row) => row.code));
    // Kept as they are: a database filled at another scale (a smoke run) is reported, never silently mixed.
    for (const { code, subjects } of present.filter((row) => row.subjects !== scale.subjectsPerOrganization)) {
      log(
        `warning: ${code} has ${subjects} subjects, not ${scale.subjectsPerOrganization}: use another database (or drop this one) to measure at this scale`,
      );
    }
    const missing = codes.map((code, i) => ({ code, index: i + 1 })).filter(({ code }) => !existing.has(code));
    if (missing.length === 0) {
      log(`bench data present: ${codes[0]}..${codes[codes.length - 1]} (generation skipped)`);
      return;
    }
    log(
      `generating ${missing.length} organization(s) × ${scale.subjectsPerOrganization} subjects ` +
        `(${scale.vendorsPerOrganization} vendors, ${scale.usersPerOrganization} users each)` +
        (existing.size ? `; already present: ${[...existing].sort().join(', ')}` : ''),
    );
    // One argon2 hash for every generated user: hashing 2,000 passwords would only measure argon2.
    const passwordHash = await hashPassword(BENCH_PASSWORD);
    for (const { index } of missing) {
      const timings = await database.transaction(newOrganizationContext(TIME_ZONE), (ctx) =>
        generateOrganization(app, ctx, index, scale, passwordHash),
      );
      log(
        `  ${timings.code}: ${timings.subjects} subjects, ${timings.evidenceVersions} evidence versions; ` +
          `setup ${seconds(timings.setupMs)}, insert ${seconds(timings.insertMs)}, compliance refresh ${seconds(timings.refreshMs)}`,
      );
    }
    const analyzeStarted = performance.now();
    // VACUUM as well as ANALYZE: what autovacuum does to a production database within minutes. Without
    // the visibility map the counts read every heap page (complianceSummary: 95 ms instead of 35).
    await dataSource.query('VACUUM ANALYZE');
    log(`VACUUM ANALYZE ${seconds(performance.now() - analyzeStarted)}; generation total ${seconds(performance.now() - started)}`);
    const statuses = await dataSource.query<{ status: string; count: number }[]>(
      `SELECT static_status::text AS status, count(*)::int AS count FROM subjects s JOIN organizations o ON o.id = s.organization_id
        WHERE o.code LIKE 'bench-%' AND s.status = 'ACTIVE' GROUP BY 1 ORDER BY 1`,
    );
    log(`stored static status of active bench subjects: ${statuses.map((s) => `${s.status} ${s.count}`).join(', ')}`);
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  Promise.resolve()
    .then(() => generate(requiredDatabaseUrl(), scaleFromEnv()))
    .catch((error: unknown) => {
      const problem = setupProblem(error);
      process.stderr.write(`${problem ?? (error as Error).stack ?? String(error)}\n`);
      process.exit(problem ? 2 : 1);
    });
}
