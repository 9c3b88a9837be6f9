import { CloudUsageType, RiskTier, SubjectKind, SubjectStatus } from '../domain/subject.enums';
import { ComplianceStatus, EvidenceState } from '../domain/compliance.enums';
import {
  certificationExpiredMessage,
  certificationsMatter,
  DATED_FINDINGS,
  DatedFacts,
  datedFindings,
  findingMessage,
  RequirementFact,
  StaticFacts,
  staticFindings,
  statusOf,
} from './compliance-rules';
import { certificationsValidThrough, lapsedCertifications } from '../vendors/certification-rules';
import { FindingCode } from '../domain/compliance.enums';
import { DATED_CONDITIONS, STORED_FINDING_CODES, storedFindingCounts } from '../domain/compliance-sql';

const TODAY = '2026-04-01';
const YESTERDAY = '2026-03-31';
const TOMORROW = '2026-04-02';

const KINDS = Object.values(SubjectKind);
const TIERS = Object.values(RiskTier);

function staticFacts(overrides: Partial<StaticFacts> = {}): StaticFacts {
  return { kind: SubjectKind.OUTSOURCING_CONTRACT, hasActiveOwner: true, confidentiality: 1, requirements: [], ...overrides };
}

function datedFacts(overrides: Partial<DatedFacts> = {}): DatedFacts {
  return {
    kind: SubjectKind.OUTSOURCING_CONTRACT,
    status: SubjectStatus.ACTIVE,
    riskTier: RiskTier.MEDIUM,
    endDate: null,
    vendorCertifications: [],
    earliestOpenReviewDue: null,
    ...overrides,
  };
}

/** A vendor holding one ISMS certificate valid through `validUntil` (null: none that lapses). */
const ismsThrough = (validUntil: string | null): DatedFacts['vendorCertifications'] =>
  validUntil === null ? [] : [{ type: 'ISMS', validUntil }];

function requirement(code: string, state: EvidenceState, titleJa = `${code} の条項`): RequirementFact {
  return { code, titleJa, state };
}

const codes = (findings: readonly { code: FindingCode }[]): FindingCode[] => findings.map((f) => f.code);

