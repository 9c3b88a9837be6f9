import { ArgsType, Field, InputType, Int } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsEnum, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, MaxLength, Min, ValidateNested } from 'class-validator';
import { DateScalar, IsCalendarDate } from '../../common/date-scalar';
import { PageArgs } from '../../common/pagination';
import { CertificationType } from '../certification-type.enum';
import { normaliseCorporateNumber } from '../corporate-number';
import { IsCorporateNumber } from './is-corporate-number';

const URL_MESSAGE = 'URL は http:// または https:// で始まる形式で入力してください。';
const trimmed = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
const corporateNumber = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? normaliseCorporateNumber(value) || null : value;

@InputType()
export class CertificationInput {
  @Field(() => CertificationType)
  @IsEnum(CertificationType)
  type: CertificationType;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Transform(trimmed)
  identifier?: string | null;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  @IsCalendarDate()
  validUntil?: string | null;
}

@InputType()
export class CreateVendorInput {
  @Field()
  @IsString()
  @Transform(trimmed)
  @IsNotEmpty({ message: '取引先名を入力してください。' })
  @MaxLength(200, { message: '取引先名は200文字以内で入力してください。' })
  name: string;

  @Field(() => String, { nullable: true, description: '法人番号: 13 digits; full-width digits are accepted' })
  @IsOptional()
  @Transform(corporateNumber)
  @IsCorporateNumber()
  corporateNumber?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @Transform(trimmed)
  address?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Transform(trimmed)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: URL_MESSAGE })
  @MaxLength(2000)
  websiteUrl?: string | null;

  @Field(() => [CertificationInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CertificationInput)
  certifications?: CertificationInput[] | null;
}

@InputType()
export class UpdateVendorInput {
  @Field(() => Int, { description: 'Optimistic lock: a stale version answers CONFLICT' })
  @IsInt()
  @Min(1)
  expectedVersion: number;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Transform(trimmed)
  @IsNotEmpty({ message: '取引先名を入力してください。' })
  @MaxLength(200, { message: '取引先名は200文字以内で入力してください。' })
  name?: string;

  @Field(() => String, { nullable: true, description: 'null removes it' })
  @IsOptional()
  @Transform(corporateNumber)
  @IsCorporateNumber()
  corporateNumber?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @Transform(trimmed)
  address?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Transform(trimmed)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: URL_MESSAGE })
  @MaxLength(2000)
  websiteUrl?: string | null;

  @Field(() => [CertificationInput], { nullable: true, description: 'Replaces the whole list when given' })
  @IsOptional()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CertificationInput)
  certifications?: CertificationInput[] | null;
}

@InputType()
export class VendorFilter {
  @Field({ nullable: true, description: 'Case-insensitive substring of the name, after NFKC normalisation' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;
}

@ArgsType()
export class VendorsArgs extends PageArgs {
  @Field(() => VendorFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => VendorFilter)
  filter?: VendorFilter;
}
