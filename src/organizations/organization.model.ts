import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('Organization')
export class OrganizationModel {
  @Field(() => ID)
  id: string;

  @Field()
  code: string;

  @Field()
  name: string;

  @Field({ description: 'IANA time zone whose calendar "today" follows' })
  timeZone: string;
}

@ObjectType('Department')
export class DepartmentModel {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;
}
