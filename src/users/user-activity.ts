import { Injectable } from '@nestjs/common';
import { AuthService } from '../auth/auth.service';
import { Context } from '../common/context';
import { ComplianceService } from '../compliance/compliance.service';
import { ReviewScheduler } from '../reviews/review-scheduler';
import { SubjectsRepository } from '../subjects/subjects.repository';

/**
 * What follows in other features when a user is deactivated or reactivated, in the same
 * transaction: a deactivated user is signed out everywhere and owns nothing (their subjects show
 * OWNER_MISSING and their open reviews lose their assignee from this commit on); a reactivated
 * owner gets back the unassigned reviews of their subjects.
 */
@Injectable()
export class UserActivity {
  constructor(
    private readonly auth: AuthService,
    private readonly subjects: SubjectsRepository,
    private readonly compliance: ComplianceService,
    private readonly reviews: ReviewScheduler,
  ) {}

  async changed(ctx: Context, userId: string, active: boolean): Promise<void> {
    if (!active) await this.auth.revokeSessions(ctx, userId);
    // Every subject they own, whatever its status: the repository, not SubjectsService, whose module imports this one.
    await this.compliance.refresh(ctx, await this.subjects.ids(ctx, { ownerId: userId }));
    await this.reviews.userActivityChanged(ctx, userId, active);
  }
}
