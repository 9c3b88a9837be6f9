import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { Context } from '../common/context';
import { Role } from '../common/role';
import { AppError, FieldError } from '../common/errors';
import { fieldErrorsOf, unreadableTextOf } from '../common/validation';
import { isUuid } from '../database/tenant-scope';
import { Database } from '../database/database';
import { DepartmentEntity } from '../organizations/department.entity';
import {
  CreateCloudServiceInput,
  CreateOutsourcingContractInput,
  CreateSocialMediaAccountInput,
  UpdateCloudServiceInput,
  UpdateOutsourcingContractInput,
  UpdateSocialMediaAccountInput,
} from '../subjects/dto/subject.inputs';
import { SubjectRecord } from '../subjects/subject-record';
import { assertSubjectRules } from '../subjects/subject-writer';
import { NewSubjectDraft, SubjectsService } from '../subjects/subjects.service';
import { SubjectKind } from '../domain/subject.enums';
import { UserEntity } from '../users/user.entity';
import { CreateVendorInput, UpdateVendorInput } from '../vendors/dto/vendor.inputs';
import { VendorWithCertifications } from '../vendors/vendors.repository';
import { VendorsService } from '../vendors/vendors.service';
import { LedgerLookups } from './ledger-lookups';
import { CellValue, parseCell, parseCertification, ParsedCertification } from './cell-values';
import { CERTIFICATION_TYPES, LedgerDefinition, PLATFORMS, RECORD_ID } from './ledger-columns';
import { SheetLayout, SheetRow } from './ledger-sheet';

export type RowAction = 'CREATE' | 'UPDATE' | 'UNCHANGED';

export interface ImportedRow {
  row: number;
  action: RowAction;
  key: string;
}

export interface ImportError {
  row: number;
  column: string;
  message: string;
}

/** Values of one row by field name; a blank cell is absent. */
type Values = Record<string, CellValue | undefined>;

/** What a row found wrong: collected, never thrown, so that every error of every row is reported. */
class RowProblems {
  readonly list: { field: string; message: string }[] = [];
  add(field: string, message: string): void {
    this.list.push({ field, message });
  }
  has(field: string): boolean {
    return this.list.some((p) => p.field === field);
  }
  get any(): boolean {
    return this.list.length > 0;
  }
}

/** Thrown inside a row to stop it after its problems were recorded. */
class RowRefused extends Error {}

interface VendorRef {
  id: string;
  name: string;
  corporateNumber: string | null;
}

/** A vendor a row names that is not registered yet: registered (取引先自動登録) once every check of the row is through. */
class VendorToRegister {
  constructor(readonly input: CreateVendorInput) {}
}

type VendorChoice = VendorRef | VendorToRegister;

/**
 * The entry a row writes: a new one, a stored one (found by its 登録ID or its natural key), or none
 * known (the key could not be read, or named no single entry): such a row is checked, never written.
 */
type Target = { kind: 'new' } | { kind: 'existing'; id: string; byId: boolean } | { kind: 'unknown' };

const UNKNOWN: Target = { kind: 'unknown' };

/** What a row did. */
interface Outcome {
  action: RowAction;
  key: string;
}

/** The service fields each ledger field feeds, for mapping a service's field errors back to the file's columns. */
const SERVICE_FIELD_COLUMNS: Record<string, string[]> = {
  vendorId: ['vendorCorporateNumber', 'vendorName'],
  ownerId: ['ownerEmail'],
  departmentId: ['department'],
  subcontractorIds: ['subcontractors'],
};

const SAVEPOINT = 'ledger_row';
const BATCH_SAVEPOINT = 'ledger_batch';

/** New entries created in one go: a few statements per batch, each far from PostgreSQL's 65,535 bind parameters. */
const CREATE_BATCH = 1000;

/** A new entry of a row that passed every check, waiting for `flush`. */
interface PendingCreate {
  row: number;
  draft: NewSubjectDraft;
  /** The single create, as the API does it: for a batch refused as a whole. */
  save: () => Promise<unknown>;
}

/** What a run writes through: the API's own services, in the import's one transaction. */
export interface ImportWriters {
  database: Database;
  vendors: VendorsService;
  subjects: SubjectsService;
  lookups: LedgerLookups;
}

/**
 * One import, inside the one transaction that holds all of it: the organization's vendors, users,
 * departments and natural keys are read once, then every row is written through the same services
 * as the API (their validation, audit events, review scheduling and compliance refresh included).
 * A row that writes (a vendor, an update) does so under a savepoint, so that a refused row leaves the
 * transaction usable for the next one; a new entry is queued and created with the others of its
 * batch by `SubjectsService.createMany` (set-based: a few statements per batch, not per row).
 *
 * A row is checked whole before anything of it is written: every cell, every reference (vendor,
 * owner, department, subcontractors), the API's validation of the resulting input and the dates,
 * so that one pass reports every bad cell of every row; only a row without problems is written.
 */
export class ImportRun {
  readonly rows: ImportedRow[] = [];
  readonly errors: ImportError[] = [];
  private vendorsById = new Map<string, VendorRef>();
  private vendorsByNumber = new Map<string, VendorRef>();
  private vendorsByName = new Map<string, VendorRef[]>();
  private usersByEmail = new Map<string, UserEntity>();
  private departmentsByName = new Map<string, DepartmentEntity>();
  /** Natural key → subject ids. */
  private existing = new Map<string, string[]>();
  /** The ids a 登録ID may name: the organization's entries of this ledger. */
  private recordIds = new Set<string>();
  /** Natural key or entry → the row that used it first in this file. */
  private seen = new Map<string, number>();
  /** Vendors the current row registered or changed: forgotten again (registered ones) if the row is undone. */
  private pendingVendors: { vendor: VendorRef; created: boolean }[] = [];
  /** New entries of rows that passed every check, created together by `flush`. */
  private pendingCreates: PendingCreate[] = [];
  private savepointSet = false;
  /** Whether the current row has set its savepoint (it has written something). */
  private rowSavepoint = false;
  /** Stored entries read ahead for the next rows, by id: each taken once (see `readAheadFor`). */
  private readAhead = new Map<string, SubjectRecord>();

