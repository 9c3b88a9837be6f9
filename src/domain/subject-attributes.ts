import { CloudUsageType, NetworkSegment, SubjectKind } from './subject.enums';

/** What applicability and the risk tier read of a subject; undefined: the kind has no such attribute. */
export interface SubjectAttributes {
  kind: SubjectKind;
  confidentiality: number;
  integrity: number;
  availability: number;
  handlesPersonalInformation?: boolean;
  handlesMyNumber?: boolean;
  subcontractingAllowed?: boolean;
  usageType?: CloudUsageType;
  networkSegment?: NetworkSegment;
}