describe('staticFindings', () => {
  // A Record over every state: adding a state to the enum without deciding its finding fails to compile.
  const FINDING_OF_STATE: Record<EvidenceState, FindingCode | null> = {
    [EvidenceState.NOT_RECORDED]: FindingCode.REQUIREMENT_NOT_RECORDED,
    [EvidenceState.ABSENT]: FindingCode.REQUIREMENT_ABSENT,
    [EvidenceState.RECORDED]: FindingCode.REQUIREMENT_PENDING_REVIEW,
    [EvidenceState.ACCEPTED]: null,
    [EvidenceState.REJECTED]: FindingCode.REQUIREMENT_REJECTED,
    [EvidenceState.WAIVER_REQUESTED]: FindingCode.REQUIREMENT_PENDING_REVIEW,
    [EvidenceState.WAIVED]: null,
  };

  it('covers every evidence state', () => {
    expect(Object.keys(FINDING_OF_STATE).sort()).toEqual(Object.values(EvidenceState).sort());
  });

  describe.each(KINDS)('for a %s', (kind) => {
    it.each(Object.entries(FINDING_OF_STATE) as [EvidenceState, FindingCode | null][])('evidence %s gives %s', (state, expected) => {
      const titleJa = '業務上知り得た情報の守秘義務';
      const findings = staticFindings(staticFacts({ kind, requirements: [requirement('X-07', state, titleJa)] }));
      if (expected === null) {
        expect(findings).toEqual([]);
        return;
      }
      expect(findings).toHaveLength(1);
      expect(findings[0].code).toBe(expected);
      expect(findings[0].requirementCode).toBe('X-07');
      expect(findings[0].message).toContain(titleJa);
      expect(findings[0].message).toBe(findingMessage(expected, titleJa));
    });
  });

  it('gives one finding per requirement, in the order of the requirements, each with its code and title', () => {
    const findings = staticFindings(
      staticFacts({
        requirements: [
          requirement('OC-01', EvidenceState.NOT_RECORDED, '情報セキュリティポリシー及び情報セキュリティ実施手順の遵守'),
          requirement('OC-02', EvidenceState.ACCEPTED, '委託事業者の責任者、委託内容、作業者の所属及び作業場所の特定'),
          requirement('OC-03', EvidenceState.ABSENT, '提供されるサービスレベルの保証'),
          requirement('OC-05', EvidenceState.REJECTED, '従業員に対する教育の実施'),
          requirement('OC-06', EvidenceState.RECORDED, '提供された情報の目的外利用及び受託者以外の者への提供の禁止'),
          requirement('OC-07', EvidenceState.WAIVER_REQUESTED, '業務上知り得た情報の守秘義務'),
          requirement('OC-08', EvidenceState.WAIVED, '再委託に関する制限事項の遵守'),
        ],
      }),
    );
    expect(findings.map((f) => [f.code, f.requirementCode])).toEqual([
      [FindingCode.REQUIREMENT_NOT_RECORDED, 'OC-01'],
      [FindingCode.REQUIREMENT_ABSENT, 'OC-03'],
      [FindingCode.REQUIREMENT_REJECTED, 'OC-05'],
      [FindingCode.REQUIREMENT_PENDING_REVIEW, 'OC-06'],
      [FindingCode.REQUIREMENT_PENDING_REVIEW, 'OC-07'],
    ]);
    expect(findings[0].message).toContain('情報セキュリティポリシー及び情報セキュリティ実施手順の遵守');
    expect(findings[1].message).toContain('提供されるサービスレベルの保証');
    expect(findings[2].message).toContain('従業員に対する教育の実施');
    expect(findings[3].message).toContain('提供された情報の目的外利用及び受託者以外の者への提供の禁止');
    expect(findings[4].message).toContain('業務上知り得た情報の守秘義務');
  });

  it('gives one finding per missing clause of a contract with nothing recorded', () => {
    const requirements = Array.from({ length: 13 }, (_, i) =>
      requirement(`OC-${String(i + 1).padStart(2, '0')}`, EvidenceState.NOT_RECORDED),
    );
    const findings = staticFindings(staticFacts({ requirements }));
    expect(findings).toHaveLength(13);
    expect(new Set(findings.map((f) => f.requirementCode)).size).toBe(13);
    expect(findings.every((f) => f.code === FindingCode.REQUIREMENT_NOT_RECORDED)).toBe(true);
  });

  it('gives nothing when the owner is active and every requirement is accepted or waived', () => {
    const findings = staticFindings(
      staticFacts({ requirements: [requirement('OC-01', EvidenceState.ACCEPTED), requirement('OC-02', EvidenceState.WAIVED)] }),
    );
    expect(findings).toEqual([]);
  });

  it('gives nothing with an active owner and no applicable requirement', () => {
    expect(staticFindings(staticFacts())).toEqual([]);
  });

  it.each(KINDS)('gives OWNER_MISSING for a %s without an active owner, with no requirement code', (kind) => {
    const findings = staticFindings(staticFacts({ kind, hasActiveOwner: false }));
    expect(findings).toEqual([
      { code: FindingCode.OWNER_MISSING, requirementCode: null, message: '責任者（管理者）が未登録です（又は無効化された利用者です）。' },
    ]);
  });

  it.each(KINDS)('gives no OWNER_MISSING for a %s with an active owner', (kind) => {
    expect(codes(staticFindings(staticFacts({ kind, hasActiveOwner: true })))).not.toContain(FindingCode.OWNER_MISSING);
  });

  it('lists OWNER_MISSING together with the requirement findings', () => {
    const findings = staticFindings(
      staticFacts({
        hasActiveOwner: false,
        requirements: [requirement('OC-01', EvidenceState.NOT_RECORDED), requirement('OC-02', EvidenceState.ACCEPTED)],
      }),
    );
    expect(codes(findings)).toEqual([FindingCode.OWNER_MISSING, FindingCode.REQUIREMENT_NOT_RECORDED]);
  });

  describe('TOS_SERVICE_WITH_CONFIDENTIAL_DATA', () => {
    const cases: [SubjectKind, CloudUsageType | undefined, number, boolean][] = [];
    for (const kind of KINDS) {
      for (const usageType of [CloudUsageType.TERMS_OF_SERVICE, CloudUsageType.CONTRACT, undefined]) {
        for (const confidentiality of [1, 2, 3]) {
          cases.push([
            kind,
            usageType,
            confidentiality,
            kind === SubjectKind.CLOUD_SERVICE && usageType === CloudUsageType.TERMS_OF_SERVICE && confidentiality >= 2,
          ]);
        }
      }
    }

    it.each(cases)('%s used by %s at confidentiality %i: %s', (kind, usageType, confidentiality, expected) => {
      const findings = staticFindings(staticFacts({ kind, usageType, confidentiality }));
      const tos = findings.filter((f) => f.code === FindingCode.TOS_SERVICE_WITH_CONFIDENTIAL_DATA);
      expect(tos).toHaveLength(expected ? 1 : 0);
      if (expected) {
        expect(tos[0]).toEqual({
          code: FindingCode.TOS_SERVICE_WITH_CONFIDENTIAL_DATA,
          requirementCode: null,
          message: '約款型外部サービスで機密性2以上の情報を取り扱っています。',
        });
      }
    });

    it('holds beside the owner and requirement findings', () => {
      const findings = staticFindings(
        staticFacts({
          kind: SubjectKind.CLOUD_SERVICE,
          usageType: CloudUsageType.TERMS_OF_SERVICE,
          confidentiality: 2,
          hasActiveOwner: false,
          requirements: [requirement('CS-03', EvidenceState.RECORDED)],
        }),
      );
      expect(codes(findings)).toEqual([
        FindingCode.OWNER_MISSING,
        FindingCode.TOS_SERVICE_WITH_CONFIDENTIAL_DATA,
        FindingCode.REQUIREMENT_PENDING_REVIEW,
      ]);
    });
  });

  it('writes every message in Japanese', () => {
    const findings = staticFindings(
      staticFacts({
        kind: SubjectKind.CLOUD_SERVICE,
        usageType: CloudUsageType.TERMS_OF_SERVICE,
        confidentiality: 3,
        hasActiveOwner: false,
        requirements: Object.values(EvidenceState).map((state, i) => requirement(`CS-0${i + 1}`, state, '許可権限者による利用承認')),
      }),
    );
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) expect(finding.message).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });
});

