import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsEnum, IsNotEmpty, IsOptional, IsString, IsUUID, MinLength } from 'class-validator';
import { Role } from '../../common/role';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../passwords';
import { EmailAddress, MaxChars, SecretText, SingleLineText } from '../../common/text-validation';
import { ARRAY_MAX_SIZE, IS_BOOLEAN, IS_KNOWN_VALUE, IS_TEXT, MAX_LENGTH } from '../../common/validation-messages';

const PASSWORD_TOO_SHORT = `パスワードは${MIN_PASSWORD_LENGTH}文字以上にしてください。`;

@InputType()
export class CreateUserInput {
  @Field()
  @EmailAddress({ message: 'メールアドレスの形式が正しくありません。' })
  @MaxChars(254, MAX_LENGTH)
  @SingleLineText()
  email: string;

  @Field()
  @IsString(IS_TEXT)
  @IsNotEmpty({ message: '表示名を入力してください。' })
  @MaxChars(200, MAX_LENGTH)
  @SingleLineText()
  displayName: string;

  @Field({ description: 'At least 12 characters' })
  @IsString(IS_TEXT)
  @MinLength(MIN_PASSWORD_LENGTH, { message: PASSWORD_TOO_SHORT })
  @MaxChars(MAX_PASSWORD_LENGTH, MAX_LENGTH)
  @SecretText()
  password: string;

  @Field(() => [Role])
  @ArrayMinSize(1, { message: 'ロールを1つ以上指定してください。' })
  @ArrayMaxSize(5, ARRAY_MAX_SIZE)
  @IsEnum(Role, { each: true, ...IS_KNOWN_VALUE })
  roles: Role[];

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: '部署IDの形式が正しくありません。' })
  departmentId?: string | null;
}

@InputType()
export class UpdateUserInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsString(IS_TEXT)
  @IsNotEmpty({ message: '表示名を入力してください。' })
  @MaxChars(200, MAX_LENGTH)
  @SingleLineText()
  displayName?: string;

  @Field(() => [Role], { nullable: true })
  @IsOptional()
  @ArrayMinSize(1, { message: 'ロールを1つ以上指定してください。' })
  @ArrayMaxSize(5, ARRAY_MAX_SIZE)
  @IsEnum(Role, { each: true, ...IS_KNOWN_VALUE })
  roles?: Role[];

  @Field(() => ID, { nullable: true, description: 'null removes the department' })
  @IsOptional()
  @IsUUID('all', { message: '部署IDの形式が正しくありません。' })
  departmentId?: string | null;

  @Field({ nullable: true, description: 'false deactivates: the user cannot sign in and their sessions end at once' })
  @IsOptional()
  @IsBoolean(IS_BOOLEAN)
  active?: boolean;
}

@InputType()
export class ChangePasswordInput {
  @Field()
  @IsString(IS_TEXT)
  @IsNotEmpty({ message: '現在のパスワードを入力してください。' })
  @MaxChars(MAX_PASSWORD_LENGTH, MAX_LENGTH)
  @SecretText()
  currentPassword: string;

  @Field()
  @IsString(IS_TEXT)
  @MinLength(MIN_PASSWORD_LENGTH, { message: PASSWORD_TOO_SHORT })
  @MaxChars(MAX_PASSWORD_LENGTH, MAX_LENGTH)
  @SecretText()
  newPassword: string;
}
