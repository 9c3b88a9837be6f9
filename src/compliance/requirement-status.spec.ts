import { AppliesWhen } from '../requirements/applicability';
import { CatalogEntry } from '../requirements/requirement-catalog';
import { CloudServiceEntity, OutsourcingContractEntity, SocialMediaAccountEntity } from '../subjects/subject-details.entity';
import { SubjectRecord } from '../subjects/subject-record';
import { CloudUsageType, NetworkSegment, RiskTier, SocialMediaPlatform, SubjectKind, SubjectStatus } from '../domain/subject.enums';
import { ComplianceStatus, EvidenceState } from '../domain/compliance.enums';
import { SubjectEntity } from '../subjects/subject.entity';
import { EvidenceVersionEntity } from './evidence-version.entity';
import { requirementStatus, requirementStatuses } from './requirement-status';

const ORG = '00000000-0000-4000-8000-000000000001';
const SUBJECT = '00000000-0000-4000-8000-0000000000a1';
const RECORDER = '00000000-0000-4000-8000-0000000000b1';
const DECIDER = '00000000-0000-4000-8000-0000000000b2';

function entry(code: string, subjectKind: SubjectKind, appliesWhen: AppliesWhen, overrides: Partial<CatalogEntry> = {}): CatalogEntry {
  return {
    code,
    organizationId: null,
    subjectKind,
    titleJa: `${code} の条項`,
    titleEn: `Clause ${code}`,
    appliesWhen,
    source: null,
    builtIn: true,
    active: true,
    ...overrides,
  };
}

function subject(kind: SubjectKind, overrides: Partial<SubjectEntity> = {}): SubjectEntity {
  return Object.assign(new SubjectEntity(), {
    id: SUBJECT,
    organizationId: ORG,
    kind,
    name: '住民情報システム保守',
    searchKey: '住民情報システム保守',
    ownerId: null,
    departmentId: null,
    vendorId: null,
    confidentiality: 1,
    integrity: 1,
    availability: 1,
    riskTier: RiskTier.LOW,
    status: SubjectStatus.ACTIVE,
    archiveReason: null,
    staticStatus: ComplianceStatus.NON_COMPLIANT,
    endsOn: null,
    lastReviewedOn: null,
    version: 1,
    ...overrides,
  });
}

function contractRecord(levels: Partial<SubjectEntity> = {}, details: Partial<OutsourcingContractEntity> = {}): SubjectRecord {
  return {
    subject: subject(SubjectKind.OUTSOURCING_CONTRACT, levels),
    contract: Object.assign(new OutsourcingContractEntity(), {
      subjectId: SUBJECT,
      organizationId: ORG,
      contractNumber: 'R8-001',
      startDate: '2026-04-01',
      endDate: null,
      networkSegment: NetworkSegment.LGWAN,
      handlesPersonalInformation: false,
      handlesMyNumber: false,
      subcontractingAllowed: false,
      workLocation: null,
      ...details,
    }),
    subcontractorIds: [],
  };
}

function cloudRecord(levels: Partial<SubjectEntity> = {}, details: Partial<CloudServiceEntity> = {}): SubjectRecord {
  return {
    subject: subject(SubjectKind.CLOUD_SERVICE, levels),
    cloud: Object.assign(new CloudServiceEntity(), {
      subjectId: SUBJECT,
      organizationId: ORG,
      usageType: CloudUsageType.CONTRACT,
      purpose: 'ファイル共有',
      serviceUrl: null,
      dataLocations: ['JP'],
      networkSegment: NetworkSegment.INTERNET,
      handlesPersonalInformation: false,
      handlesMyNumber: false,
      ...details,
    }),
    subcontractorIds: [],
  };
}

function socialRecord(levels: Partial<SubjectEntity> = {}): SubjectRecord {
  return {
    subject: subject(SubjectKind.SOCIAL_MEDIA_ACCOUNT, levels),
    social: Object.assign(new SocialMediaAccountEntity(), {
      subjectId: SUBJECT,
      organizationId: ORG,
      platform: SocialMediaPlatform.X,
      accountName: 'city_official',
      url: 'https://x.com/city_official',
      purpose: '広報',
      postingPolicy: null,
      operatingProcedureUrl: null,
    }),
    subcontractorIds: [],
  };
}

let nextId = 1;
function version(
  requirementCode: string,
  n: number,
  state: EvidenceState,
  overrides: Partial<EvidenceVersionEntity> = {},
): EvidenceVersionEntity {
  return Object.assign(new EvidenceVersionEntity(), {
    id: `00000000-0000-4000-8000-${String(nextId++).padStart(12, '0')}`,
    organizationId: ORG,
    subjectId: SUBJECT,
    requirementCode,
    version: n,
    state,
    reference: null,
    documentUrl: null,
    note: null,
    justification: null,
    recordedById: RECORDER,
    recordedAt: new Date(`2026-04-0${n}T01:00:00Z`),
    decidedById: null,
    decidedAt: null,
    decisionComment: null,
    ...overrides,
  });
}

