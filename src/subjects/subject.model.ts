import { Field, ID, Int, InterfaceType, ObjectType } from '@nestjs/graphql';
import { DateScalar } from '../common/date-scalar';
import { Connection } from '../common/pagination';
import { DepartmentModel } from '../organizations/organization.model';
import { UserModel } from '../users/user.model';
import { VendorModel } from '../vendors/vendor.model';
import { CloudUsageType, NetworkSegment, RiskTier, SocialMediaPlatform, SubjectKind, SubjectStatus } from '../domain/subject.enums';
import { SubjectRecord } from './subject-record';

/**
 * What every register entry shows. Relations are resolved by the subject field resolvers;
 * compliance, requirements, reviews and nextReview by the features that own them
 * (SubjectComplianceResolver, SubjectReviewsResolver), so subjects import neither.
 */
@InterfaceType('Subject', {
  resolveType: (subject: SubjectModel) => {
    switch (subject.kind) {
      case SubjectKind.OUTSOURCING_CONTRACT:
        return 'OutsourcingContract';
      case SubjectKind.CLOUD_SERVICE:
        return 'CloudService';
      case SubjectKind.SOCIAL_MEDIA_ACCOUNT:
        return 'SocialMediaAccount';
    }
  },
})
export abstract class SubjectModel {
  @Field(() => ID)
  id: string;

  @Field(() => SubjectKind)
  kind: SubjectKind;

  @Field()
  name: string;

  @Field(() => UserModel, { nullable: true, description: 'The responsible person / service manager' })
  owner?: UserModel | null;

  @Field(() => DepartmentModel, { nullable: true })
  department?: DepartmentModel | null;

  @Field(() => Int, { description: '1..3' })
  confidentiality: number;

  @Field(() => Int, { description: '1..2' })
  integrity: number;

  @Field(() => Int, { description: '1..2' })
  availability: number;

  @Field(() => RiskTier)
  riskTier: RiskTier;

  @Field(() => SubjectStatus)
  status: SubjectStatus;

  @Field(() => Int)
  version: number;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;

  /** What the field resolvers read. */
  record: SubjectRecord;
}

@ObjectType('OutsourcingContract', { implements: () => [SubjectModel] })
export class OutsourcingContractModel extends SubjectModel {
  @Field(() => VendorModel)
  vendor?: VendorModel;

  @Field(() => String, { nullable: true })
  contractNumber: string | null;

  @Field(() => DateScalar)
  startDate: string;

  @Field(() => DateScalar, { nullable: true })
  endDate: string | null;

  @Field(() => NetworkSegment)
  networkSegment: NetworkSegment;

  @Field()
  handlesPersonalInformation: boolean;

  @Field()
  handlesMyNumber: boolean;

  @Field()
  subcontractingAllowed: boolean;

  @Field(() => [VendorModel])
  subcontractors?: VendorModel[];

  @Field(() => String, { nullable: true })
  workLocation: string | null;
}

@ObjectType('CloudService', { implements: () => [SubjectModel] })
export class CloudServiceModel extends SubjectModel {
  @Field(() => VendorModel)
  vendor?: VendorModel;

  @Field(() => CloudUsageType)
  usageType: CloudUsageType;

  @Field()
  purpose: string;

  @Field(() => String, { nullable: true })
  serviceUrl: string | null;

  @Field(() => [String], { description: 'ISO 3166-1 alpha-2, e.g. ["JP"]' })
  dataLocations: string[];

  @Field(() => NetworkSegment, { description: 'LGWAN for LGWAN-ASP services, INTERNET for most SaaS' })
  networkSegment: NetworkSegment;

  @Field()
  handlesPersonalInformation: boolean;

  @Field()
  handlesMyNumber: boolean;
}

@ObjectType('SocialMediaAccount', { implements: () => [SubjectModel] })
export class SocialMediaAccountModel extends SubjectModel {
  @Field(() => SocialMediaPlatform)
  platform: SocialMediaPlatform;

  @Field()
  accountName: string;

  @Field()
  url: string;

  @Field()
  purpose: string;

  @Field(() => String, { nullable: true })
  postingPolicy: string | null;

  @Field(() => String, { nullable: true })
  operatingProcedureUrl: string | null;
}

@ObjectType('SubjectConnection')
export class SubjectConnection extends Connection(SubjectModel, 'Subject') {}

/**
 * The API object for a subject record, of the class its kind calls for. A record read without its
 * details (a page that shows none of them) gives the common fields only.
 */
export function toSubjectModel(record: SubjectRecord): SubjectModel {
  const { subject } = record;
  const common = {
    id: subject.id,
    kind: subject.kind,
    name: subject.name,
    confidentiality: subject.confidentiality,
    integrity: subject.integrity,
    availability: subject.availability,
    riskTier: subject.riskTier,
    status: subject.status,
    version: subject.version,
    createdAt: subject.createdAt,
    updatedAt: subject.updatedAt,
    record,
  };
  switch (subject.kind) {
    case SubjectKind.OUTSOURCING_CONTRACT: {
      const c = record.contract;
      if (!c) return Object.assign(new OutsourcingContractModel(), common);
      return Object.assign(new OutsourcingContractModel(), common, {
        contractNumber: c.contractNumber,
        startDate: c.startDate,
        endDate: c.endDate,
        networkSegment: c.networkSegment,
        handlesPersonalInformation: c.handlesPersonalInformation,
        handlesMyNumber: c.handlesMyNumber,
        subcontractingAllowed: c.subcontractingAllowed,
        workLocation: c.workLocation,
      });
    }
    case SubjectKind.CLOUD_SERVICE: {
      const c = record.cloud;
      if (!c) return Object.assign(new CloudServiceModel(), common);
      return Object.assign(new CloudServiceModel(), common, {
        usageType: c.usageType,
        purpose: c.purpose,
        serviceUrl: c.serviceUrl,
        dataLocations: c.dataLocations,
        networkSegment: c.networkSegment,
        handlesPersonalInformation: c.handlesPersonalInformation,
        handlesMyNumber: c.handlesMyNumber,
      });
    }
    case SubjectKind.SOCIAL_MEDIA_ACCOUNT: {
      const c = record.social;
      if (!c) return Object.assign(new SocialMediaAccountModel(), common);
      return Object.assign(new SocialMediaAccountModel(), common, {
        platform: c.platform,
        accountName: c.accountName,
        url: c.url,
        purpose: c.purpose,
        postingPolicy: c.postingPolicy,
        operatingProcedureUrl: c.operatingProcedureUrl,
      });
    }
  }
}
