import { EntityManager, In } from 'typeorm';
import { SubjectAttributes } from '../requirements/applicability';
import {
  CloudServiceEntity,
  ContractSubcontractorEntity,
  OutsourcingContractEntity,
  SocialMediaAccountEntity,
} from './subject-details.entity';
import { SubjectKind } from './subject.enums';
import { SubjectEntity } from './subject.entity';

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

/** The details of many subjects in one query per kind (and one for subcontractors), whatever their number. */
export async function withDetails(manager: EntityManager, organizationId: string, subjects: SubjectEntity[]): Promise<SubjectRecord[]> {
  const idsOf = (kind: SubjectKind): string[] => subjects.filter((s) => s.kind === kind).map((s) => s.id);
  const contractIds = idsOf(SubjectKind.OUTSOURCING_CONTRACT);
  const cloudIds = idsOf(SubjectKind.CLOUD_SERVICE);
  const socialIds = idsOf(SubjectKind.SOCIAL_MEDIA_ACCOUNT);
  // One after another: inside a transaction they share one connection.
  const contracts = contractIds.length
    ? await manager.findBy(OutsourcingContractEntity, { organizationId, subjectId: In(contractIds) })
    : [];
  const clouds = cloudIds.length ? await manager.findBy(CloudServiceEntity, { organizationId, subjectId: In(cloudIds) }) : [];
  const socials = socialIds.length ? await manager.findBy(SocialMediaAccountEntity, { organizationId, subjectId: In(socialIds) }) : [];
  const subcontractors = contractIds.length
    ? await manager.find(ContractSubcontractorEntity, { where: { organizationId, subjectId: In(contractIds) }, order: { position: 'ASC' } })
    : [];
  const contractBy = new Map(contracts.map((c) => [c.subjectId, c]));
  const cloudBy = new Map(clouds.map((c) => [c.subjectId, c]));
  const socialBy = new Map(socials.map((c) => [c.subjectId, c]));
  return subjects.map((subject) => ({
    subject,
    contract: contractBy.get(subject.id),
    cloud: cloudBy.get(subject.id),
    social: socialBy.get(subject.id),
    subcontractorIds: subcontractors.filter((s) => s.subjectId === subject.id).map((s) => s.vendorId),
  }));
}