describe('findingMessage', () => {
  it.each(Object.values(FindingCode))('has a Japanese message for %s', (code) => {
    const message = findingMessage(code);
    expect(message.length).toBeGreaterThan(0);
    expect(message).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });

  it('prefixes the requirement title when there is one', () => {
    expect(findingMessage(FindingCode.REQUIREMENT_ABSENT, '監査・検査の実施')).toBe('監査・検査の実施：規定なし（不備）');
    expect(findingMessage(FindingCode.REQUIREMENT_ABSENT)).toBe('規定なし（不備）');
  });
});

describe('certificationsMatter', () => {
  const cases = KINDS.flatMap((kind) =>
    TIERS.map((tier): [SubjectKind, RiskTier, boolean] => [kind, tier, kind !== SubjectKind.SOCIAL_MEDIA_ACCOUNT && tier !== RiskTier.LOW]),
  );
  it.each(cases)('%s of tier %s: %s', (kind, tier, expected) => {
    expect(certificationsMatter(kind, tier)).toBe(expected);
  });
});

describe('datedFindings', () => {
  it('lists the dated finding codes', () => {
    expect([...DATED_FINDINGS].sort()).toEqual(
      [FindingCode.CERTIFICATION_EXPIRED, FindingCode.CONTRACT_ENDED, FindingCode.REVIEW_OVERDUE].sort(),
    );
  });

  it('gives nothing when no threshold is set', () => {
    for (const kind of KINDS) for (const riskTier of TIERS) expect(datedFindings(datedFacts({ kind, riskTier }), TODAY)).toEqual([]);
  });

  describe('CONTRACT_ENDED', () => {
    it.each([
      ['ended yesterday', YESTERDAY, true],
      ['ended long ago', '2024-03-31', true],
      ['ending today (its last day)', TODAY, false],
      ['ending tomorrow', TOMORROW, false],
      ['ending next year', '2027-03-31', false],
      ['with no end date', null, false],
    ])('an ACTIVE contract %s: %s', (_case, endDate, expected) => {
      const findings = datedFindings(datedFacts({ kind: SubjectKind.OUTSOURCING_CONTRACT, riskTier: RiskTier.LOW, endDate }), TODAY);
      expect(codes(findings)).toEqual(expected ? [FindingCode.CONTRACT_ENDED] : []);
      if (expected)
        expect(findings[0]).toEqual({
          code: FindingCode.CONTRACT_ENDED,
          requirementCode: null,
          message: '契約期間が終了した契約が有効のままです。',
        });
    });

    it('compares dates across a month and a year end', () => {
      expect(codes(datedFindings(datedFacts({ endDate: '2026-12-31', riskTier: RiskTier.LOW }), '2027-01-01'))).toEqual([
        FindingCode.CONTRACT_ENDED,
      ]);
      expect(codes(datedFindings(datedFacts({ endDate: '2027-01-01', riskTier: RiskTier.LOW }), '2026-12-31'))).toEqual([]);
    });

    it.each([SubjectKind.CLOUD_SERVICE, SubjectKind.SOCIAL_MEDIA_ACCOUNT])('never holds for a %s, whatever its end date', (kind) => {
      expect(datedFindings(datedFacts({ kind, riskTier: RiskTier.LOW, endDate: YESTERDAY }), TODAY)).toEqual([]);
    });

    it('never holds for an ARCHIVED contract', () => {
      expect(datedFindings(datedFacts({ status: SubjectStatus.ARCHIVED, endDate: YESTERDAY }), TODAY)).toEqual([]);
    });
  });

  describe('CERTIFICATION_EXPIRED', () => {
    const cases: [SubjectKind, RiskTier, string | null, boolean][] = [];
    for (const kind of KINDS) {
      for (const tier of TIERS) {
        for (const validThrough of [YESTERDAY, '2025-01-31', TODAY, TOMORROW, null]) {
          const matters = kind !== SubjectKind.SOCIAL_MEDIA_ACCOUNT && tier !== RiskTier.LOW;
          cases.push([kind, tier, validThrough, matters && validThrough !== null && validThrough < TODAY]);
        }
      }
    }

    it.each(cases)('a %s of tier %s whose vendor certifications are valid through %s: %s', (kind, riskTier, validThrough, expected) => {
      const findings = datedFindings(datedFacts({ kind, riskTier, vendorCertifications: ismsThrough(validThrough) }), TODAY);
      expect(codes(findings)).toEqual(expected ? [FindingCode.CERTIFICATION_EXPIRED] : []);
      if (expected) expect(findings[0].requirementCode).toBeNull();
    });

    it('holds on the day after the last valid day, not on it', () => {
      const facts = datedFacts({ riskTier: RiskTier.HIGH, vendorCertifications: ismsThrough('2026-03-31') });
      expect(datedFindings(facts, '2026-03-31')).toEqual([]);
      expect(codes(datedFindings(facts, '2026-04-01'))).toEqual([FindingCode.CERTIFICATION_EXPIRED]);
    });

    it.each(TIERS)('never holds for an ARCHIVED subject of tier %s', (riskTier) => {
      expect(
        datedFindings(datedFacts({ status: SubjectStatus.ARCHIVED, riskTier, vendorCertifications: ismsThrough(YESTERDAY) }), TODAY),
      ).toEqual([]);
    });
  });

  describe('REVIEW_OVERDUE', () => {
    const cases: [SubjectKind, string | null, boolean][] = KINDS.flatMap((kind) =>
      [YESTERDAY, '2025-06-30', TODAY, TOMORROW, null].map((due): [SubjectKind, string | null, boolean] => [
        kind,
        due,
        due !== null && due < TODAY,
      ]),
    );

    it.each(cases)('a %s whose earliest open review is due %s: %s', (kind, earliestOpenReviewDue, expected) => {
      const findings = datedFindings(datedFacts({ kind, riskTier: RiskTier.LOW, earliestOpenReviewDue }), TODAY);
      expect(codes(findings)).toEqual(expected ? [FindingCode.REVIEW_OVERDUE] : []);
      if (expected) expect(findings[0].requirementCode).toBeNull();
    });

    it('never holds for an ARCHIVED subject', () => {
      expect(datedFindings(datedFacts({ status: SubjectStatus.ARCHIVED, earliestOpenReviewDue: YESTERDAY }), TODAY)).toEqual([]);
    });
  });

  it('lists every dated finding that holds', () => {
    const facts = datedFacts({
      riskTier: RiskTier.HIGH,
      endDate: YESTERDAY,
      vendorCertifications: ismsThrough(YESTERDAY),
      earliestOpenReviewDue: YESTERDAY,
    });
    const findings = datedFindings(facts, TODAY);
    expect(codes(findings)).toEqual([FindingCode.CONTRACT_ENDED, FindingCode.CERTIFICATION_EXPIRED, FindingCode.REVIEW_OVERDUE]);
    expect(findings.map((finding) => finding.message)).toEqual([
      findingMessage(FindingCode.CONTRACT_ENDED),
      certificationExpiredMessage([{ type: 'ISMS', validUntil: YESTERDAY }]),
      findingMessage(FindingCode.REVIEW_OVERDUE),
    ]);
  });

  it.each(KINDS)('gives nothing at all for an ARCHIVED %s, whatever its dates', (kind) => {
    const facts = datedFacts({
      kind,
      status: SubjectStatus.ARCHIVED,
      riskTier: RiskTier.HIGH,
      endDate: '2020-01-01',
      vendorCertifications: ismsThrough('2020-01-01'),
      earliestOpenReviewDue: '2020-01-01',
    });
    expect(datedFindings(facts, TODAY)).toEqual([]);
  });
});