  constructor(
    private readonly ctx: Context,
    private readonly definition: LedgerDefinition,
    private readonly layout: SheetLayout,
    private readonly writers: ImportWriters,
  ) {}

  private get vendors(): VendorsService {
    return this.writers.vendors;
  }

  private get subjects(): SubjectsService {
    return this.writers.subjects;
  }

  get counts(): { created: number; updated: number; unchanged: number } {
    const count = (action: RowAction): number => this.rows.filter((r) => r.action === action).length;
    return { created: count('CREATE'), updated: count('UPDATE'), unchanged: count('UNCHANGED') };
  }

  /**
   * What the import answers. A dry run reports what each row would do and every error (any error
   * means the real import would save nothing). A real import refused for errors saved nothing: it
   * counts nothing and lists no rows, only the errors.
   */
  answer(dryRun: boolean): {
    dryRun: boolean;
    created: number;
    updated: number;
    unchanged: number;
    rows: ImportedRow[];
    errors: ImportError[];
  } {
    if (!dryRun && this.errors.length > 0) return { dryRun, created: 0, updated: 0, unchanged: 0, rows: [], errors: this.errors };
    return { dryRun, ...this.counts, rows: this.rows, errors: this.errors };
  }

  /** Header-level problems: a key column that is not in the file at all (a file with the 登録ID column finds its entries by it). */
  missingKeyColumns(headerRow: number): boolean {
    if (this.layout.columns.some((l) => l.column === RECORD_ID)) return false;
    const missing = this.definition.columns.filter((c) => c.key && !this.layout.columns.some((l) => l.column === c));
    for (const column of missing) {
      this.errors.push({ row: headerRow, column: column.header, message: `必須の列「${column.header}」（${column.field}）がありません。` });
    }
    return missing.length > 0;
  }

  async load(): Promise<void> {
    const vendors = await this.writers.lookups.allVendors(this.ctx);
    for (const vendor of vendors) this.rememberVendor(vendor);
    const users = await this.writers.lookups.allUsers(this.ctx);
    this.usersByEmail = new Map(users.map((u) => [u.email.toLowerCase(), u]));
    const departments = await this.writers.lookups.departments(this.ctx);
    this.departmentsByName = new Map(departments.map((d) => [nameKey(d.name), d]));
    if (this.definition.kind === 'vendors') {
      this.recordIds = new Set(vendors.map((v) => v.id));
      return;
    }
    for (const { key, id } of await this.existingKeys()) {
      this.recordIds.add(id);
      if (key !== null) this.existing.set(key, [...(this.existing.get(key) ?? []), id]);
    }
  }

  /** Every entry of this ledger with its natural key (null for a contract without a contract number). */
  private async existingKeys(): Promise<{ key: string | null; id: string }[]> {
    const kind = this.definition.subjectKind;
    if (kind === null) return [];
    const rows = await this.writers.lookups.naturalKeys(this.ctx, kind);
    switch (this.definition.kind) {
      case 'vendors':
        return [];
      case 'outsourcing-contracts':
        return rows.map((r) => ({ key: r.number ?? null, id: r.id }));
      case 'cloud-services':
        return rows.map((r) => ({ key: cloudKey(r.vendorId!, r.name!), id: r.id }));
      case 'social-media-accounts':
        return rows.map((r) => ({ key: socialKey(r.platform!, r.accountName!), id: r.id }));
    }
  }

  private rememberVendor(vendor: VendorRef): void {
    const ref = { id: vendor.id, name: vendor.name, corporateNumber: vendor.corporateNumber };
    // A renamed or renumbered vendor leaves its old entries.
    const known = this.vendorsById.get(ref.id);
    if (known) this.forgetVendor(known);
    this.vendorsById.set(ref.id, ref);
    if (ref.corporateNumber) this.vendorsByNumber.set(ref.corporateNumber, ref);
    const byName = this.vendorsByName.get(nameKey(ref.name)) ?? [];
    this.vendorsByName.set(nameKey(ref.name), [...byName.filter((v) => v.id !== ref.id), ref]);
  }

  private forgetVendor(vendor: VendorRef): void {
    this.vendorsById.delete(vendor.id);
    if (vendor.corporateNumber && this.vendorsByNumber.get(vendor.corporateNumber)?.id === vendor.id)
      this.vendorsByNumber.delete(vendor.corporateNumber);
    const byName = (this.vendorsByName.get(nameKey(vendor.name)) ?? []).filter((v) => v.id !== vendor.id);
    if (byName.length) this.vendorsByName.set(nameKey(vendor.name), byName);
    else this.vendorsByName.delete(nameKey(vendor.name));
  }

