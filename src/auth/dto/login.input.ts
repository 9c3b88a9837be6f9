import { Field, InputType } from '@nestjs/graphql';
import { IsNotEmpty, IsString } from 'class-validator';
import { IS_TEXT, MAX_LENGTH } from '../../common/validation-messages';
import { MaxChars, SecretText, SingleLineText } from '../../common/text-validation';

@InputType()
export class LoginInput {
  @Field()
  @IsString(IS_TEXT)
  @IsNotEmpty({ message: '組織コードを入力してください。' })
  @MaxChars(32, MAX_LENGTH)
  @SingleLineText()
  organizationCode: string;

  @Field()
  @IsString(IS_TEXT)
  @IsNotEmpty({ message: 'メールアドレスを入力してください。' })
  @MaxChars(254, MAX_LENGTH)
  @SingleLineText()
  email: string;

  @Field()
  @IsString(IS_TEXT)
  @IsNotEmpty({ message: 'パスワードを入力してください。' })
  @MaxChars(256, MAX_LENGTH)
  @SecretText()
  password: string;
}
