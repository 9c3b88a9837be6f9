import { Module } from '@nestjs/common';
import { SubjectsModule } from '../subjects/subjects.module';
import { UsersModule } from '../users/users.module';
import { NotificationReviewResolver } from './notification-review.resolver';
import { ReviewsResolver } from './reviews.resolver';
import { ReviewsService } from './reviews.service';
import { SubjectReviewsResolver } from './subject-reviews.resolver';

@Module({
  imports: [SubjectsModule, UsersModule],
  providers: [ReviewsService, ReviewsResolver, NotificationReviewResolver, SubjectReviewsResolver],
})
export class ReviewsModule {}
