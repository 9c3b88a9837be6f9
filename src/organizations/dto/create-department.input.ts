import { Field, InputType } from '@nestjs/graphql';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IS_TEXT, MAX_LENGTH } from '../../common/validation-messages';
import { SingleLineText } from '../../common/text-validation';

@InputType()
export class CreateDepartmentInput {
  @Field()
  @IsString(IS_TEXT)
  @IsNotEmpty({ message: '部署名を入力してください。' })
  @MaxLength(200, MAX_LENGTH)
  @SingleLineText()
  name: string;
}
