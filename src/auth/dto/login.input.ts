import { Field, InputType } from '@nestjs/graphql';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

@InputType()
export class LoginInput {
  @Field()
  @IsString()
  @IsNotEmpty({ message: '組織コードを入力してください。' })
  @MaxLength(32)
  organizationCode: string;

  @Field()
  @IsString()
  @IsNotEmpty({ message: 'メールアドレスを入力してください。' })
  @MaxLength(254)
  email: string;

  @Field()
  @IsString()
  @IsNotEmpty({ message: 'パスワードを入力してください。' })
  @MaxLength(256)
  password: string;
}