// In catalog order; the conditional ones are interleaved with the always-on ones on purpose.
const CATALOG: CatalogEntry[] = [
  entry('OC-01', SubjectKind.OUTSOURCING_CONTRACT, { always: true }),
  entry('OC-04', SubjectKind.OUTSOURCING_CONTRACT, { confidentialityAtLeast: 2 }),
  entry('OC-07', SubjectKind.OUTSOURCING_CONTRACT, { always: true }),
  entry('OC-14', SubjectKind.OUTSOURCING_CONTRACT, { subcontractingAllowed: true }),
  entry('OC-15', SubjectKind.OUTSOURCING_CONTRACT, { handlesMyNumber: true }),
  entry('OC-99', SubjectKind.OUTSOURCING_CONTRACT, { always: true }, { active: false }),
  entry('CS-01', SubjectKind.CLOUD_SERVICE, { always: true }),
  entry('CS-03', SubjectKind.CLOUD_SERVICE, { usageType: CloudUsageType.TERMS_OF_SERVICE }),
  entry('CS-08', SubjectKind.CLOUD_SERVICE, { availabilityAtLeast: 2 }),
  entry('SM-01', SubjectKind.SOCIAL_MEDIA_ACCOUNT, { always: true }),
  entry('SM-08', SubjectKind.SOCIAL_MEDIA_ACCOUNT, { availabilityAtLeast: 2 }),
  entry('TKY-SM-01', SubjectKind.SOCIAL_MEDIA_ACCOUNT, { handlesMyNumber: true }, { organizationId: ORG, builtIn: false }),
  entry('TKY-OC-01', SubjectKind.OUTSOURCING_CONTRACT, { always: true }, { organizationId: ORG, builtIn: false }),
];

const summary = (statuses: { requirement: { code: string }; applicable: boolean }[]): [string, boolean][] =>
  statuses.map((s) => [s.requirement.code, s.applicable]);

describe('requirementStatuses', () => {
  it('lists the applicable requirements of the kind first, then the others, each group in catalog order', () => {
    expect(summary(requirementStatuses(CATALOG, contractRecord(), []))).toEqual([
      ['OC-01', true],
      ['OC-07', true],
      ['TKY-OC-01', true],
      ['OC-04', false],
      ['OC-14', false],
      ['OC-15', false],
    ]);
  });

  it('moves requirements into the applicable group as attributes change', () => {
    const record = contractRecord({ confidentiality: 2 }, { subcontractingAllowed: true, handlesMyNumber: true });
    expect(summary(requirementStatuses(CATALOG, record, []))).toEqual([
      ['OC-01', true],
      ['OC-04', true],
      ['OC-07', true],
      ['OC-14', true],
      ['OC-15', true],
      ['TKY-OC-01', true],
    ]);
  });

  it('excludes inactive requirements, whether or not evidence was recorded for them', () => {
    const statuses = requirementStatuses(CATALOG, contractRecord(), [version('OC-99', 1, EvidenceState.RECORDED)]);
    expect(statuses.map((s) => s.requirement.code)).not.toContain('OC-99');
  });

  it('lists only the requirements of the subject kind', () => {
    expect(summary(requirementStatuses(CATALOG, cloudRecord(), []))).toEqual([
      ['CS-01', true],
      ['CS-03', false],
      ['CS-08', false],
    ]);
    expect(
      summary(requirementStatuses(CATALOG, cloudRecord({ availability: 2 }, { usageType: CloudUsageType.TERMS_OF_SERVICE }), [])),
    ).toEqual([
      ['CS-01', true],
      ['CS-03', true],
      ['CS-08', true],
    ]);
  });

  it('never applies a key about an attribute the kind lacks (My Number for a social media account)', () => {
    expect(summary(requirementStatuses(CATALOG, socialRecord({ availability: 2 }), []))).toEqual([
      ['SM-01', true],
      ['SM-08', true],
      ['TKY-SM-01', false],
    ]);
  });

  it('gives nothing for an empty catalog', () => {
    expect(requirementStatuses([], contractRecord(), [])).toEqual([]);
  });

  it('is NOT_RECORDED with an empty history and no evidence fields when no version exists', () => {
    const [status] = requirementStatuses(CATALOG, contractRecord(), []);
    expect(status).toMatchObject({
      state: EvidenceState.NOT_RECORDED,
      reference: null,
      documentUrl: null,
      note: null,
      justification: null,
      recordedById: null,
      recordedAt: null,
      decidedById: null,
      decidedAt: null,
      decisionComment: null,
      organizationId: ORG,
      applicable: true,
      history: [],
    });
  });

  it('shows the newest version as current and the history newest first, whatever order the versions come in', () => {
    const v1 = version('OC-07', 1, EvidenceState.RECORDED, { reference: '第12条' });
    const v2 = version('OC-07', 2, EvidenceState.REJECTED, {
      reference: '第12条',
      decidedById: DECIDER,
      decisionComment: '条番号が違います',
    });
    const v3 = version('OC-07', 3, EvidenceState.RECORDED, {
      reference: '第13条',
      documentUrl: 'https://docs.example.jp/c.pdf',
      note: '改訂版',
    });
    const statuses = requirementStatuses(CATALOG, contractRecord(), [v2, v3, version('OC-01', 1, EvidenceState.ABSENT), v1]);
    const oc07 = statuses.find((s) => s.requirement.code === 'OC-07');
    expect(oc07).toMatchObject({
      state: EvidenceState.RECORDED,
      reference: '第13条',
      documentUrl: 'https://docs.example.jp/c.pdf',
      note: '改訂版',
      recordedById: RECORDER,
      decidedById: null,
    });
    expect(oc07?.history.map((h) => [h.version, h.state, h.reference])).toEqual([
      [3, EvidenceState.RECORDED, '第13条'],
      [2, EvidenceState.REJECTED, '第12条'],
      [1, EvidenceState.RECORDED, '第12条'],
    ]);
    expect(oc07?.history[1]).toMatchObject({ decidedById: DECIDER, decisionComment: '条番号が違います', organizationId: ORG });
    const oc01 = statuses.find((s) => s.requirement.code === 'OC-01');
    expect(oc01?.state).toBe(EvidenceState.ABSENT);
    expect(oc01?.history.map((h) => h.version)).toEqual([1]);
  });

  it('does not reorder the versions it was given', () => {
    const versions = [version('OC-07', 1, EvidenceState.RECORDED), version('OC-07', 2, EvidenceState.ACCEPTED)];
    requirementStatuses(CATALOG, contractRecord(), versions);
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
  });

  it('keeps the evidence of a requirement that no longer applies, marked not applicable', () => {
    const statuses = requirementStatuses(CATALOG, contractRecord({ confidentiality: 1 }), [
      version('OC-04', 1, EvidenceState.RECORDED, { reference: '第3条' }),
    ]);
    const oc04 = statuses.find((s) => s.requirement.code === 'OC-04');
    expect(oc04).toMatchObject({ applicable: false, state: EvidenceState.RECORDED, reference: '第3条' });
  });

  it('maps the requirement for the API, appliesWhen as JSON text', () => {
    const [status] = requirementStatuses(CATALOG, contractRecord(), []);
    expect(status.requirement).toMatchObject({
      code: 'OC-01',
      subjectKind: SubjectKind.OUTSOURCING_CONTRACT,
      titleJa: 'OC-01 の条項',
      titleEn: 'Clause OC-01',
      appliesWhen: '{"always":true}',
      source: null,
      builtIn: true,
      active: true,
    });
  });
});