  /**
   * One data row: parsed, checked, and written (under a savepoint set just before its first write; a
   * new entry is only queued, see `flush`); its problems land in `errors`.
   */
  async row(row: SheetRow): Promise<void> {
    const problems = new RowProblems();
    const values = this.parse(row, problems);
    this.pendingVendors = [];
    this.rowSavepoint = false;
    try {
      const outcome = await this.write(values, row, problems);
      if (problems.any) throw new RowRefused();
      for (const { vendor } of this.pendingVendors) this.rememberVendor(vendor);
      this.rows.push({ row: row.number, ...outcome });
    } catch (error) {
      // Undoes what the row wrote and keeps the savepoint: the transaction is usable again for the next row.
      if (this.rowSavepoint) await this.writers.database.rollbackToSavepoint(this.ctx, SAVEPOINT);
      this.pendingCreates = this.pendingCreates.filter((pending) => pending.row !== row.number);
      for (const { vendor, created } of this.pendingVendors) if (created) this.forgetVendor(vendor);
      if (error instanceof AppError) this.addRefusal(problems, error);
      else if (!(error instanceof RowRefused)) throw error;
      this.report(row.number, problems);
    }
    if (this.pendingCreates.length >= CREATE_BATCH) await this.flush();
  }

  /**
   * Creates the queued new entries, all at once (`SubjectsService.createMany`: the same checks, set-based
   * writes). Should that refuse them (what every row was checked against changed under the import, a
   * duplicate key committed meanwhile), they are created one by one instead, each under its savepoint,
   * so that each refused row is reported with the reason the API gives, as if there had been no batch.
   * Called on the way and once after the last row.
   */
  async flush(): Promise<void> {
    const batch = this.pendingCreates;
    this.pendingCreates = [];
    if (batch.length === 0) return;
    const database = this.writers.database;
    await database.savepoint(this.ctx, BATCH_SAVEPOINT, false);
    try {
      await this.subjects.createMany(
        this.ctx,
        batch.map((pending) => pending.draft),
      );
      await database.releaseSavepoint(this.ctx, BATCH_SAVEPOINT);
      return;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      await database.rollbackToSavepoint(this.ctx, BATCH_SAVEPOINT);
      await database.releaseSavepoint(this.ctx, BATCH_SAVEPOINT);
    }
    const refused = new Set<number>();
    for (const pending of batch) {
      this.rowSavepoint = false;
      await this.beforeWrite();
      try {
        await pending.save();
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        await database.rollbackToSavepoint(this.ctx, SAVEPOINT);
        const problems = new RowProblems();
        this.addRefusal(problems, error);
        this.report(pending.row, problems);
        refused.add(pending.row);
      }
    }
    if (refused.size > 0) {
      replaceAll(
        this.rows,
        this.rows.filter((r) => !refused.has(r.row)),
      );
      // In row order, as if every row had been written in its turn.
      replaceAll(
        this.errors,
        [...this.errors].sort((a, b) => a.row - b.row),
      );
    }
  }

  /** Sets the row's savepoint before its first write (the previous row's is released in the same round trip). */
  private async beforeWrite(): Promise<void> {
    if (this.rowSavepoint) return;
    await this.writers.database.savepoint(this.ctx, SAVEPOINT, this.savepointSet);
    this.savepointSet = true;
    this.rowSavepoint = true;
  }

  private addRefusal(problems: RowProblems, error: AppError): void {
    for (const fieldError of error.fieldErrors?.length ? error.fieldErrors : [{ field: '', message: error.message }]) {
      problems.add(fieldError.field, fieldError.message);
    }
  }

  private report(row: number, problems: RowProblems): void {
    for (const { field, message } of problems.list) this.errors.push({ row, column: this.headerOf(field), message });
  }

  /** The column header as written in the file for a ledger or service field; the key column when the field is unknown. */
  private headerOf(field: string): string {
    const base = field.split('.')[0];
    const candidates = [base, ...(SERVICE_FIELD_COLUMNS[base] ?? [])];
    for (const candidate of candidates) {
      const placed = this.layout.columns.find((l) => l.column.field === candidate);
      if (placed) return placed.header;
    }
    const column = this.definition.columns.find((c) => candidates.includes(c.field)) ?? this.definition.columns.find((c) => c.key)!;
    return this.layout.columns.find((l) => l.column === column)?.header ?? column.header;
  }

  private parse(row: SheetRow, problems: RowProblems): Values {
    const values: Values = {};
    for (const { index, column } of this.layout.columns) {
      const parsed = parseCell(column.cell, row.cells[index] ?? null);
      if (!parsed.ok) problems.add(column.field, parsed.message);
      else if (parsed.value !== undefined) values[column.field] = parsed.value;
    }
    for (const { field, message } of unreadableTextOf(values)) problems.add(field, message);
    return values;
  }

  private write(values: Values, row: SheetRow, problems: RowProblems): Promise<Outcome> {
    switch (this.definition.kind) {
      case 'vendors':
        return this.writeVendor(values, row, problems);
      case 'outsourcing-contracts':
        return this.writeContract(values, row, problems);
      case 'cloud-services':
        return this.writeCloudService(values, row, problems);
      case 'social-media-accounts':
        return this.writeSocialMediaAccount(values, row, problems);
    }
  }

  // ---- which entry a row writes --------------------------------------------------------------

  /** Marks a key as used by this row; the same key on a later row of the file is an error there. */
  private claim(key: string, label: string, row: SheetRow, problems: RowProblems, field: string): boolean {
    const first = this.seen.get(key);
    if (first !== undefined) {
      problems.add(field, `同じキー（${label}）の行が${first}行目にもあります。`);
      return false;
    }
    this.seen.set(key, row.number);
    return true;
  }

  private claimEntry(id: string, label: string, row: SheetRow, problems: RowProblems, field: string, byId: boolean): Target {
    return this.claim(`entry:${id}`, label, row, problems, field) ? { kind: 'existing', id, byId } : UNKNOWN;
  }

