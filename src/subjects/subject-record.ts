import { SubjectAttributes } from '../domain/subject-attributes';
import type { CloudServiceEntity, OutsourcingContractEntity, SocialMediaAccountEntity } from './subject-details.entity';
import { SubjectKind } from '../domain/subject.enums';
import type { SubjectEntity } from './subject.entity';

/** A subject with the details of its kind: what the API shows and what the rules read. */
export interface SubjectRecord {
  subject: SubjectEntity;
  contract?: OutsourcingContractEntity;
  cloud?: CloudServiceEntity;
  social?: SocialMediaAccountEntity;
  subcontractorIds: string[];
}

export function attributesOf(record: SubjectRecord): SubjectAttributes {
  const { subject, contract, cloud } = record;
  const base = {
    kind: subject.kind,
    confidentiality: subject.confidentiality,
    integrity: subject.integrity,
    availability: subject.availability,
  };
  switch (subject.kind) {
    case SubjectKind.OUTSOURCING_CONTRACT:
      return {
        ...base,
        handlesPersonalInformation: contract?.handlesPersonalInformation,
        handlesMyNumber: contract?.handlesMyNumber,
        subcontractingAllowed: contract?.subcontractingAllowed,
        networkSegment: contract?.networkSegment,
      };
    case SubjectKind.CLOUD_SERVICE:
      return {
        ...base,
        handlesPersonalInformation: cloud?.handlesPersonalInformation,
        handlesMyNumber: cloud?.handlesMyNumber,
        usageType: cloud?.usageType,
        networkSegment: cloud?.networkSegment,
      };
    case SubjectKind.SOCIAL_MEDIA_ACCOUNT:
      return base;
  }
}
