import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEnum, IsNotEmpty, IsOptional, IsString, Matches } from 'class-validator';
import { SubjectKind } from '../../domain/subject.enums';
import { MaxChars, MultiLineText, SingleLineText } from '../../common/text-validation';
import { IS_BOOLEAN, IS_KNOWN_VALUE, IS_TEXT, MAX_LENGTH } from '../../common/validation-messages';

const trimmed = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

@InputType()
export class CreateRequirementInput {
  @Field({ description: 'Must start with the organization\'s code and a hyphen, e.g. "demo-01"' })
  @Transform(trimmed)
  @IsString(IS_TEXT)
  @Matches(/^[a-z0-9][a-z0-9-]*-[A-Za-z0-9_-]+$/, { message: '要件コードは「組織コード-番号」（例: demo-01）の形式で入力してください。' })
  @MaxChars(64, MAX_LENGTH)
  @SingleLineText()
  code: string;

  @Field(() => SubjectKind)
  @IsEnum(SubjectKind, IS_KNOWN_VALUE)
  subjectKind: SubjectKind;

  @Field()
  @Transform(trimmed)
  @IsString(IS_TEXT)
  @IsNotEmpty({ message: '日本語の名称を入力してください。' })
  @MaxChars(500, MAX_LENGTH)
  @SingleLineText()
  titleJa: string;

  @Field()
  @Transform(trimmed)
  @IsString(IS_TEXT)
  @IsNotEmpty({ message: '英語の名称を入力してください。' })
  @MaxChars(500, MAX_LENGTH)
  @SingleLineText()
  titleEn: string;

  @Field({ description: 'JSON text in the catalog\'s grammar, e.g. "{\\"confidentialityAtLeast\\":2}"' })
  @IsString(IS_TEXT)
  @MaxChars(2000, MAX_LENGTH)
  @MultiLineText()
  appliesWhen: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Transform(trimmed)
  @IsString(IS_TEXT)
  @MaxChars(1000, MAX_LENGTH)
  @SingleLineText()
  source?: string | null;
}

@ArgsType()
export class SetRequirementActiveArgs {
  @Field() @IsString(IS_TEXT) @MaxChars(64, MAX_LENGTH) @SingleLineText() code: string;
  @Field() @IsBoolean(IS_BOOLEAN) active: boolean;
  /** Emptiness is the service's to refuse, in its own words. */
  @Field() @IsString(IS_TEXT) @MaxChars(1000, MAX_LENGTH) @MultiLineText() reason: string;
}