  /** The entry a row names by its 登録ID; undefined for a row without one. */
  private byRecordId(values: Values, row: SheetRow, problems: RowProblems, what: string): Target | undefined {
    const id = values.recordId as string | undefined;
    if (id === undefined) return undefined;
    if (!isUuid(id) || !this.recordIds.has(id)) {
      problems.add('recordId', `登録ID「${id}」の${what}はこの団体の台帳にありません。新規に登録する行では登録IDを空欄にしてください。`);
      return UNKNOWN;
    }
    return this.claimEntry(id, id, row, problems, 'recordId', true);
  }

  /** The entry a row without 登録ID names by its natural key: the one stored under it, a new one, or none when several share it. */
  private byNaturalKey(key: string, label: string, row: SheetRow, problems: RowProblems, field: string, what: string): Target {
    if (!this.claim(`key:${key}`, label, row, problems, field)) return UNKNOWN;
    const ids = this.existing.get(key) ?? [];
    if (ids.length === 0) return { kind: 'new' };
    if (ids.length > 1) {
      problems.add(
        field,
        `同じキー（${label}）の${what}が${ids.length}件登録されているため、どれを更新するか決められません。エクスポートしたファイルの登録IDで指定してください。`,
      );
      return UNKNOWN;
    }
    return this.claimEntry(ids[0], label, row, problems, field, false);
  }

  /** A row without 登録ID needs its natural key; false (with a problem per missing cell) when a part is blank. */
  private hasKey(values: Values, problems: RowProblems, fields: string[]): boolean {
    let complete = true;
    for (const field of fields) {
      if (values[field] !== undefined) continue;
      complete = false;
      const column = this.definition.columns.find((c) => c.field === field)!;
      if (!problems.has(field)) problems.add(field, `${column.header}は必須です（登録IDのない行では既存の登録をこれで探します）。`);
    }
    return complete;
  }

  private requireForCreate(values: Values, problems: RowProblems): void {
    for (const column of this.definition.columns) {
      if (column.required && !column.key && values[column.field] === undefined && !problems.has(column.field))
        problems.add(column.field, `新規登録には「${column.header}」が必要です。`);
    }
  }

  private async currentSubject(target: Target): Promise<SubjectRecord | undefined> {
    if (target.kind !== 'existing') return undefined;
    const read = this.readAhead.get(target.id);
    if (!read) return this.subjects.get(this.ctx, target.id);
    this.readAhead.delete(target.id);
    return read;
  }

  /**
   * Reads ahead, in one go, the stored entries the given (next) rows will most likely update: those
   * their 登録ID or natural key names now. A row whose entry was not read ahead reads it itself.
   */
  async readAheadFor(rows: readonly SheetRow[]): Promise<void> {
    this.readAhead.clear();
    if (this.definition.subjectKind === null || this.recordIds.size === 0) return;
    const ids = new Set<string>();
    for (const row of rows) {
      const id = this.likelyEntry(this.parse(row, new RowProblems()));
      if (id !== undefined) ids.add(id);
    }
    for (const record of await this.subjects.getMany(this.ctx, [...ids])) this.readAhead.set(record.subject.id, record);
  }

  private likelyEntry(values: Values): string | undefined {
    const id = values.recordId as string | undefined;
    if (id !== undefined) return isUuid(id) && this.recordIds.has(id) ? id : undefined;
    const single = (key: string): string | undefined => {
      const ids = this.existing.get(key);
      return ids?.length === 1 ? ids[0] : undefined;
    };
    const text = (field: string): string | undefined => values[field] as string | undefined;
    switch (this.definition.kind) {
      case 'outsourcing-contracts':
        return text('contractNumber') === undefined ? undefined : single(text('contractNumber')!);
      case 'social-media-accounts':
        return text('platform') === undefined || text('accountName') === undefined
          ? undefined
          : single(socialKey(text('platform')!, text('accountName')!));
      case 'cloud-services': {
        const number = text('vendorCorporateNumber');
        const byName = text('vendorName') === undefined ? [] : (this.vendorsByName.get(nameKey(text('vendorName')!)) ?? []);
        const vendor = number !== undefined ? this.vendorsByNumber.get(number) : byName.length === 1 ? byName[0] : undefined;
        return vendor && text('name') !== undefined ? single(cloudKey(vendor.id, text('name')!)) : undefined;
      }
      case 'vendors':
        return undefined;
    }
  }

  // ---- vendors -------------------------------------------------------------------------------

