import { ArgsType, Field, ID } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsString } from 'class-validator';
import { MaxChars } from '../../common/text-validation';
import { PageArgs } from '../../common/pagination';
import { IS_BOOLEAN, IS_LIST, IS_TEXT, MAX_LENGTH } from '../../common/validation-messages';

@ArgsType()
export class NotificationsArgs extends PageArgs {
  @Field(() => Boolean, { nullable: true, description: 'Only those not yet marked read' })
  @IsOptional()
  @IsBoolean(IS_BOOLEAN)
  unreadOnly?: boolean;
}

@ArgsType()
export class MarkNotificationsReadArgs {
  @Field(() => [ID])
  @IsArray(IS_LIST)
  @ArrayMaxSize(500, { message: '一度に既読にできるのは500件までです。' })
  @IsString({ each: true, ...IS_TEXT })
  @MaxChars(100, { each: true, ...MAX_LENGTH })
  ids: string[];
}
