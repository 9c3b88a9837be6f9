import { Field, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsEnum, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { SubjectKind } from '../../subjects/subject.enums';

const trimmed = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

@InputType()
export class CreateRequirementInput {
  @Field({ description: 'Must start with the organization\'s code and a hyphen, e.g. "demo-01"' })
  @Transform(trimmed)
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]*-[A-Za-z0-9_-]+$/, { message: '要件コードは「組織コード-番号」（例: demo-01）の形式で入力してください。' })
  @MaxLength(64)
  code: string;

  @Field(() => SubjectKind)
  @IsEnum(SubjectKind)
  subjectKind: SubjectKind;

  @Field()
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty({ message: '日本語の名称を入力してください。' })
  @MaxLength(500)
  titleJa: string;

  @Field()
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty({ message: '英語の名称を入力してください。' })
  @MaxLength(500)
  titleEn: string;

  @Field({ description: 'JSON text in the catalog\'s grammar, e.g. "{\\"confidentialityAtLeast\\":2}"' })
  @IsString()
  @MaxLength(2000)
  appliesWhen: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(1000)
  source?: string | null;
}
