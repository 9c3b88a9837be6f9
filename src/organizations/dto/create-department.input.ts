import { Field, InputType } from '@nestjs/graphql';
import { IsNotEmpty, IsString } from 'class-validator';
import { IS_TEXT, MAX_LENGTH } from '../../common/validation-messages';
import { MaxChars, SingleLineText } from '../../common/text-validation';

@InputType()
export class CreateDepartmentInput {
  @Field()
  @IsString(IS_TEXT)
  @IsNotEmpty({ message: '部署名を入力してください。' })
  @MaxChars(200, MAX_LENGTH)
  @SingleLineText()
  name: string;
}