  private async writeVendor(values: Values, row: SheetRow, problems: RowProblems): Promise<Outcome> {
    const name = values.name as string | undefined;
    const corporateNumber = values.corporateNumber as string | undefined;
    const key = corporateNumber ?? name ?? (values.recordId as string | undefined) ?? '';
    let target = this.byRecordId(values, row, problems, '取引先');
    if (!target) {
      const field = corporateNumber ? 'corporateNumber' : 'name';
      if (!this.hasKey(values, problems, ['name'])) target = UNKNOWN;
      else if (!this.claim(corporateNumber ? `number:${corporateNumber}` : `name:${nameKey(name!)}`, key, row, problems, field))
        target = UNKNOWN;
      else {
        const found = this.vendorFor(corporateNumber, name!, problems);
        target = found === null ? UNKNOWN : found ? this.claimEntry(found.id, key, row, problems, field, false) : { kind: 'new' };
      }
    }
    const certifications = this.certifications(values.certifications as string[] | undefined, problems);
    const desired = definedOnly({ name, corporateNumber, address: values.address, websiteUrl: values.websiteUrl, certifications });
    switch (target.kind) {
      case 'new': {
        const input = await this.validated(CreateVendorInput, desired, problems);
        if (problems.any || !input) throw new RowRefused();
        await this.beforeWrite();
        const vendor = await this.vendors.create(this.ctx, input);
        this.pendingVendors.push({ vendor, created: true });
        return { action: 'CREATE', key };
      }
      case 'existing': {
        const current = await this.vendors.get(this.ctx, target.id);
        const changes = changed(vendorFields(current), desired);
        const input = await this.validated(UpdateVendorInput, { ...changes, expectedVersion: current.version }, problems);
        if (problems.any || !input) throw new RowRefused();
        if (Object.keys(changes).length === 0) return { action: 'UNCHANGED', key };
        await this.beforeWrite();
        const updated = await this.vendors.update(this.ctx, current.id, input);
        this.pendingVendors.push({ vendor: updated, created: false });
        return { action: updated.version === current.version ? 'UNCHANGED' : 'UPDATE', key };
      }
      case 'unknown':
        await this.validated(UpdateVendorInput, { ...desired, expectedVersion: 1 }, problems);
        throw new RowRefused();
    }
  }

  /**
   * The vendor a vendors-ledger row without 登録ID updates: by corporate number; else (or when that
   * number is new) the one vendor of that exact name without a number. Null when several share the name.
   */
  private vendorFor(corporateNumber: string | undefined, name: string, problems: RowProblems): VendorRef | null | undefined {
    if (corporateNumber) {
      const byNumber = this.vendorsByNumber.get(corporateNumber);
      if (byNumber) return byNumber;
      const unnumbered = (this.vendorsByName.get(nameKey(name)) ?? []).filter((v) => !v.corporateNumber);
      return unnumbered.length === 1 ? unnumbered[0] : undefined;
    }
    const byName = this.vendorsByName.get(nameKey(name)) ?? [];
    if (byName.length > 1) {
      problems.add('name', `「${name}」という取引先が${byName.length}件あります。法人番号又は登録IDで指定してください。`);
      return null;
    }
    return byName[0];
  }

  private certifications(items: string[] | undefined, problems: RowProblems): ParsedCertification[] | undefined {
    if (items === undefined) return undefined;
    const parsed: ParsedCertification[] = [];
    for (const item of items) {
      const result = parseCertification(item, CERTIFICATION_TYPES);
      if (result.ok) parsed.push(result.value);
      else problems.add('certifications', result.message);
    }
    return parsed;
  }

  // ---- references of subject rows ------------------------------------------------------------

  /**
   * The vendor a subject row names: by corporate number, else by exact name (the entry's own vendor
   * first, when several share the name); one to register when missing, only if 取引先自動登録 says
   * so. Another organization's vendor is simply not found. `missing` is the problem of a row that
   * names no vendor at all (none when it may leave the vendor as it is).
   */
  private async vendorOf(
    values: Values,
    problems: RowProblems,
    options: { missing?: string; current?: string | null },
  ): Promise<VendorChoice | undefined> {
    const number = values.vendorCorporateNumber as string | undefined;
    const name = values.vendorName as string | undefined;
    const mayCreate = values.createVendor === true;
    if (!number && !name) {
      if (options.missing && !problems.has('vendorCorporateNumber')) problems.add('vendorName', options.missing);
      return undefined;
    }
    if (number) {
      const found = this.vendorsByNumber.get(number);
      if (found) return found;
      if (!mayCreate) {
        problems.add(
          'vendorCorporateNumber',
          `法人番号 ${number} の取引先が登録されていません（取引先自動登録を「有」にすると登録します）。`,
        );
        return undefined;
      }
      if (!name) {
        problems.add('vendorName', `法人番号 ${number} の取引先を登録するには取引先名が必要です。`);
        return undefined;
      }
      return this.vendorToRegister({ name, corporateNumber: number }, problems);
    }
    const byName = this.vendorsByName.get(nameKey(name!)) ?? [];
    const own = byName.find((v) => v.id === options.current);
    if (own) return own;
    if (byName.length === 1) return byName[0];
    if (byName.length > 1) {
      problems.add('vendorName', `「${name}」という取引先が${byName.length}件あります。取引先法人番号で指定してください。`);
      return undefined;
    }
    if (!mayCreate) {
      problems.add('vendorName', `取引先「${name}」が登録されていません（取引先自動登録を「有」にすると登録します）。`);
      return undefined;
    }
    return this.vendorToRegister({ name: name! }, problems);
  }

  private async vendorToRegister(
    fields: { name: string; corporateNumber?: string },
    problems: RowProblems,
  ): Promise<VendorToRegister | undefined> {
    const input = await this.validated(CreateVendorInput, fields, problems, {
      fieldNames: { name: 'vendorName', corporateNumber: 'vendorCorporateNumber' },
    });
    return input && new VendorToRegister(input);
  }

  /** The id of the vendor a row names, registering it now if it is new (the row has passed every check). */
  private async registered(vendor: VendorChoice): Promise<string> {
    if (!(vendor instanceof VendorToRegister)) return vendor.id;
    await this.beforeWrite();
    const created = await this.vendors.create(this.ctx, vendor.input);
    this.pendingVendors.push({ vendor: created, created: true });
    return created.id;
  }

