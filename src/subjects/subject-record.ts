import { SubjectAttributes } from '../domain/subject-attributes';
import type { CloudServiceEntity, OutsourcingContractEntity, SocialMediaAccountEntity } from './subject-details.entity';
import { SubjectKind } from '../domain/subject.enums';
import type { SubjectEntity } from './subject.entity';
import type { ComplianceStatus } from '../domain/compliance.enums';
import type { DepartmentEntity } from '../organizations/department.entity';
import type { UserEntity } from '../users/user.entity';
import type { VendorWithCertifications } from '../vendors/vendors.repository';

/** What a list read in the same statement as the subject (each key only when asked for), so showing it costs nothing more. */
export interface JoinedToSubject {
  owner?: UserEntity | null;
  department?: DepartmentEntity | null;
  vendor?: VendorWithCertifications | null;
  effectiveStatus?: ComplianceStatus;
}

/** A subject with the details of its kind: what the API shows and what the rules read. */
export interface SubjectRecord {
  subject: SubjectEntity;
  contract?: OutsourcingContractEntity;
  cloud?: CloudServiceEntity;
  social?: SocialMediaAccountEntity;
  subcontractorIds: string[];
  joined?: JoinedToSubject;
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
