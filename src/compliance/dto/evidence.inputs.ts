import { Field, ID, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEnum, IsNotEmpty, IsOptional, IsString, IsUrl, MaxLength } from 'class-validator';
import { EvidenceDecision } from '../../subjects/subject.enums';

const trimmed = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

@InputType()
export class RecordRequirementEvidenceInput {
  @Field(() => ID) @IsString() subjectId: string;
  @Field() @IsString() @MaxLength(64) requirementCode: string;
  @Field({ description: 'true: the clause/measure exists (reference required); false: known absent' }) @IsBoolean() present: boolean;
  @Field(() => String, { nullable: true }) @IsOptional() @Transform(trimmed) @IsString() @MaxLength(500) reference?: string | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Transform(trimmed)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'URL は http:// または https:// で始まる形式で入力してください。' },
  )
  @MaxLength(2000)
  documentUrl?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(10000) note?: string | null;
}

@InputType()
export class RequestRequirementWaiverInput {
  @Field(() => ID) @IsString() subjectId: string;
  @Field() @IsString() @MaxLength(64) requirementCode: string;
  @Field()
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty({ message: '適用除外を求める理由を入力してください。' })
  @MaxLength(10000)
  justification: string;
}

@InputType()
export class DecideRequirementEvidenceInput {
  @Field(() => ID) @IsString() subjectId: string;
  @Field() @IsString() @MaxLength(64) requirementCode: string;
  @Field(() => EvidenceDecision) @IsEnum(EvidenceDecision) decision: EvidenceDecision;
  @Field(() => String, { nullable: true, description: 'Required for REJECT' }) @IsOptional() @IsString() @MaxLength(10000) comment?:
    string | null;
}
