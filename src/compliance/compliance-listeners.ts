import { Injectable, OnModuleInit } from '@nestjs/common';
import { RequirementHooks } from '../requirements/requirement-hooks';
import { SubjectHooks } from '../subjects/subject-hooks';
import { SubjectsRepository } from '../subjects/subjects.repository';
import { UserHooks } from '../users/user-hooks';
import { ComplianceService } from './compliance.service';

/**
 * Compliance is evaluated again, in the same transaction, whenever a fact it reads changes in
 * another feature: a subject's own fields, the requirements that apply to it, or whether its owner
 * is an active user. (Evidence is compliance's own: EvidenceService refreshes directly.)
 */
@Injectable()
export class ComplianceListeners implements OnModuleInit {
  constructor(
    private readonly compliance: ComplianceService,
    private readonly subjects: SubjectsRepository,
    private readonly subjectHooks: SubjectHooks,
    private readonly requirementHooks: RequirementHooks,
    private readonly userHooks: UserHooks,
  ) {}

  onModuleInit(): void {
    this.subjectHooks.complianceInputsChanged.register((ctx, ids) => this.compliance.refresh(ctx, ids));
    this.requirementHooks.applicableRequirementsChanged.register((ctx, ids) => this.compliance.refresh(ctx, ids));
    // Every subject they own, whatever its status: OWNER_MISSING follows the owner's activity.
    this.userHooks.activityChanged.register(async (ctx, userId) =>
      this.compliance.refresh(ctx, await this.subjects.ids(ctx, { ownerId: userId })),
    );
  }
}
