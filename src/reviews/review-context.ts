import { Injectable } from '@nestjs/common';
import { Context } from '../common/context';
import { SubjectsRepository } from '../subjects/subjects.repository';
import { UsersRepository } from '../users/users.repository';
import { ReviewEntity } from './review.entity';

/** What a review notice needs to know besides the review: its subject's name and the assignee. */
export interface ReviewContext {
  subjectName: string;
  /** The assignee when they are an active user; null otherwise. */
  activeAssigneeId: string | null;
  assigneeName: string | null;
}

/** Reads what a review notice is written from; the calendar is the context's. */
@Injectable()
export class ReviewContexts {
  constructor(
    private readonly subjects: SubjectsRepository,
    private readonly users: UsersRepository,
  ) {}

  async of(ctx: Context, review: Pick<ReviewEntity, 'subjectId' | 'assigneeId'>): Promise<ReviewContext> {
    const subjectName = await this.subjects.name(ctx, review.subjectId);
    if (subjectName === null)
      throw new Error(`review context: subject ${review.subjectId} not found in organization ${ctx.organizationId}`);
    const assignee = review.assigneeId ? await this.users.find(ctx, review.assigneeId) : null;
    return {
      subjectName,
      activeAssigneeId: assignee?.active ? assignee.id : null,
      assigneeName: assignee?.displayName ?? null,
    };
  }

  /** `of` for many reviews, in their order: the subjects' names in one statement, the assignees in one. */
  async ofMany(ctx: Context, reviews: readonly Pick<ReviewEntity, 'subjectId' | 'assigneeId'>[]): Promise<ReviewContext[]> {
    const names = await this.subjects.names(ctx, [...new Set(reviews.map((r) => r.subjectId))]);
    const assigneeIds = [...new Set(reviews.map((r) => r.assigneeId).filter((id): id is string => id !== null))];
    const assignees = new Map((await this.users.byIds(ctx, assigneeIds)).map((u) => [u.id, u]));
    return reviews.map((review) => {
      const subjectName = names.get(review.subjectId);
      if (subjectName === undefined)
        throw new Error(`review context: subject ${review.subjectId} not found in organization ${ctx.organizationId}`);
      const assignee = review.assigneeId ? assignees.get(review.assigneeId) : undefined;
      return {
        subjectName,
        activeAssigneeId: assignee?.active ? assignee.id : null,
        assigneeName: assignee?.displayName ?? null,
      };
    });
  }
}