describe('which certificates CERTIFICATION_EXPIRED names', () => {
  const findingOf = (vendorCertifications: DatedFacts['vendorCertifications'], today = TODAY) =>
    datedFindings(datedFacts({ riskTier: RiskTier.HIGH, vendorCertifications }), today).find(
      (finding) => finding.code === FindingCode.CERTIFICATION_EXPIRED,
    );

  it('names the lapsed certificate in Japanese with the last day it was valid', () => {
    expect(findingOf([{ type: 'PRIVACY_MARK', validUntil: '2026-03-31' }])?.message).toBe(
      '委託先・提供者の認証が有効期限切れです: プライバシーマーク（2026年3月31日まで有効）。同種の有効な認証がありません。',
    );
    expect(findingOf([{ type: 'ISMAP', validUntil: '2025-12-01' }])?.message).toContain('ISMAP（2025年12月1日まで有効）');
  });

  it('names every lapsed type, the earliest first, and leaves out the types still valid', () => {
    const finding = findingOf([
      { type: 'ISMS', validUntil: '2026-01-31' },
      { type: 'PRIVACY_MARK', validUntil: '2025-09-30' },
      { type: 'ISMAP', validUntil: '2027-03-31' },
      { type: 'SOC2', validUntil: null },
    ]);
    expect(finding?.message).toBe(
      '委託先・提供者の認証が有効期限切れです: プライバシーマーク（2025年9月30日まで有効）、ISMS（2026年1月31日まで有効）。同種の有効な認証がありません。',
    );
  });

  it('names the latest entry of a type, not an older one that a renewal replaced', () => {
    const finding = findingOf([
      { type: 'ISMS', validUntil: '2024-03-31' },
      { type: 'ISMS', validUntil: '2026-03-31' },
    ]);
    expect(finding?.message).toContain('ISMS（2026年3月31日まで有効）');
    expect(finding?.message).not.toContain('2024年');
    expect(
      findingOf([
        { type: 'ISMS', validUntil: '2024-03-31' },
        { type: 'ISMS', validUntil: null },
      ]),
    ).toBeUndefined();
  });

  it('has a label for every certification type', () => {
    for (const type of ['ISMS', 'ISO27017', 'PRIVACY_MARK', 'ISMAP', 'ISMAP_LIU', 'SOC2', 'OTHER']) {
      const message = certificationExpiredMessage([{ type, validUntil: '2026-03-31' }]);
      expect({ type, message }).toEqual({ type, message: expect.stringMatching(/: [^（]+（2026年3月31日まで有効）。/) });
      if (type !== 'ISMS' && type !== 'ISMAP') expect(message).not.toContain(`${type}（`);
    }
  });

  it('is empty exactly when nothing lapsed before today (the SQL condition on the stored threshold)', () => {
    const certifications = [
      { type: 'ISMS', validUntil: '2026-03-31' },
      { type: 'PRIVACY_MARK', validUntil: '2026-06-30' },
      { type: 'ISMAP', validUntil: null },
    ];
    const threshold = certificationsValidThrough(certifications)!;
    for (const today of ['2026-03-30', '2026-03-31', '2026-04-01', '2026-06-30', '2026-07-01']) {
      expect({ today, lapsed: lapsedCertifications(certifications, today).length > 0 }).toEqual({ today, lapsed: threshold < today });
    }
    expect(lapsedCertifications(certifications, '2026-07-01').map((c) => c.type)).toEqual(['ISMS', 'PRIVACY_MARK']);
  });
});

