import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Role } from '../common/role';
import { Connection } from '../common/pagination';
import { DepartmentModel } from '../organizations/organization.model';
import { UserEntity } from './user.entity';

@ObjectType('User')
export class UserModel {
  @Field(() => ID)
  id: string;

  @Field()
  email: string;

  @Field()
  displayName: string;

  @Field(() => [Role])
  roles: Role[];

  /** Resolved by a field resolver from departmentId. */
  @Field(() => DepartmentModel, { nullable: true })
  department?: DepartmentModel | null;

  departmentId: string | null;

  organizationId: string;

  @Field()
  active: boolean;

  @Field({ description: 'After an admin reset or a generated password' })
  mustChangePassword: boolean;

  static from(entity: UserEntity): UserModel {
    const model = new UserModel();
    model.id = entity.id;
    model.email = entity.email;
    model.displayName = entity.displayName;
    model.roles = entity.roles;
    model.departmentId = entity.departmentId;
    model.organizationId = entity.organizationId;
    model.active = entity.active;
    model.mustChangePassword = entity.mustChangePassword;
    return model;
  }
}

@ObjectType('UserConnection')
export class UserConnection extends Connection(UserModel, 'User') {}

@ObjectType('AuthPayload')
export class AuthPayload {
  @Field()
  accessToken: string;

  @Field()
  expiresAt: Date;

  @Field(() => UserModel)
  user: UserModel;
}
