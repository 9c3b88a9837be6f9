import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Connection } from '../common/pagination';
import { SubjectModel } from '../subjects/subject.model';
import { NotificationEntity } from './notification.entity';

@ObjectType('Notification')
export class NotificationModel {
  @Field(() => ID)
  id: string;

  @Field({ description: 'REVIEW_ASSIGNED, REVIEW_DUE_SOON, REVIEW_OVERDUE, REVIEW_ESCALATED, OWNER_REFUSED, EVIDENCE_DECIDED' })
  kind: string;

  @Field({ description: 'Japanese text, as sent by e-mail' })
  message: string;

  @Field(() => SubjectModel, { nullable: true })
  subject?: SubjectModel | null;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  readAt: Date | null;

  organizationId: string;
  subjectId: string | null;
  /** Resolved as `review` by the reviews feature, which adds that field to this type. */
  reviewId: string | null;

  static from(entity: NotificationEntity): NotificationModel {
    return Object.assign(new NotificationModel(), {
      id: entity.id,
      kind: entity.kind,
      message: entity.message,
      createdAt: entity.createdAt,
      readAt: entity.readAt,
      organizationId: entity.organizationId,
      subjectId: entity.subjectId,
      reviewId: entity.reviewId,
    });
  }
}

@ObjectType('NotificationConnection')
export class NotificationConnection extends Connection(NotificationModel, 'Notification') {}
