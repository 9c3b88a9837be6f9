import { Injectable, OnModuleInit } from '@nestjs/common';
import { SubjectHooks } from '../subjects/subject-hooks';
import { UserHooks } from '../users/user-hooks';
import { ReviewScheduler } from './review-scheduler';

/** The review schedule follows its subjects and their owners, in the transaction of the change. */
@Injectable()
export class ReviewListeners implements OnModuleInit {
  constructor(
    private readonly scheduler: ReviewScheduler,
    private readonly subjects: SubjectHooks,
    private readonly users: UserHooks,
  ) {}

  onModuleInit(): void {
    this.subjects.created.register((ctx, records) => this.scheduler.subjectsCreated(ctx, records));
    this.subjects.updated.register((ctx, before, after) => this.scheduler.subjectUpdated(ctx, before, after));
    this.subjects.archived.register((ctx, subject) => this.scheduler.subjectArchived(ctx, subject));
    this.subjects.ownershipTransferred.register((ctx, from, to) => this.scheduler.ownershipTransferred(ctx, from, to));
    this.users.activityChanged.register((ctx, userId, active) => this.scheduler.userActivityChanged(ctx, userId, active));
  }
}
