import { ArgsType, Field, InputType, Int } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsEnum, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Min, ValidateNested } from 'class-validator';
import { DateScalar, IsCalendarDate } from '../../common/date-scalar';
import { PageArgs } from '../../common/pagination';
import { CertificationType } from '../certification-type.enum';
import { normaliseCorporateNumber } from '../corporate-number';
import { IsCorporateNumber } from './is-corporate-number';
import { MaxChars, SingleLineText } from '../../common/text-validation';
import { ARRAY_MAX_SIZE, EXPECTED_VERSION, IS_KNOWN_VALUE, IS_NESTED, IS_TEXT, MAX_LENGTH } from '../../common/validation-messages';

/** The most certifications a vendor holds: the API and the ledger import both validate with these inputs. */
export const MAX_CERTIFICATIONS = 50;

const URL_MESSAGE = 'URL は http:// または https:// で始まる形式で入力してください。';
const trimmed = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
const corporateNumber = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? normaliseCorporateNumber(value) || null : value;

@InputType()
export class CertificationInput {
  @Field(() => CertificationType)
  @IsEnum(CertificationType, IS_KNOWN_VALUE)
  type: CertificationType;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString(IS_TEXT)
  @MaxChars(200, MAX_LENGTH)
  @SingleLineText()
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
  @IsString(IS_TEXT)
  @Transform(trimmed)
  @IsNotEmpty({ message: '取引先名を入力してください。' })
  @MaxChars(200, { message: '取引先名は200文字以内で入力してください。' })
  @SingleLineText()
  name: string;

  @Field(() => String, { nullable: true, description: '法人番号: 13 digits; full-width digits are accepted' })
  @IsOptional()
  @Transform(corporateNumber)
  @IsCorporateNumber()
  @SingleLineText()
  corporateNumber?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString(IS_TEXT)
  @MaxChars(500, MAX_LENGTH)
  @SingleLineText()
  @Transform(trimmed)
  address?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Transform(trimmed)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: URL_MESSAGE })
  @MaxChars(2000, MAX_LENGTH)
  @SingleLineText()
  websiteUrl?: string | null;

  @Field(() => [CertificationInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(MAX_CERTIFICATIONS, ARRAY_MAX_SIZE)
  @ValidateNested({ each: true, ...IS_NESTED })
  @Type(() => CertificationInput)
  certifications?: CertificationInput[] | null;
}

@InputType()
export class UpdateVendorInput {
  @Field(() => Int, { description: 'Optimistic lock: a stale version answers CONFLICT' })
  @IsInt(EXPECTED_VERSION)
  @Min(1, EXPECTED_VERSION)
  expectedVersion: number;

  @Field({ nullable: true })
  @IsOptional()
  @IsString(IS_TEXT)
  @Transform(trimmed)
  @IsNotEmpty({ message: '取引先名を入力してください。' })
  @MaxChars(200, { message: '取引先名は200文字以内で入力してください。' })
  @SingleLineText()
  name?: string;

  @Field(() => String, { nullable: true, description: 'null removes it' })
  @IsOptional()
  @Transform(corporateNumber)
  @IsCorporateNumber()
  @SingleLineText()
  corporateNumber?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString(IS_TEXT)
  @MaxChars(500, MAX_LENGTH)
  @SingleLineText()
  @Transform(trimmed)
  address?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Transform(trimmed)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: URL_MESSAGE })
  @MaxChars(2000, MAX_LENGTH)
  @SingleLineText()
  websiteUrl?: string | null;

  @Field(() => [CertificationInput], { nullable: true, description: 'Replaces the whole list when given' })
  @IsOptional()
  @ArrayMaxSize(MAX_CERTIFICATIONS, ARRAY_MAX_SIZE)
  @ValidateNested({ each: true, ...IS_NESTED })
  @Type(() => CertificationInput)
  certifications?: CertificationInput[] | null;
}

@InputType()
export class VendorFilter {
  @Field({ nullable: true, description: 'Case-insensitive substring of the name, after NFKC normalisation' })
  @IsOptional()
  @IsString(IS_TEXT)
  @MaxChars(200, MAX_LENGTH)
  @SingleLineText({ requireVisible: false })
  search?: string;
}

@ArgsType()
export class VendorsArgs extends PageArgs {
  @Field(() => VendorFilter, { nullable: true })
  @IsOptional()
  @ValidateNested(IS_NESTED)
  @Type(() => VendorFilter)
  filter?: VendorFilter;
}