describe('requirementStatus', () => {
  const oc01 = CATALOG[0];

  it('is NOT_RECORDED without versions', () => {
    const status = requirementStatus(oc01, true, ORG, []);
    expect(status.state).toBe(EvidenceState.NOT_RECORDED);
    expect(status.history).toEqual([]);
    expect(status.applicable).toBe(true);
    expect(status.organizationId).toBe(ORG);
  });

  it('passes applicable through', () => {
    expect(requirementStatus(oc01, false, ORG, []).applicable).toBe(false);
  });

  it.each(Object.values(EvidenceState).filter((s) => s !== EvidenceState.NOT_RECORDED))(
    'shows a newest version in %s as the current state',
    (state) => {
      const status = requirementStatus(oc01, true, ORG, [version('OC-01', 1, EvidenceState.RECORDED), version('OC-01', 2, state)]);
      expect(status.state).toBe(state);
      expect(status.history.map((h) => [h.version, h.state])).toEqual([
        [2, state],
        [1, EvidenceState.RECORDED],
      ]);
    },
  );

  it('carries every field of the newest version, and of each version into the history', () => {
    const recordedAt = new Date('2026-04-01T01:00:00Z');
    const decidedAt = new Date('2026-04-02T03:00:00Z');
    const waiver = version('OC-01', 1, EvidenceState.WAIVER_REQUESTED, { justification: '本契約は情報資産を扱わない', recordedAt });
    const waived = version('OC-01', 2, EvidenceState.WAIVED, {
      justification: '本契約は情報資産を扱わない',
      recordedAt,
      decidedById: DECIDER,
      decidedAt,
      decisionComment: '了承',
    });
    const status = requirementStatus(oc01, true, ORG, [waiver, waived]);
    expect(status).toMatchObject({
      state: EvidenceState.WAIVED,
      justification: '本契約は情報資産を扱わない',
      recordedById: RECORDER,
      recordedAt,
      decidedById: DECIDER,
      decidedAt,
      decisionComment: '了承',
    });
    expect(status.history[0]).toMatchObject({ version: 2, state: EvidenceState.WAIVED, decidedById: DECIDER, decisionComment: '了承' });
    expect(status.history[1]).toMatchObject({
      version: 1,
      state: EvidenceState.WAIVER_REQUESTED,
      decidedById: null,
      decisionComment: null,
    });
  });
});
