import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Connection } from '../common/pagination';
import { AuditEventEntity } from './audit-event.entity';

@ObjectType('AuditEvent')
export class AuditEventModel {
  @Field(() => ID)
  id: string;

  @Field()
  at: Date;

  actorId: string | null;

  organizationId: string;

  @Field({ description: 'e.g. VENDOR_CREATED, LOGIN_FAILED; the README lists them all' })
  action: string;

  @Field()
  entityType: string;

  @Field(() => ID, { nullable: true })
  entityId: string | null;

  @Field(() => String, { nullable: true, description: 'JSON text of { field: [before, after] }' })
  changes: string | null;

  static from(entity: AuditEventEntity): AuditEventModel {
    const model = new AuditEventModel();
    model.id = entity.id;
    model.at = entity.at;
    model.actorId = entity.actorId;
    model.organizationId = entity.organizationId!;
    model.action = entity.action;
    model.entityType = entity.entityType;
    model.entityId = entity.entityId;
    model.changes = entity.changes ? JSON.stringify(entity.changes) : null;
    return model;
  }
}

@ObjectType('AuditEventConnection')
export class AuditEventConnection extends Connection(AuditEventModel, 'AuditEvent') {}