  /**
   * The owner a row names by e-mail, held to the API's rule (an active user with a role other than
   * AUDITOR, as in `assertValidOwner`) when it changes, so that a refused owner is reported with
   * the row's other problems; an owner already set is left as it is.
   */
  private ownerOf(values: Values, problems: RowProblems, currentOwnerId: string | null | undefined): string | undefined {
    const email = values.ownerEmail as string | undefined;
    if (email === undefined) return undefined;
    const user = this.usersByEmail.get(email);
    if (!user) {
      problems.add('ownerEmail', `メールアドレス ${email} の利用者が見つかりません。`);
      return undefined;
    }
    if (user.id !== currentOwnerId) {
      if (!user.active) problems.add('ownerEmail', `${email} は無効化された利用者のため責任者にできません。`);
      else if (user.roles.every((role) => role === Role.AUDITOR))
        problems.add('ownerEmail', `${email} は監査担当（AUDITOR）のみの利用者のため責任者にできません。`);
    }
    return user.id;
  }

  private departmentOf(values: Values, problems: RowProblems): string | undefined {
    const name = values.department as string | undefined;
    if (name === undefined) return undefined;
    const department = this.departmentsByName.get(nameKey(name));
    if (!department) problems.add('department', `部署「${name}」が見つかりません。`);
    return department?.id;
  }

  /** Registered vendors by corporate number or exact name; of several sharing a name, the one the contract already names. */
  private subcontractorsOf(values: Values, problems: RowProblems, current: readonly string[]): string[] | undefined {
    const items = values.subcontractors as string[] | undefined;
    if (items === undefined) return undefined;
    const ids: string[] = [];
    for (const item of items) {
      const digits = item.normalize('NFKC').replace(/[\s-]/g, '');
      const byNumber = /^\d{13}$/.test(digits) ? this.vendorsByNumber.get(digits) : undefined;
      const byName = this.vendorsByName.get(nameKey(item)) ?? [];
      const vendor = byNumber ?? byName.find((v) => current.includes(v.id)) ?? (byName.length === 1 ? byName[0] : undefined);
      if (vendor) ids.push(vendor.id);
      else
        problems.add(
          'subcontractors',
          byName.length > 1
            ? `再委託先「${item}」が複数あります。法人番号で指定してください。`
            : `再委託先「${item}」が登録されていません。`,
        );
    }
    return ids;
  }

  /** End not before start, with the stored dates where the row leaves them blank (the API's rule). */
  private checkDates(values: Values, current: SubjectRecord | undefined, problems: RowProblems): void {
    if (problems.has('startDate') || problems.has('endDate')) return;
    const start = (values.startDate as string | undefined) ?? current?.contract?.startDate;
    const end = (values.endDate as string | undefined) ?? current?.contract?.endDate ?? null;
    if (start === undefined) return;
    try {
      assertSubjectRules({ startDate: start, endDate: end });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      for (const fieldError of error.fieldErrors ?? []) problems.add(fieldError.field, fieldError.message);
    }
  }

  // ---- subjects ------------------------------------------------------------------------------

  private async writeContract(values: Values, row: SheetRow, problems: RowProblems): Promise<Outcome> {
    const number = values.contractNumber as string | undefined;
    const key = number ?? (values.recordId as string | undefined) ?? '';
    const target =
      this.byRecordId(values, row, problems, '委託契約') ??
      (this.hasKey(values, problems, ['contractNumber'])
        ? this.byNaturalKey(number!, number!, row, problems, 'contractNumber', '委託契約')
        : UNKNOWN);
    const current = await this.currentSubject(target);
    if (target.kind === 'new') this.requireForCreate(values, problems);
    const vendor = await this.vendorOf(values, problems, {
      missing: target.kind === 'new' ? '取引先法人番号か取引先名のどちらかが必要です。' : undefined,
      current: current?.subject.vendorId,
    });
    if (current && vendor && (vendor instanceof VendorToRegister || vendor.id !== current.subject.vendorId)) {
      problems.add('vendorId', '登録済みの委託契約の取引先は取込みでは変更できません。');
    }
    const desired = definedOnly({
      name: values.name,
      contractNumber: number,
      ownerId: this.ownerOf(values, problems, current?.subject.ownerId),
      departmentId: this.departmentOf(values, problems),
      startDate: values.startDate,
      endDate: values.endDate,
      confidentiality: values.confidentiality,
      integrity: values.integrity,
      availability: values.availability,
      networkSegment: values.networkSegment,
      handlesPersonalInformation: values.handlesPersonalInformation,
      handlesMyNumber: values.handlesMyNumber,
      subcontractingAllowed: values.subcontractingAllowed,
      subcontractorIds: this.subcontractorsOf(values, problems, current?.subcontractorIds ?? []),
      workLocation: values.workLocation,
    });
    this.checkDates(values, current, problems);
    return this.saveSubject({
      target,
      current,
      desired,
      key,
      problems,
      vendor,
      line: row.number,
      create: {
        type: CreateOutsourcingContractInput,
        extra: { lastReviewedOn: values.lastReviewedOn },
        draft: (input, vendorId) => ({ kind: SubjectKind.OUTSOURCING_CONTRACT, input: Object.assign(input, { vendorId }) }),
        save: (input, vendorId) => this.subjects.createOutsourcingContract(this.ctx, Object.assign(input, { vendorId })),
      },
      update: {
        type: UpdateOutsourcingContractInput,
        save: (id, input) => this.subjects.updateOutsourcingContract(this.ctx, id, input),
      },
    });
  }

