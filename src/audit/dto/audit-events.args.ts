import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, IsUUID, ValidateNested } from 'class-validator';
import { PageArgs } from '../../common/pagination';
import { IS_DATE_TIME, IS_NESTED, IS_TEXT, MAX_LENGTH } from '../../common/validation-messages';
import { MaxChars, SingleLineText } from '../../common/text-validation';

@InputType()
export class AuditEventFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString(IS_TEXT)
  @MaxChars(200, MAX_LENGTH)
  entityId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: '利用者IDの形式が正しくありません。' })
  actorId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString(IS_TEXT)
  @MaxChars(64, MAX_LENGTH)
  @SingleLineText()
  action?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsDate(IS_DATE_TIME)
  from?: Date;

  @Field({ nullable: true })
  @IsOptional()
  @IsDate(IS_DATE_TIME)
  to?: Date;
}

@ArgsType()
export class AuditEventsArgs extends PageArgs {
  @Field(() => AuditEventFilter, { nullable: true })
  @IsOptional()
  @ValidateNested(IS_NESTED)
  @Type(() => AuditEventFilter)
  filter?: AuditEventFilter;
}
