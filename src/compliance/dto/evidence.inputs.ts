import { Field, ID, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEnum, IsNotEmpty, IsOptional, IsString, IsUrl } from 'class-validator';
import { EvidenceDecision } from '../../domain/compliance.enums';
import { MaxChars, MultiLineText, SingleLineText } from '../../common/text-validation';
import { IS_BOOLEAN, IS_KNOWN_VALUE, IS_TEXT, MAX_LENGTH } from '../../common/validation-messages';

const trimmed = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

@InputType()
export class RecordRequirementEvidenceInput {
  @Field(() => ID) @IsString(IS_TEXT) subjectId: string;
  @Field() @IsString(IS_TEXT) @MaxChars(64, MAX_LENGTH) @SingleLineText() requirementCode: string;
  @Field({ description: 'true: the clause/measure exists (reference required); false: known absent' })
  @IsBoolean(IS_BOOLEAN)
  present: boolean;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Transform(trimmed)
  @IsString(IS_TEXT)
  @MaxChars(500, MAX_LENGTH)
  @SingleLineText()
  reference?: string | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Transform(trimmed)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'URL は http:// または https:// で始まる形式で入力してください。' },
  )
  @MaxChars(2000, MAX_LENGTH)
  @SingleLineText()
  documentUrl?: string | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString(IS_TEXT)
  @MaxChars(10000, MAX_LENGTH)
  @MultiLineText()
  note?: string | null;
}

@InputType()
export class RequestRequirementWaiverInput {
  @Field(() => ID) @IsString(IS_TEXT) subjectId: string;
  @Field() @IsString(IS_TEXT) @MaxChars(64, MAX_LENGTH) @SingleLineText() requirementCode: string;
  @Field()
  @Transform(trimmed)
  @IsString(IS_TEXT)
  @IsNotEmpty({ message: '適用除外を求める理由を入力してください。' })
  @MaxChars(10000, MAX_LENGTH)
  @MultiLineText()
  justification: string;
}

@InputType()
export class DecideRequirementEvidenceInput {
  @Field(() => ID) @IsString(IS_TEXT) subjectId: string;
  @Field() @IsString(IS_TEXT) @MaxChars(64, MAX_LENGTH) @SingleLineText() requirementCode: string;
  @Field(() => EvidenceDecision) @IsEnum(EvidenceDecision, IS_KNOWN_VALUE) decision: EvidenceDecision;
  @Field(() => String, { nullable: true, description: 'Required for REJECT' })
  @IsOptional()
  @IsString(IS_TEXT)
  @MaxChars(10000, MAX_LENGTH)
  @MultiLineText()
  comment?: string | null;
}