  private async writeCloudService(values: Values, row: SheetRow, problems: RowProblems): Promise<Outcome> {
    const name = values.name as string | undefined;
    const vendorLabel = (values.vendorCorporateNumber as string | undefined) ?? (values.vendorName as string | undefined);
    const key = vendorLabel && name ? `${vendorLabel} / ${name}` : ((values.recordId as string | undefined) ?? '');
    const byId = this.byRecordId(values, row, problems, 'クラウドサービス');
    let current = byId && (await this.currentSubject(byId));
    const vendor = await this.vendorOf(values, problems, {
      missing: byId ? undefined : '取引先法人番号か取引先名のどちらかが必要です（サービス名と合わせて既存の登録を探します）。',
      current: current?.subject.vendorId,
    });
    let target = byId;
    if (!target) {
      // The natural key: the vendor (registered, or registered by this row) and the service name.
      if (!this.hasKey(values, problems, ['name']) || !vendor) target = UNKNOWN;
      else if (vendor instanceof VendorToRegister) {
        const naturalKey = cloudKey(`new:${vendor.input.corporateNumber ?? nameKey(vendor.input.name)}`, name!);
        target = this.claim(`key:${naturalKey}`, key, row, problems, 'name') ? { kind: 'new' } : UNKNOWN;
      } else target = this.byNaturalKey(cloudKey(vendor.id, name!), key, row, problems, 'name', 'クラウドサービス');
      current = await this.currentSubject(target);
    } else if (current && vendor && (vendor instanceof VendorToRegister || vendor.id !== current.subject.vendorId)) {
      problems.add('vendorId', '登録済みのクラウドサービスの取引先は取込みでは変更できません。');
    }
    if (target.kind === 'new') this.requireForCreate(values, problems);
    const desired = definedOnly({
      name,
      ownerId: this.ownerOf(values, problems, current?.subject.ownerId),
      departmentId: this.departmentOf(values, problems),
      usageType: values.usageType,
      purpose: values.purpose,
      serviceUrl: values.serviceUrl,
      dataLocations: values.dataLocations,
      networkSegment: values.networkSegment,
      handlesPersonalInformation: values.handlesPersonalInformation,
      handlesMyNumber: values.handlesMyNumber,
      confidentiality: values.confidentiality,
      integrity: values.integrity,
      availability: values.availability,
    });
    // Found by its name (matched width-folded), the entry keeps the name it has; found by its ID, it takes the row's.
    if (target.kind === 'existing' && !target.byId) delete desired.name;
    return this.saveSubject({
      target,
      current,
      desired,
      key,
      problems,
      vendor,
      line: row.number,
      create: {
        type: CreateCloudServiceInput,
        extra: { lastReviewedOn: values.lastReviewedOn },
        draft: (input, vendorId) => ({ kind: SubjectKind.CLOUD_SERVICE, input: Object.assign(input, { vendorId }) }),
        save: (input, vendorId) => this.subjects.createCloudService(this.ctx, Object.assign(input, { vendorId })),
      },
      update: { type: UpdateCloudServiceInput, save: (id, input) => this.subjects.updateCloudService(this.ctx, id, input) },
    });
  }

  private async writeSocialMediaAccount(values: Values, row: SheetRow, problems: RowProblems): Promise<Outcome> {
    const platform = values.platform as string | undefined;
    const accountName = values.accountName as string | undefined;
    const key =
      platform && accountName
        ? `${PLATFORMS.find((p) => p.code === platform)?.label ?? platform} ${accountName}`
        : ((values.recordId as string | undefined) ?? '');
    const target =
      this.byRecordId(values, row, problems, 'SNSアカウント') ??
      (this.hasKey(values, problems, ['platform', 'accountName'])
        ? this.byNaturalKey(socialKey(platform!, accountName!), key, row, problems, 'accountName', 'SNSアカウント')
        : UNKNOWN);
    const current = await this.currentSubject(target);
    if (target.kind === 'new') this.requireForCreate(values, problems);
    const desired = definedOnly({
      name: values.name,
      platform,
      accountName,
      ownerId: this.ownerOf(values, problems, current?.subject.ownerId),
      departmentId: this.departmentOf(values, problems),
      url: values.url,
      purpose: values.purpose,
      postingPolicy: values.postingPolicy,
      operatingProcedureUrl: values.operatingProcedureUrl,
      availability: values.availability,
    });
    return this.saveSubject({
      target,
      current,
      desired,
      key,
      problems,
      line: row.number,
      create: {
        type: CreateSocialMediaAccountInput,
        extra: { lastReviewedOn: values.lastReviewedOn },
        draft: (input) => ({ kind: SubjectKind.SOCIAL_MEDIA_ACCOUNT, input }),
        save: (input) => this.subjects.createSocialMediaAccount(this.ctx, input),
      },
      update: { type: UpdateSocialMediaAccountInput, save: (id, input) => this.subjects.updateSocialMediaAccount(this.ctx, id, input) },
    });
  }