describe('statusOf', () => {
  const all = Object.values(FindingCode);
  const blocking = all.filter((code) => code !== FindingCode.REQUIREMENT_PENDING_REVIEW);

  it('is COMPLIANT without findings', () => {
    expect(statusOf([])).toBe(ComplianceStatus.COMPLIANT);
  });

  it('is PENDING_REVIEW with pending reviews only', () => {
    expect(statusOf([{ code: FindingCode.REQUIREMENT_PENDING_REVIEW }])).toBe(ComplianceStatus.PENDING_REVIEW);
    expect(statusOf([{ code: FindingCode.REQUIREMENT_PENDING_REVIEW }, { code: FindingCode.REQUIREMENT_PENDING_REVIEW }])).toBe(
      ComplianceStatus.PENDING_REVIEW,
    );
  });

  it.each(blocking)('is NON_COMPLIANT with %s alone', (code) => {
    expect(statusOf([{ code }])).toBe(ComplianceStatus.NON_COMPLIANT);
  });

  it.each(blocking)('is NON_COMPLIANT with %s beside pending reviews, in either order', (code) => {
    expect(statusOf([{ code: FindingCode.REQUIREMENT_PENDING_REVIEW }, { code }])).toBe(ComplianceStatus.NON_COMPLIANT);
    expect(statusOf([{ code }, { code: FindingCode.REQUIREMENT_PENDING_REVIEW }])).toBe(ComplianceStatus.NON_COMPLIANT);
  });

  it('agrees with the findings of whole subjects', () => {
    const recorded = staticFindings(
      staticFacts({ requirements: [requirement('OC-01', EvidenceState.RECORDED), requirement('OC-02', EvidenceState.WAIVER_REQUESTED)] }),
    );
    expect(statusOf(recorded)).toBe(ComplianceStatus.PENDING_REVIEW);
    expect(statusOf([...recorded, ...datedFindings(datedFacts({ endDate: YESTERDAY }), TODAY)])).toBe(ComplianceStatus.NON_COMPLIANT);
    const decided = staticFindings(
      staticFacts({ requirements: [requirement('OC-01', EvidenceState.ACCEPTED), requirement('OC-02', EvidenceState.WAIVED)] }),
    );
    expect(statusOf(decided)).toBe(ComplianceStatus.COMPLIANT);
    expect(
      statusOf(staticFindings(staticFacts({ hasActiveOwner: false, requirements: [requirement('OC-01', EvidenceState.ACCEPTED)] }))),
    ).toBe(ComplianceStatus.NON_COMPLIANT);
  });
});

