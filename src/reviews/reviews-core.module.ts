import { Global, Module } from '@nestjs/common';
import { ReviewLoader } from './review.loader';
import { ReviewReminders } from './review-reminders';
import { ReviewScheduler } from './review-scheduler';

/** The review calendar's hooks, needed by the registers and user administration. */
@Global()
@Module({ providers: [ReviewScheduler, ReviewReminders, ReviewLoader], exports: [ReviewScheduler, ReviewReminders, ReviewLoader] })
export class ReviewsCoreModule {}
