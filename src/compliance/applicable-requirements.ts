import { applies } from '../requirements/applicability';
import type { CatalogEntry } from '../requirements/requirement-catalog';
import { attributesOf, type SubjectRecord } from '../subjects/subject-record';

/** The active requirements of the catalog that apply to the subject. */
export function applicableRequirements(catalog: readonly CatalogEntry[], record: SubjectRecord): CatalogEntry[] {
  const attributes = attributesOf(record);
  return catalog.filter((entry) => entry.active && entry.subjectKind === record.subject.kind && applies(entry.appliesWhen, attributes));
}