describe('certificationsValidThrough', () => {
  it.each<[string, { type: string; validUntil: string | null }[], string | null]>([
    ['no certifications', [], null],
    ['one dated entry', [{ type: 'ISMS', validUntil: '2026-05-31' }], '2026-05-31'],
    ['one entry without validUntil', [{ type: 'ISMS', validUntil: null }], null],
    [
      'only open-ended entries of several types',
      [
        { type: 'ISMS', validUntil: null },
        { type: 'PRIVACY_MARK', validUntil: null },
      ],
      null,
    ],
    [
      'a renewed entry of the same type after an expired one',
      [
        { type: 'ISMS', validUntil: '2025-03-31' },
        { type: 'ISMS', validUntil: '2028-03-31' },
      ],
      '2028-03-31',
    ],
    [
      'a renewed entry listed before the expired one',
      [
        { type: 'ISMS', validUntil: '2028-03-31' },
        { type: 'ISMS', validUntil: '2025-03-31' },
      ],
      '2028-03-31',
    ],
    [
      'an open-ended entry after a dated one of the same type',
      [
        { type: 'ISMS', validUntil: '2025-03-31' },
        { type: 'ISMS', validUntil: null },
      ],
      null,
    ],
    [
      'an open-ended entry before a dated one of the same type',
      [
        { type: 'ISMS', validUntil: null },
        { type: 'ISMS', validUntil: '2025-03-31' },
      ],
      null,
    ],
    [
      'the earliest over the types',
      [
        { type: 'ISMS', validUntil: '2027-06-30' },
        { type: 'PRIVACY_MARK', validUntil: '2026-09-30' },
        { type: 'ISMAP', validUntil: '2028-01-31' },
      ],
      '2026-09-30',
    ],
    [
      'the earliest over the types of the latest per type',
      [
        { type: 'ISMS', validUntil: '2024-01-31' },
        { type: 'ISMS', validUntil: '2027-06-30' },
        { type: 'PRIVACY_MARK', validUntil: '2026-09-30' },
        { type: 'PRIVACY_MARK', validUntil: '2025-09-30' },
      ],
      '2026-09-30',
    ],
    [
      'an open-ended type does not hide a dated one',
      [
        { type: 'ISMS', validUntil: null },
        { type: 'PRIVACY_MARK', validUntil: '2026-09-30' },
      ],
      '2026-09-30',
    ],
    [
      'an expired type that was never renewed',
      [
        { type: 'ISMS', validUntil: '2030-01-01' },
        { type: 'PRIVACY_MARK', validUntil: '2024-09-30' },
      ],
      '2024-09-30',
    ],
    [
      'dates across months and years, not sorted by text length',
      [
        { type: 'A', validUntil: '2026-10-01' },
        { type: 'B', validUntil: '2026-09-30' },
        { type: 'C', validUntil: '2027-01-01' },
      ],
      '2026-09-30',
    ],
  ])('%s', (_case, certifications, expected) => {
    expect(certificationsValidThrough(certifications)).toBe(expected);
  });

  it('does not depend on the order of the entries', () => {
    const certifications = [
      { type: 'ISMS', validUntil: '2024-01-31' },
      { type: 'PRIVACY_MARK', validUntil: null },
      { type: 'ISMS', validUntil: '2027-06-30' },
      { type: 'ISMAP', validUntil: '2026-12-31' },
      { type: 'PRIVACY_MARK', validUntil: '2025-09-30' },
      { type: 'ISMAP', validUntil: '2026-11-30' },
    ];
    const expected = '2026-12-31';
    for (let shift = 0; shift < certifications.length; shift++) {
      const rotated = [...certifications.slice(shift), ...certifications.slice(0, shift)];
      expect(certificationsValidThrough(rotated)).toBe(expected);
      expect(certificationsValidThrough([...rotated].reverse())).toBe(expected);
    }
  });

  it('makes CERTIFICATION_EXPIRED hold from the day after the threshold', () => {
    const certifications = [
      { type: 'ISMS', validUntil: '2026-03-31' },
      { type: 'PRIVACY_MARK', validUntil: '2027-03-31' },
    ];
    expect(certificationsValidThrough(certifications)).toBe('2026-03-31');
    const facts = datedFacts({ riskTier: RiskTier.MEDIUM, vendorCertifications: certifications });
    expect(datedFindings(facts, '2026-03-31')).toEqual([]);
    expect(codes(datedFindings(facts, '2026-04-01'))).toEqual([FindingCode.CERTIFICATION_EXPIRED]);
  });
});

