import {
  DocumentNode,
  GraphQLCompositeType,
  GraphQLSchema,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { MAX_SIGN_IN_LOCKS_LISTED } from '../auth/sign-in-throttles.repository';
import { ALL_ROLES } from '../common/role';
import { FindingCode } from '../domain/compliance.enums';
import { MAX_REMINDERS } from '../reviews/dto/review.inputs';
import { MAX_DATA_LOCATIONS, MAX_SUBCONTRACTORS } from '../subjects/dto/subject.inputs';
import { SubjectKind } from '../domain/subject.enums';
import { MAX_CERTIFICATIONS } from '../vendors/dto/vendor.inputs';

/**
 * The sizes of an organization's lists that nothing caps, measured in its data when a query selects
 * one of them (one SQL statement, ListSizesRepository), so that the cost of a list is its real
 * largest size today:
 * - reviewsPerSubject: the most reviews one subject has (every review is kept, for years);
 * - evidenceVersions: the longest evidence history of one requirement of one subject (versions are
 *   numbered 1, 2, 3… per subject and requirement, so this is the highest version number);
 * - requirementsPerKind: the most requirements of one subject kind, built-in and the organization's
 *   own, active or not (a subject's requirements, its review answers and findings are bounded by it);
 * - requirements: all the requirements the organization sees;
 * - departments, reviewCampaigns: how many the organization has.
 */
export const MEASURES = [
  'reviewsPerSubject',
  'evidenceVersions',
  'requirementsPerKind',
  'requirements',
  'departments',
  'reviewCampaigns',
] as const;
export type Measure = (typeof MEASURES)[number];
export type ListSizes = Record<Measure, number>;

/** Sizes used when none were measured: no caller, so nothing protected runs (the role guard refuses it). */
export const UNMEASURED: ListSizes = {
  reviewsPerSubject: 1,
  evidenceVersions: 1,
  requirementsPerKind: 1,
  requirements: 1,
  departments: 1,
  reviewCampaigns: 1,
};

/** The most items a list field can hold: a fixed maximum that the writes enforce, or a measured size. */
export interface ListBound {
  measures: readonly Measure[];
  size(sizes: ListSizes): number;
}

const fixed = (size: number): ListBound => ({ measures: [], size: () => size });
const measured = (measure: Measure, plus = 0): ListBound => ({ measures: [measure], size: (sizes) => sizes[measure] + plus });

/** Inside a connection, `edges` and `nodes` hold one page: the connection's own cost already counts `first`. */
const CONNECTION_PAGE = fixed(1);

/**
 * Every plain list field of the schema and its bound, by `Type.field` (an interface's entry covers
 * the types that implement it). A list field missing here stops the app at start (the plugin checks
 * the schema), so a new list cannot slip into the API uncounted. docs/api.md#limits lists them.
 */
export const LIST_BOUNDS: Readonly<Record<string, ListBound>> = {
  // Measured: nothing caps how many the data holds.
  'Subject.reviews': measured('reviewsPerSubject'),
  'RequirementStatus.history': measured('evidenceVersions'),
  'Subject.requirements': measured('requirementsPerKind'),
  // One answer per applicable requirement, no duplicates (completeReview checks it).
  'Review.answers': measured('requirementsPerKind'),
  // At most one per requirement, plus at most one of each finding code.
  'Compliance.findings': measured('requirementsPerKind', Object.keys(FindingCode).length),
  'Query.requirements': measured('requirements'),
  'Query.departments': measured('departments'),
  'Query.reviewCampaigns': measured('reviewCampaigns'),
  // Fixed: the inputs refuse more (the ledger import validates with the same inputs), or an enum's size.
  'OutsourcingContract.subcontractors': fixed(MAX_SUBCONTRACTORS),
  'CloudService.dataLocations': fixed(MAX_DATA_LOCATIONS),
  'Vendor.certifications': fixed(MAX_CERTIFICATIONS),
  'ReviewPolicy.reminderDaysBefore': fixed(MAX_REMINDERS),
  'User.roles': fixed(ALL_ROLES.length),
  // The repository lists at most this many, latest first.
  'Query.signInLocks': fixed(MAX_SIGN_IN_LOCKS_LISTED),
  'ComplianceSummary.byKind': fixed(Object.keys(SubjectKind).length),
  'ComplianceSummary.byFinding': fixed(Object.keys(FindingCode).length),
};

/** The bound of list field `field` of `parent`, or undefined when it has none. */
export function listBound(parent: GraphQLCompositeType, field: string): ListBound | undefined {
  if (parent.name.endsWith('Connection') && (field === 'edges' || field === 'nodes')) return CONNECTION_PAGE;
  const own = LIST_BOUNDS[`${parent.name}.${field}`];
  if (own || !isObjectType(parent)) return own;
  return parent
    .getInterfaces()
    .map((implemented) => LIST_BOUNDS[`${implemented.name}.${field}`])
    .find((bound) => bound !== undefined);
}

/** The output list fields of `schema` that have no bound: none, or the app refuses to start. */
export function unboundedLists(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
    for (const field of Object.values(type.getFields())) {
      if (isListType(getNullableType(field.type)) && !listBound(type, field.name)) missing.push(`${type.name}.${field.name}`);
    }
  }
  return missing.sort();
}

/** The measured sizes a document's lists need, in MEASURES order: none for most requests, which then cost no statement. */
export function measuresOf(schema: GraphQLSchema, document: DocumentNode): Measure[] {
  const needed = new Set<Measure>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        if (!parent || !field || !isListType(getNullableType(field.type))) return;
        for (const measure of listBound(parent, field.name)?.measures ?? []) needed.add(measure);
      },
    }),
  );
  return MEASURES.filter((measure) => needed.has(measure));
}
