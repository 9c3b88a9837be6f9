import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { EntityManager } from 'typeorm';
import { Actor } from '../common/actor';
import { AppError, FieldError } from '../common/errors';
import { fieldErrorsOf, nulFieldsOf } from '../common/validation';
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
import { SubjectsService } from '../subjects/subjects.service';
import { UserEntity } from '../users/user.entity';
import { CreateVendorInput, UpdateVendorInput } from '../vendors/dto/vendor.inputs';
import { VendorEntity } from '../vendors/vendor.entity';
import { VendorsService, VendorWithCertifications } from '../vendors/vendors.service';
import { CellValue, parseCell, parseCertification, ParsedCertification } from './cell-values';
import { CERTIFICATION_TYPES, LedgerDefinition, PLATFORMS } from './ledger-columns';
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

/** The values of one row by field name; a blank cell is absent. */
type Values = Record<string, CellValue | undefined>;

/** What a row found wrong: collected, never thrown, so that every error of every row is reported. */
class RowProblems {
  readonly list: { field: string; message: string }[] = [];
  add(field: string, message: string): void {
    this.list.push({ field, message });
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

/** The service fields each ledger field feeds, for mapping a service's field errors back to the file's columns. */
const SERVICE_FIELD_COLUMNS: Record<string, string[]> = {
  vendorId: ['vendorCorporateNumber', 'vendorName'],
  ownerId: ['ownerEmail'],
  departmentId: ['department'],
  subcontractorIds: ['subcontractors'],
};

const SAVEPOINT = 'ledger_row';

/**
 * One import, inside the one transaction that holds all of it: the organization's vendors, users,
 * departments and natural keys are read once, then every row is written through the same services
 * as the API (their validation, audit events, review scheduling and compliance refresh included),
 * each row under a savepoint so that a refused row leaves the transaction usable for the next one
 * and every error of the file is reported.
 */
export class ImportRun {
  readonly rows: ImportedRow[] = [];
  readonly errors: ImportError[] = [];
  private vendorsById = new Map<string, VendorRef>();
  private vendorsByNumber = new Map<string, VendorRef>();
  private vendorsByName = new Map<string, VendorRef[]>();
  private usersByEmail = new Map<string, UserEntity>();
  private departmentsByName = new Map<string, DepartmentEntity>();
  /** Natural key → subject or vendor id. */
  private existing = new Map<string, string[]>();
  /** Natural key → the row that used it first in this file. */
  private seen = new Map<string, number>();
  /** Vendors the current row registered or changed: forgotten again (registered ones) if the row is undone. */
  private pendingVendors: { vendor: VendorRef; created: boolean }[] = [];
  private savepointSet = false;

  constructor(
    private readonly manager: EntityManager,
    private readonly actor: Actor,
    private readonly definition: LedgerDefinition,
    private readonly layout: SheetLayout,
    private readonly vendors: VendorsService,
    private readonly subjects: SubjectsService,
  ) {}

  get counts(): { created: number; updated: number; unchanged: number } {
    const count = (action: RowAction): number => this.rows.filter((r) => r.action === action).length;
    return { created: count('CREATE'), updated: count('UPDATE'), unchanged: count('UNCHANGED') };
  }

  /** Header-level problems: a key column that is not in the file at all. */
  missingKeyColumns(headerRow: number): boolean {
    const missing = this.definition.columns.filter((c) => c.key && !this.layout.columns.some((l) => l.column === c));
    for (const column of missing) {
      this.errors.push({ row: headerRow, column: column.header, message: `必須の列「${column.header}」（${column.field}）がありません。` });
    }
    return missing.length > 0;
  }

  async load(): Promise<void> {
    const organizationId = this.actor.organizationId;
    const vendors = await this.manager.find(VendorEntity, {
      select: { id: true, name: true, corporateNumber: true },
      where: { organizationId },
    });
    for (const vendor of vendors) this.rememberVendor(vendor);
    const users = await this.manager.find(UserEntity, { where: { organizationId } });
    this.usersByEmail = new Map(users.map((u) => [u.email.toLowerCase(), u]));
    const departments = await this.manager.find(DepartmentEntity, { where: { organizationId } });
    this.departmentsByName = new Map(departments.map((d) => [nameKey(d.name), d]));
    const keyed = await this.existingKeys();
    for (const { key, id } of keyed) this.existing.set(key, [...(this.existing.get(key) ?? []), id]);
  }

  private async existingKeys(): Promise<{ key: string; id: string }[]> {
    const organizationId = this.actor.organizationId;
    switch (this.definition.kind) {
      case 'vendors':
        return [];
      case 'outsourcing-contracts': {
        const rows = await this.manager.query<{ id: string; number: string }[]>(
          `SELECT subject_id AS id, contract_number AS number FROM outsourcing_contracts WHERE organization_id = $1 AND contract_number IS NOT NULL`,
          [organizationId],
        );
        return rows.map((r) => ({ key: r.number, id: r.id }));
      }
      case 'cloud-services': {
        const rows = await this.manager.query<{ id: string; vendor_id: string; name: string }[]>(
          `SELECT id, vendor_id, name FROM subjects WHERE organization_id = $1 AND kind = 'CLOUD_SERVICE'`,
          [organizationId],
        );
        return rows.map((r) => ({ key: cloudKey(r.vendor_id, r.name), id: r.id }));
      }
      case 'social-media-accounts': {
        const rows = await this.manager.query<{ id: string; platform: string; account_name: string }[]>(
          `SELECT subject_id AS id, platform, account_name FROM social_media_accounts WHERE organization_id = $1`,
          [organizationId],
        );
        return rows.map((r) => ({ key: socialKey(r.platform, r.account_name), id: r.id }));
      }
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

  /** One data row: parsed, checked, written under a savepoint; its problems land in `errors`. */
  async row(row: SheetRow): Promise<void> {
    const problems = new RowProblems();
    const values = this.parse(row, problems);
    if (problems.any) return this.report(row, problems);
    this.pendingVendors = [];
    // One round trip: the previous row's savepoint is released as this row's is set.
    await this.manager.query(this.savepointSet ? `RELEASE SAVEPOINT ${SAVEPOINT}; SAVEPOINT ${SAVEPOINT}` : `SAVEPOINT ${SAVEPOINT}`);
    this.savepointSet = true;
    try {
      const outcome = await this.write(values, row, problems);
      if (problems.any) throw new RowRefused();
      for (const { vendor } of this.pendingVendors) this.rememberVendor(vendor);
      this.rows.push({ row: row.number, ...outcome });
    } catch (error) {
      // Undoes the row and keeps the savepoint: the transaction is usable again for the next row.
      await this.manager.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
      for (const { vendor, created } of this.pendingVendors) if (created) this.forgetVendor(vendor);
      if (error instanceof AppError) {
        for (const fieldError of error.fieldErrors?.length ? error.fieldErrors : [{ field: '', message: error.message }]) {
          problems.add(fieldError.field, fieldError.message);
        }
      } else if (!(error instanceof RowRefused)) {
        throw error;
      }
      this.report(row, problems);
    }
  }

  private report(row: SheetRow, problems: RowProblems): void {
    for (const { field, message } of problems.list) this.errors.push({ row: row.number, column: this.headerOf(field), message });
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
    for (const column of this.definition.columns) {
      if (column.key && values[column.field] === undefined && !problems.list.some((p) => p.field === column.field)) {
        problems.add(column.field, `${column.header}は必須です。`);
      }
    }
    for (const path of nulFieldsOf(values)) problems.add(path, '使用できない文字（NUL）が含まれています。');
    return values;
  }

  private write(values: Values, row: SheetRow, problems: RowProblems): Promise<{ action: RowAction; key: string }> {
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

  /** The same natural key twice in one file is refused on the later row. */
  private claimKey(key: string, row: SheetRow, problems: RowProblems, field: string): void {
    const first = this.seen.get(key);
    if (first !== undefined) {
      problems.add(field, `同じキー（${key}）の行が${first}行目にもあります。`);
      throw new RowRefused();
    }
    this.seen.set(key, row.number);
  }

  private single(key: string, problems: RowProblems, field: string, what: string): string | undefined {
    const ids = this.existing.get(key) ?? [];
    if (ids.length > 1) {
      problems.add(field, `同じキー（${key}）の${what}が${ids.length}件登録されているため、どれを更新するか決められません。`);
      throw new RowRefused();
    }
    return ids[0];
  }

  private requireForCreate(values: Values, problems: RowProblems): void {
    for (const column of this.definition.columns) {
      if (column.required && !column.key && values[column.field] === undefined)
        problems.add(column.field, `新規登録には「${column.header}」が必要です。`);
    }
  }

  // ---- vendors -------------------------------------------------------------------------------

  private async writeVendor(values: Values, row: SheetRow, problems: RowProblems): Promise<{ action: RowAction; key: string }> {
    const name = values.name as string;
    const corporateNumber = values.corporateNumber as string | undefined;
    const key = corporateNumber ?? name;
    this.claimKey(
      corporateNumber ? `number:${corporateNumber}` : `name:${nameKey(name)}`,
      row,
      problems,
      corporateNumber ? 'corporateNumber' : 'name',
    );
    const certifications = this.certifications(values.certifications as string[] | undefined, problems);
    if (problems.any) throw new RowRefused();
    const existing = this.vendorFor(corporateNumber, name, problems);
    const desired = definedOnly({
      name,
      corporateNumber,
      address: values.address,
      websiteUrl: values.websiteUrl,
      certifications,
    });
    if (!existing) {
      const input = await this.validated(CreateVendorInput, desired, problems);
      const vendor = await this.vendors.create(this.actor, input);
      this.pendingVendors.push({ vendor, created: true });
      return { action: 'CREATE', key };
    }
    const current = await this.vendors.get(this.actor, existing.id);
    const changes = changed(vendorFields(current), desired);
    if (Object.keys(changes).length === 0) return { action: 'UNCHANGED', key };
    const input = await this.validated(UpdateVendorInput, { ...changes, expectedVersion: current.version }, problems);
    const updated = await this.vendors.update(this.actor, current.id, input);
    this.pendingVendors.push({ vendor: updated, created: false });
    return { action: updated.version === current.version ? 'UNCHANGED' : 'UPDATE', key };
  }

  /** The vendor a vendors-ledger row updates: by corporate number; else (or when that number is new) the one vendor of that exact name without a number. */
  private vendorFor(corporateNumber: string | undefined, name: string, problems: RowProblems): VendorRef | undefined {
    if (corporateNumber) {
      const byNumber = this.vendorsByNumber.get(corporateNumber);
      if (byNumber) return byNumber;
      const unnumbered = (this.vendorsByName.get(nameKey(name)) ?? []).filter((v) => !v.corporateNumber);
      return unnumbered.length === 1 ? unnumbered[0] : undefined;
    }
    const byName = this.vendorsByName.get(nameKey(name)) ?? [];
    if (byName.length > 1) {
      problems.add('name', `「${name}」という取引先が${byName.length}件あります。法人番号で指定してください。`);
      throw new RowRefused();
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
   * The vendor a subject row names: by corporate number, else by exact name; registered when
   * missing only if 取引先自動登録 says so. Another organization's vendor is simply not found.
   */
  private async vendorOf(values: Values, problems: RowProblems, creating: boolean): Promise<VendorRef | undefined> {
    const number = values.vendorCorporateNumber as string | undefined;
    const name = values.vendorName as string | undefined;
    const mayCreate = values.createVendor === true;
    if (!number && !name) {
      if (creating) problems.add('vendorName', '取引先法人番号か取引先名のどちらかが必要です。');
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
        throw new RowRefused();
      }
      if (!name) {
        problems.add('vendorName', `法人番号 ${number} の取引先を登録するには取引先名が必要です。`);
        throw new RowRefused();
      }
      return this.registerVendor({ name, corporateNumber: number }, problems);
    }
    const byName = this.vendorsByName.get(nameKey(name!)) ?? [];
    if (byName.length === 1) return byName[0];
    if (byName.length > 1) {
      problems.add('vendorName', `「${name}」という取引先が${byName.length}件あります。取引先法人番号で指定してください。`);
      throw new RowRefused();
    }
    if (!mayCreate) {
      problems.add('vendorName', `取引先「${name}」が登録されていません（取引先自動登録を「有」にすると登録します）。`);
      throw new RowRefused();
    }
    return this.registerVendor({ name: name! }, problems);
  }

  private async registerVendor(fields: { name: string; corporateNumber?: string }, problems: RowProblems): Promise<VendorRef> {
    const input = await this.validated(CreateVendorInput, fields, problems, {
      name: 'vendorName',
      corporateNumber: 'vendorCorporateNumber',
    });
    const vendor = await this.vendors.create(this.actor, input);
    this.pendingVendors.push({ vendor, created: true });
    // Known at once to this row (e.g. as its own subcontractor); to later rows once the row is through.
    this.rememberVendor(vendor);
    return vendor;
  }

  private ownerOf(values: Values, problems: RowProblems): string | undefined {
    const email = values.ownerEmail as string | undefined;
    if (email === undefined) return undefined;
    const user = this.usersByEmail.get(email);
    if (!user) problems.add('ownerEmail', `メールアドレス ${email} の利用者が見つかりません。`);
    return user?.id;
  }

  private departmentOf(values: Values, problems: RowProblems): string | undefined {
    const name = values.department as string | undefined;
    if (name === undefined) return undefined;
    const department = this.departmentsByName.get(nameKey(name));
    if (!department) problems.add('department', `部署「${name}」が見つかりません。`);
    return department?.id;
  }

  private subcontractorsOf(values: Values, problems: RowProblems): string[] | undefined {
    const items = values.subcontractors as string[] | undefined;
    if (items === undefined) return undefined;
    const ids: string[] = [];
    for (const item of items) {
      const digits = item.normalize('NFKC').replace(/[\s-]/g, '');
      const byNumber = /^\d{13}$/.test(digits) ? this.vendorsByNumber.get(digits) : undefined;
      const byName = this.vendorsByName.get(nameKey(item)) ?? [];
      const vendor = byNumber ?? (byName.length === 1 ? byName[0] : undefined);
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

  // ---- subjects ------------------------------------------------------------------------------

  private async writeContract(values: Values, row: SheetRow, problems: RowProblems): Promise<{ action: RowAction; key: string }> {
    const key = values.contractNumber as string;
    this.claimKey(key, row, problems, 'contractNumber');
    const id = this.single(key, problems, 'contractNumber', '委託契約');
    if (id === undefined) this.requireForCreate(values, problems);
    const vendor = await this.vendorOf(values, problems, id === undefined);
    const desired = definedOnly({
      name: values.name,
      contractNumber: key,
      ownerId: this.ownerOf(values, problems),
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
      subcontractorIds: this.subcontractorsOf(values, problems),
      workLocation: values.workLocation,
    });
    if (problems.any) throw new RowRefused();
    if (id === undefined) {
      const input = await this.validated(
        CreateOutsourcingContractInput,
        { ...desired, vendorId: vendor!.id, lastReviewedOn: values.lastReviewedOn },
        problems,
      );
      await this.subjects.createOutsourcingContract(this.actor, input);
      return { action: 'CREATE', key };
    }
    const current = await this.subjects.get(this.actor, id);
    if (vendor && vendor.id !== current.subject.vendorId) {
      problems.add('vendorId', '登録済みの委託契約の取引先は取込みでは変更できません。');
      throw new RowRefused();
    }
    return this.updateSubject(current, desired, key, problems, UpdateOutsourcingContractInput, (input) =>
      this.subjects.updateOutsourcingContract(this.actor, id, input),
    );
  }

  private async writeCloudService(values: Values, row: SheetRow, problems: RowProblems): Promise<{ action: RowAction; key: string }> {
    const name = values.name as string;
    const vendorLabel = (values.vendorCorporateNumber as string | undefined) ?? (values.vendorName as string | undefined) ?? '';
    const key = `${vendorLabel} / ${name}`;
    if (!vendorLabel) {
      problems.add('vendorName', '取引先法人番号か取引先名のどちらかが必要です（サービス名と合わせて既存の登録を探します）。');
      throw new RowRefused();
    }
    const vendor = await this.vendorOf(values, problems, true);
    const naturalKey = cloudKey(vendor!.id, name);
    this.claimKey(naturalKey, row, problems, 'name');
    const id = this.single(naturalKey, problems, 'name', 'クラウドサービス');
    if (id === undefined) this.requireForCreate(values, problems);
    const desired = definedOnly({
      name,
      ownerId: this.ownerOf(values, problems),
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
    if (problems.any) throw new RowRefused();
    if (id === undefined) {
      const input = await this.validated(
        CreateCloudServiceInput,
        { ...desired, vendorId: vendor!.id, lastReviewedOn: values.lastReviewedOn },
        problems,
      );
      await this.subjects.createCloudService(this.actor, input);
      return { action: 'CREATE', key };
    }
    const current = await this.subjects.get(this.actor, id);
    // The name is part of the key: matched width-folded, never rewritten by a row that found the entry by it.
    delete desired.name;
    return this.updateSubject(current, desired, key, problems, UpdateCloudServiceInput, (input) =>
      this.subjects.updateCloudService(this.actor, id, input),
    );
  }

  private async writeSocialMediaAccount(values: Values, row: SheetRow, problems: RowProblems): Promise<{ action: RowAction; key: string }> {
    const platform = values.platform as string;
    const accountName = values.accountName as string;
    const naturalKey = socialKey(platform, accountName);
    const key = `${PLATFORMS.find((p) => p.code === platform)?.label ?? platform} ${accountName}`;
    this.claimKey(naturalKey, row, problems, 'accountName');
    const id = this.single(naturalKey, problems, 'accountName', 'SNSアカウント');
    if (id === undefined) this.requireForCreate(values, problems);
    const desired = definedOnly({
      name: values.name,
      ownerId: this.ownerOf(values, problems),
      departmentId: this.departmentOf(values, problems),
      url: values.url,
      purpose: values.purpose,
      postingPolicy: values.postingPolicy,
      operatingProcedureUrl: values.operatingProcedureUrl,
      availability: values.availability,
    });
    if (problems.any) throw new RowRefused();
    if (id === undefined) {
      const input = await this.validated(
        CreateSocialMediaAccountInput,
        { ...desired, platform, accountName, lastReviewedOn: values.lastReviewedOn },
        problems,
      );
      await this.subjects.createSocialMediaAccount(this.actor, input);
      return { action: 'CREATE', key };
    }
    const current = await this.subjects.get(this.actor, id);
    return this.updateSubject(current, desired, key, problems, UpdateSocialMediaAccountInput, (input) =>
      this.subjects.updateSocialMediaAccount(this.actor, id, input),
    );
  }

  /** Sends only what differs from the stored entry (a blank cell never gets here); nothing differing is UNCHANGED. */
  private async updateSubject<T extends object>(
    current: SubjectRecord,
    desired: Record<string, unknown>,
    key: string,
    problems: RowProblems,
    type: new () => T,
    update: (input: T) => Promise<SubjectRecord>,
  ): Promise<{ action: RowAction; key: string }> {
    const changes = changed(subjectFields(current), desired);
    if (Object.keys(changes).length === 0) return { action: 'UNCHANGED', key };
    const input = await this.validated(type, { ...changes, expectedVersion: current.subject.version }, problems);
    const updated = await update(input);
    return { action: updated.subject.version === current.subject.version ? 'UNCHANGED' : 'UPDATE', key };
  }

  /** The input class of the API, with its transforms and checks: the same rules as a GraphQL call. */
  private async validated<T extends object>(
    type: new () => T,
    plain: Record<string, unknown>,
    problems: RowProblems,
    fieldNames: Record<string, string> = {},
  ): Promise<T> {
    const instance = plainToInstance(type, plain);
    const failures: FieldError[] = fieldErrorsOf(await validate(instance, { whitelist: true, forbidUnknownValues: false }));
    for (const failure of failures) problems.add(fieldNames[failure.field.split('.')[0]] ?? failure.field, failure.message);
    if (failures.length > 0) throw new RowRefused();
    return instance;
  }
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