describe('the stored finding counts (subjects.static_finding_counts)', () => {
  it('have a place for every code that staticFindings can store, and none for the dated ones', () => {
    const dated = Object.keys(DATED_CONDITIONS);
    expect([...STORED_FINDING_CODES].sort()).toEqual(
      Object.values(FindingCode)
        .filter((code) => !dated.includes(code))
        .sort(),
    );
    expect(new Set(STORED_FINDING_CODES).size).toBe(STORED_FINDING_CODES.length);
  });

  it('count the findings per code, in the order of STORED_FINDING_CODES', () => {
    const findings = staticFindings(
      staticFacts({
        hasActiveOwner: false,
        requirements: [
          { code: 'OC-01', titleJa: 'a', state: EvidenceState.NOT_RECORDED },
          { code: 'OC-02', titleJa: 'b', state: EvidenceState.NOT_RECORDED },
          { code: 'OC-03', titleJa: 'c', state: EvidenceState.RECORDED },
        ],
      }),
    );
    const counts = storedFindingCounts(findings);
    expect(counts).toHaveLength(STORED_FINDING_CODES.length);
    expect(Object.fromEntries(STORED_FINDING_CODES.map((code, i) => [code, counts[i]]))).toEqual({
      OWNER_MISSING: 1,
      REQUIREMENT_NOT_RECORDED: 2,
      REQUIREMENT_ABSENT: 0,
      REQUIREMENT_REJECTED: 0,
      REQUIREMENT_PENDING_REVIEW: 1,
      TOS_SERVICE_WITH_CONFIDENTIAL_DATA: 0,
    });
    expect(storedFindingCounts([])).toEqual(STORED_FINDING_CODES.map(() => 0));
    expect(() => storedFindingCounts([{ code: FindingCode.CONTRACT_ENDED }])).toThrow(/not a stored finding code/);
  });
});