  /**
   * The last step of every subject row: the API's validation of what the row would send (the whole
   * entry for a new one, only what differs for a stored one; a blank cell never gets here), then,
   * when the row has no problem at all, the write: the vendor registered if it is new, the entry
   * created or updated. Nothing differing is UNCHANGED and writes nothing.
   */
  private async saveSubject<C extends object, U extends object>(row: {
    target: Target;
    current: SubjectRecord | undefined;
    desired: Record<string, unknown>;
    key: string;
    problems: RowProblems;
    vendor?: VendorChoice;
    line: number;
    create: {
      type: new () => C;
      extra: Record<string, unknown>;
      draft: (input: C, vendorId: string | undefined) => NewSubjectDraft;
      save: (input: C, vendorId: string | undefined) => Promise<unknown>;
    };
    update: { type: new () => U; save: (id: string, input: U) => Promise<SubjectRecord> };
  }): Promise<Outcome> {
    const { target, current, desired, key, problems, vendor, line, create, update } = row;
    switch (target.kind) {
      case 'new': {
        // The vendor's problems are its cells' (reported by vendorOf); its id is known once it is registered.
        const vendorId = vendor && !(vendor instanceof VendorToRegister) ? vendor.id : undefined;
        const input = await this.validated(create.type, { ...desired, ...create.extra, vendorId }, problems, { ignore: ['vendorId'] });
        if (problems.any || !input) throw new RowRefused();
        // Created with the other new entries by `flush`: what could refuse it was checked above.
        const registeredId = vendor && (await this.registered(vendor));
        this.pendingCreates.push({ row: line, draft: create.draft(input, registeredId), save: () => create.save(input, registeredId) });
        return { action: 'CREATE', key };
      }
      case 'existing': {
        const changes = changed(subjectFields(current!), desired);
        const input = await this.validated(update.type, { ...changes, expectedVersion: current!.subject.version }, problems);
        if (problems.any || !input) throw new RowRefused();
        if (Object.keys(changes).length === 0) return { action: 'UNCHANGED', key };
        await this.beforeWrite();
        const updated = await update.save(target.id, input);
        return { action: updated.subject.version === current!.subject.version ? 'UNCHANGED' : 'UPDATE', key };
      }
      case 'unknown':
        // No entry to write: the cells are still checked, as an update would check them.
        await this.validated(update.type, { ...desired, expectedVersion: 1 }, problems);
        throw new RowRefused();
    }
  }

  /**
   * The input class of the API, with its transforms and checks: the same rules as a GraphQL call.
   * Its failures join the row's problems, except on a column already reported (or an ignored
   * field); undefined when the input is not valid.
   */
  private async validated<T extends object>(
    type: new () => T,
    plain: Record<string, unknown>,
    problems: RowProblems,
    options: { fieldNames?: Record<string, string>; ignore?: string[] } = {},
  ): Promise<T | undefined> {
    const instance = plainToInstance(type, plain);
    const reported = new Set(problems.list.map((p) => this.headerOf(p.field)));
    const failures: FieldError[] = fieldErrorsOf(await validate(instance, { whitelist: true, forbidUnknownValues: false }))
      .map((failure) => ({ field: options.fieldNames?.[failure.field.split('.')[0]] ?? failure.field, message: failure.message }))
      .filter((failure) => !options.ignore?.includes(failure.field.split('.')[0]));
    for (const failure of failures) if (!reported.has(this.headerOf(failure.field))) problems.add(failure.field, failure.message);
    return failures.length === 0 ? instance : undefined;
  }
}

/** Replaces the items of a list in place (without spreading tens of thousands of them as arguments). */
function replaceAll<T>(list: T[], items: readonly T[]): void {
  list.length = 0;
  for (const item of items) list.push(item);
}

function nameKey(name: string): string {
  return name.normalize('NFKC').trim();
}

function cloudKey(vendorId: string, name: string): string {
  return `${vendorId}\u0000${nameKey(name)}`;
}

function socialKey(platform: string, accountName: string): string {
  return `${platform}\u0000${accountName.trim()}`;
}

function definedOnly(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}

/** The desired fields whose value differs from the current one. */
function changed(current: Record<string, unknown>, desired: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(desired).filter(([field, value]) => JSON.stringify(normalised(current[field])) !== JSON.stringify(normalised(value))),
  );
}

function normalised(value: unknown): unknown {
  if (value === undefined || value === '') return null;
  if (typeof value === 'string') return value.trim();
  if (Array.isArray(value)) return value.map((item: unknown) => normalised(item));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, normalised(v)]));
  }
  return value;
}

/** A stored subject in the vocabulary of the ledger rows. */
function subjectFields(record: SubjectRecord): Record<string, unknown> {
  const { subject, contract, cloud, social } = record;
  return {
    name: subject.name,
    ownerId: subject.ownerId,
    departmentId: subject.departmentId,
    confidentiality: subject.confidentiality,
    integrity: subject.integrity,
    availability: subject.availability,
    ...(contract
      ? {
          contractNumber: contract.contractNumber,
          startDate: contract.startDate,
          endDate: contract.endDate,
          networkSegment: contract.networkSegment,
          handlesPersonalInformation: contract.handlesPersonalInformation,
          handlesMyNumber: contract.handlesMyNumber,
          subcontractingAllowed: contract.subcontractingAllowed,
          subcontractorIds: record.subcontractorIds,
          workLocation: contract.workLocation,
        }
      : {}),
    ...(cloud
      ? {
          usageType: cloud.usageType,
          purpose: cloud.purpose,
          serviceUrl: cloud.serviceUrl,
          dataLocations: cloud.dataLocations.map((c) => c.toUpperCase()),
          networkSegment: cloud.networkSegment,
          handlesPersonalInformation: cloud.handlesPersonalInformation,
          handlesMyNumber: cloud.handlesMyNumber,
        }
      : {}),
    ...(social
      ? {
          platform: social.platform,
          accountName: social.accountName,
          url: social.url,
          purpose: social.purpose,
          postingPolicy: social.postingPolicy,
          operatingProcedureUrl: social.operatingProcedureUrl,
        }
      : {}),
  };
}

function vendorFields(vendor: VendorWithCertifications): Record<string, unknown> {
  return {
    name: vendor.name,
    corporateNumber: vendor.corporateNumber,
    address: vendor.address,
    websiteUrl: vendor.websiteUrl,
    certifications: vendor.certifications.map(({ type, identifier, validUntil }) => ({ type, identifier, validUntil })),
  };
}
