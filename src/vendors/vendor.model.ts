import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { DateScalar } from '../common/date-scalar';
import { Connection } from '../common/pagination';
import { CertificationType } from './certification-type.enum';

@ObjectType('Certification')
export class CertificationModel {
  @Field(() => CertificationType)
  type: CertificationType;

  @Field(() => String, { nullable: true, description: 'Certificate or registration number' })
  identifier: string | null;

  @Field(() => DateScalar, { nullable: true })
  validUntil: string | null;

  @Field({ description: "validUntil before today in the organization's time zone" })
  expired: boolean;
}

@ObjectType('Vendor')
export class VendorModel {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => String, { nullable: true, description: '法人番号: 13 digits, check digit validated' })
  corporateNumber: string | null;

  @Field(() => String, { nullable: true })
  address: string | null;

  @Field(() => String, { nullable: true })
  websiteUrl: string | null;

  @Field(() => [CertificationModel])
  certifications: CertificationModel[];

  @Field(() => Int)
  version: number;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

@ObjectType('VendorConnection')
export class VendorConnection extends Connection(VendorModel, 'Vendor') {}
