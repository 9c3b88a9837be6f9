import { SubjectKind } from '../domain/subject.enums';
import { AppliesWhen } from './applicability';

export interface CatalogEntry {
  code: string;
  organizationId: string | null;
  subjectKind: SubjectKind;
  titleJa: string;
  titleEn: string;
  appliesWhen: AppliesWhen;
  source: string | null;
  builtIn: boolean;
  active: boolean;
}
