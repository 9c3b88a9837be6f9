import { Module } from '@nestjs/common';
import { SubjectsModule } from '../subjects/subjects.module';
import { NotificationsResolver } from './notifications.resolver';
import { NotificationsService } from './notifications.service';

/** The inbox API: `notifications` and `markNotificationsRead`. */
@Module({
  imports: [SubjectsModule],
  providers: [NotificationsService, NotificationsResolver],
})
export class NotificationsModule {}
