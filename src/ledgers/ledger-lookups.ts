import { Injectable } from '@nestjs/common';
import { Context } from '../common/context';
import { todayIn } from '../common/calendar';
import { EvidenceVersionEntity } from '../compliance/evidence-version.entity';
import { EvidenceRepository } from '../compliance/evidence.repository';
import { DepartmentEntity } from '../organizations/department.entity';
import { OrganizationEntity } from '../organizations/organization.entity';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { CatalogEntry } from '../requirements/requirement-catalog';
import { RequirementsRepository } from '../requirements/requirements.repository';
import { ReviewsRepository } from '../reviews/reviews.repository';
import { SubjectKind } from '../domain/subject.enums';
import { SubjectsRepository } from '../subjects/subjects.repository';
import { UserEntity } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { VendorEntity } from '../vendors/vendor.entity';
import { VendorsRepository } from '../vendors/vendors.repository';

/** What a ledger file names by text (people, departments, vendors, natural keys), read through the owning features' repositories. */
@Injectable()
export class LedgerLookups {
  constructor(
    private readonly users: UsersRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly vendors: VendorsRepository,
    private readonly subjects: SubjectsRepository,
    private readonly reviews: ReviewsRepository,
    private readonly requirements: RequirementsRepository,
    private readonly evidence: EvidenceRepository,
  ) {}

  organization(ctx: Context): Promise<OrganizationEntity> {
    return this.organizations.get(ctx);
  }

  catalog(ctx: Context): Promise<CatalogEntry[]> {
    return this.requirements.catalog(ctx);
  }

  currentEvidence(ctx: Context, subjectIds: readonly string[]): Promise<EvidenceVersionEntity[]> {
    return this.evidence.current(ctx, subjectIds);
  }

  allUsers(ctx: Context): Promise<UserEntity[]> {
    return this.users.all(ctx);
  }

  usersByIds(ctx: Context, ids: readonly string[]): Promise<UserEntity[]> {
    return this.users.byIds(ctx, ids);
  }

  departments(ctx: Context): Promise<DepartmentEntity[]> {
    return this.organizations.departments(ctx);
  }

  allVendors(ctx: Context): Promise<VendorEntity[]> {
    return this.vendors.all(ctx);
  }

  vendorsByIds(ctx: Context, ids: readonly string[]): Promise<VendorEntity[]> {
    return this.vendors.byIds(ctx, ids);
  }

  naturalKeys(ctx: Context, kind: SubjectKind): ReturnType<SubjectsRepository['naturalKeys']> {
    return this.subjects.naturalKeys(ctx, kind);
  }

  /**
   * The day (in the organization's calendar) each subject's latest completed review was completed.
   * `subjects.last_reviewed_on` holds only the confirmation made before registration; the reviews
   * completed since are the later ones, and 前回確認日 shows whichever is latest.
   */
  async lastCompletedReviews(ctx: Context, subjectIds: readonly string[]): Promise<Map<string, string>> {
    const completed = await this.reviews.lastCompletedAt(ctx, subjectIds);
    return new Map([...completed].map(([id, at]) => [id, todayIn(ctx.timeZone, at)]));
  }
}
