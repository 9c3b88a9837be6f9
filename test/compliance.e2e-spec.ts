import { Role } from '../src/common/role';
import {
  codeOf,
  createCloudService,
  createContract,
  createSocialMediaAccount,
  createUser,
  createVendor,
  organizationWithRoles,
  startApp,
  TestApp,
  TestOrganization,
  tokyoDate,
} from './support/harness';

const STATUSES = ['COMPLIANT', 'PENDING_REVIEW', 'NON_COMPLIANT'] as const;
const FINDING_CODES = [
  'OWNER_MISSING',
  'REQUIREMENT_NOT_RECORDED',
  'REQUIREMENT_ABSENT',
  'REQUIREMENT_REJECTED',
  'REQUIREMENT_PENDING_REVIEW',
  'REVIEW_OVERDUE',
  'CERTIFICATION_EXPIRED',
  'TOS_SERVICE_WITH_CONFIDENTIAL_DATA',
  'CONTRACT_ENDED',
] as const;
const KINDS = ['OUTSOURCING_CONTRACT', 'CLOUD_SERVICE', 'SOCIAL_MEDIA_ACCOUNT'] as const;

/** Every view of compliance in one request, so that all of them describe the same moment. */
const VIEWS = `{
  all: subjects(first: 50) { totalCount nodes { id kind compliance { status findings { code requirementCode message } } } }
  statusOnly: subjects(first: 50) { nodes { id compliance { status } } }
  ${STATUSES.map((s) => `${s}: subjects(first: 50, filter: { complianceStatus: ${s} }) { totalCount nodes { id } }`).join('\n')}
  ${FINDING_CODES.map((c) => `${c}: subjects(first: 50, filter: { findingCode: "${c}" }) { totalCount nodes { id } }`).join('\n')}
  complianceSummary {
    total compliant pendingReview nonCompliant certificationsExpiringWithin90Days
    byKind { kind total compliant pendingReview nonCompliant }
    byFinding { code count }
  }
}`;

const UPDATE_CONTRACT = `mutation($id: ID!, $input: UpdateOutsourcingContractInput!) { updateOutsourcingContract(id: $id, input: $input) { id version riskTier } }`;
const UPDATE_CLOUD = `mutation($id: ID!, $input: UpdateCloudServiceInput!) { updateCloudService(id: $id, input: $input) { id version riskTier } }`;
const UPDATE_SOCIAL = `mutation($id: ID!, $input: UpdateSocialMediaAccountInput!) { updateSocialMediaAccount(id: $id, input: $input) { id version riskTier } }`;
const UPDATE_VENDOR = `mutation($id: ID!, $input: UpdateVendorInput!) { updateVendor(id: $id, input: $input) { version certifications { type validUntil expired } } }`;
const RECORD = `mutation($input: RecordRequirementEvidenceInput!) { recordRequirementEvidence(input: $input) { state } }`;
const WAIVER = `mutation($input: RequestRequirementWaiverInput!) { requestRequirementWaiver(input: $input) { state justification } }`;
const DECIDE = `mutation($input: DecideRequirementEvidenceInput!) {
  decideRequirementEvidence(input: $input) { state justification decisionComment history { version state } } }`;
const SET_ACTIVE = `mutation($code: String!, $active: Boolean!, $reason: String!) { setRequirementActive(code: $code, active: $active, reason: $reason) { code active builtIn } }`;
const CREATE_REQUIREMENT = `mutation($input: CreateRequirementInput!) { createRequirement(input: $input) { code subjectKind titleJa appliesWhen builtIn active } }`;
const REQUIREMENTS = `query($kind: SubjectKind) { requirements(subjectKind: $kind) { code subjectKind builtIn active appliesWhen titleJa titleEn } }`;
const STATUSES_OF = `query($id: ID!) { subject(id: $id) { id riskTier version
  requirements { applicable state requirement { code } history { version state } } } }`;

const CONTRACT_ALWAYS = ['OC-01', 'OC-02', 'OC-03', 'OC-05', 'OC-06', 'OC-07', 'OC-08', 'OC-09', 'OC-10', 'OC-11', 'OC-12', 'OC-13'];
const SOCIAL_ALWAYS = ['SM-01', 'SM-02', 'SM-03', 'SM-04', 'SM-05', 'SM-06', 'SM-07'];

interface Finding {
  code: string;
  requirementCode: string | null;
  message: string;
}
interface SubjectCompliance {
  status: string;
  findings: Finding[];
}

describe('the compliance check, end to end', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  /**
   * Reads every view of compliance and checks that they agree: each subject's status follows from
   * its findings; the complianceStatus and findingCode filters list exactly the subjects whose
   * compliance says so; the summary's totals, kinds and findings count the same.
   */
  async function views(token: string): Promise<Map<string, SubjectCompliance> & { summary: Record<string, any> }> {
    const result = await testApp.gql(VIEWS, {}, token);
    expect(result.errors).toBeUndefined();
    const data = result.data!;
    const all = data.all.nodes as { id: string; kind: string; compliance: SubjectCompliance }[];
    expect(data.all.totalCount).toBe(all.length);
    const sorted = (ids: string[]): string[] => [...ids].sort();
    const idsOf = (alias: string): string[] => sorted((data[alias].nodes as { id: string }[]).map((n) => n.id));

    // A list asking for the status alone (read without findings) says the same.
    expect(
      Object.fromEntries(
        (data.statusOnly.nodes as { id: string; compliance: { status: string } }[]).map((n) => [n.id, n.compliance.status]),
      ),
    ).toEqual(Object.fromEntries(all.map((s) => [s.id, s.compliance.status])));
    for (const { compliance } of all) {
      const codes = compliance.findings.map((f) => f.code);
      const derived = codes.some((c) => c !== 'REQUIREMENT_PENDING_REVIEW')
        ? 'NON_COMPLIANT'
        : codes.length
          ? 'PENDING_REVIEW'
          : 'COMPLIANT';
      expect(compliance.status).toBe(derived);
      for (const finding of compliance.findings) expect(finding.message).toMatch(/[ぁ-んァ-ヶ一-龠]/);
    }
    for (const status of STATUSES) {
      expect({ status, ids: idsOf(status) }).toEqual({
        status,
        ids: sorted(all.filter((s) => s.compliance.status === status).map((s) => s.id)),
      });
      expect(data[status].totalCount).toBe(idsOf(status).length);
    }
    for (const code of FINDING_CODES) {
      const holding = all.filter((s) => s.compliance.findings.some((f) => f.code === code));
      expect({ code, ids: idsOf(code) }).toEqual({ code, ids: sorted(holding.map((s) => s.id)) });
    }

    const summary = data.complianceSummary;
    const count = (status: string, kind?: string): number =>
      all.filter((s) => s.compliance.status === status && (!kind || s.kind === kind)).length;
    expect(summary).toMatchObject({
      total: all.length,
      compliant: count('COMPLIANT'),
      pendingReview: count('PENDING_REVIEW'),
      nonCompliant: count('NON_COMPLIANT'),
    });
    expect(summary.byKind).toEqual(
      expect.arrayContaining(
        KINDS.map((kind) => ({
          kind,
          total: all.filter((s) => s.kind === kind).length,
          compliant: count('COMPLIANT', kind),
          pendingReview: count('PENDING_REVIEW', kind),
          nonCompliant: count('NON_COMPLIANT', kind),
        })),
      ),
    );
    // byFinding counts findings (one per requirement for the requirement findings), codes with none left out.
    const findingCounts = new Map<string, number>();
    for (const s of all) for (const f of s.compliance.findings) findingCounts.set(f.code, (findingCounts.get(f.code) ?? 0) + 1);
    expect(Object.fromEntries((summary.byFinding as { code: string; count: number }[]).map((f) => [f.code, f.count]))).toEqual(
      Object.fromEntries(findingCounts),
    );

    const byId = new Map(all.map((s) => [s.id, s.compliance])) as Map<string, SubjectCompliance> & { summary: Record<string, any> };
    byId.summary = summary;
    return byId;
  }

  /** The finding codes of one subject, `CODE` or `CODE:requirement`, sorted. */
  function codesOf(compliance: SubjectCompliance | undefined): string[] {
    expect(compliance).toBeDefined();
    return compliance!.findings.map((f) => (f.requirementCode ? `${f.code}:${f.requirementCode}` : f.code)).sort();
  }

  /** Records the requirements as present (procurement officer) and accepts them (security officer). */
  async function satisfy(tokens: Record<Role, string>, subjectId: string, codes: string[]): Promise<void> {
    for (const requirementCode of codes) {
      const recorded = await testApp.gql(
        RECORD,
        { input: { subjectId, requirementCode, present: true, reference: `${requirementCode}の規定` } },
        tokens[Role.PROCUREMENT_OFFICER],
      );
      expect(recorded.errors).toBeUndefined();
      const accepted = await testApp.gql(
        DECIDE,
        { input: { subjectId, requirementCode, decision: 'ACCEPT' } },
        tokens[Role.SECURITY_OFFICER],
      );
      expect(accepted.errors).toBeUndefined();
    }
  }

  it('flags a terms-of-service cloud service holding confidentiality-2 data, and clears it when the level is lowered', async () => {
    const { tokens, userIds } = await organizationWithRoles(testApp);
    const token = tokens[Role.PROCUREMENT_OFFICER];
    const vendor = await createVendor(testApp, token);
    const tos = await createCloudService(testApp, token, vendor.id, { usageType: 'TERMS_OF_SERVICE', ownerId: userIds[Role.STAFF] });
    const negotiated = await createCloudService(testApp, token, vendor.id, {
      usageType: 'CONTRACT',
      confidentiality: 2,
      ownerId: userIds[Role.STAFF],
    });
    await satisfy(tokens, tos.id, ['CS-01', 'CS-02', 'CS-03']);
    let now = await views(tokens[Role.AUDITOR]);
    expect(now.get(tos.id)).toEqual({ status: 'COMPLIANT', findings: [] });
    expect(codesOf(now.get(negotiated.id))).not.toContain('TOS_SERVICE_WITH_CONFIDENTIAL_DATA');

    const raised = await testApp.gql(UPDATE_CLOUD, { id: tos.id, input: { expectedVersion: 1, confidentiality: 2 } }, token);
    expect(raised.data!.updateCloudService.riskTier).toBe('MEDIUM');
    now = await views(tokens[Role.AUDITOR]);
    expect(codesOf(now.get(tos.id))).toEqual(
      ['CS-04', 'CS-05', 'CS-06', 'CS-07', 'CS-09', 'CS-10']
        .map((c) => `REQUIREMENT_NOT_RECORDED:${c}`)
        .concat('TOS_SERVICE_WITH_CONFIDENTIAL_DATA')
        .sort(),
    );
    const tosFinding = now.get(tos.id)!.findings.find((f) => f.code === 'TOS_SERVICE_WITH_CONFIDENTIAL_DATA')!;
    expect(tosFinding).toEqual({
      code: 'TOS_SERVICE_WITH_CONFIDENTIAL_DATA',
      requirementCode: null,
      message: expect.stringContaining('約款'),
    });
    expect(now.summary.byFinding).toContainEqual({ code: 'TOS_SERVICE_WITH_CONFIDENTIAL_DATA', count: 1 });

    // Evidence for the new clauses does not make a terms-of-service service fit for confidential data.
    await satisfy(tokens, tos.id, ['CS-04', 'CS-05', 'CS-06', 'CS-07', 'CS-09', 'CS-10']);
    now = await views(tokens[Role.AUDITOR]);
    expect(now.get(tos.id)).toMatchObject({ status: 'NON_COMPLIANT' });
    expect(codesOf(now.get(tos.id))).toEqual(['TOS_SERVICE_WITH_CONFIDENTIAL_DATA']);

    const lowered = await testApp.gql(UPDATE_CLOUD, { id: tos.id, input: { expectedVersion: 2, confidentiality: 1 } }, token);
    expect(lowered.errors).toBeUndefined();
    now = await views(tokens[Role.AUDITOR]);
    expect(now.get(tos.id)).toEqual({ status: 'COMPLIANT', findings: [] });
    // Switching to a negotiated contract at confidentiality 2 is fine too (the TOS clause CS-03 no longer applies).
    const negotiatedNow = await testApp.gql(
      UPDATE_CLOUD,
      { id: tos.id, input: { expectedVersion: 3, usageType: 'CONTRACT', confidentiality: 2 } },
      token,
    );
    expect(negotiatedNow.errors).toBeUndefined();
    now = await views(tokens[Role.AUDITOR]);
    expect(now.get(tos.id)).toEqual({ status: 'COMPLIANT', findings: [] });
  });

  it('flags a contract past its end date from the day after, with no job run', async () => {
    const { tokens, userIds } = await organizationWithRoles(testApp);
    const token = tokens[Role.PROCUREMENT_OFFICER];
    const vendor = await createVendor(testApp, token);
    const yesterday = tokyoDate(-1);
    const today = tokyoDate(0);
    const ended = await createContract(testApp, token, vendor.id, {
      name: '終了済み',
      startDate: '2020-04-01',
      endDate: yesterday,
      ownerId: userIds[Role.STAFF],
    });
    const endsToday = await createContract(testApp, token, vendor.id, {
      name: '本日終了',
      startDate: '2020-04-01',
      endDate: today,
      ownerId: userIds[Role.STAFF],
    });
    const openEnded = await createContract(testApp, token, vendor.id, {
      name: '期間の定めなし',
      startDate: '2020-04-01',
      ownerId: userIds[Role.STAFF],
    });
    expect(codesOf(ended.compliance as SubjectCompliance)).toContain('CONTRACT_ENDED');
    for (const id of [ended.id, endsToday.id, openEnded.id]) await satisfy(tokens, id, CONTRACT_ALWAYS);

    // (A renewal review due on the end date may be overdue too: REVIEW_OVERDUE is the review calendar's.)
    const endedFindings = (compliance: SubjectCompliance | undefined): Finding[] =>
      compliance!.findings.filter((f) => f.code === 'CONTRACT_ENDED');
    const endedCount = (summary: Record<string, any>): number | undefined =>
      (summary.byFinding as { code: string; count: number }[]).find((f) => f.code === 'CONTRACT_ENDED')?.count;
    let now = await views(tokens[Role.AUDITOR]);
    expect(now.get(ended.id)!.status).toBe('NON_COMPLIANT');
    expect(endedFindings(now.get(ended.id))).toEqual([
      { code: 'CONTRACT_ENDED', requirementCode: null, message: expect.stringContaining('契約期間') },
    ]);
    expect(codesOf(now.get(ended.id)).filter((c) => c !== 'REVIEW_OVERDUE')).toEqual(['CONTRACT_ENDED']);
    expect(now.get(endsToday.id)).toEqual({ status: 'COMPLIANT', findings: [] });
    expect(now.get(openEnded.id)).toEqual({ status: 'COMPLIANT', findings: [] });
    expect(endedCount(now.summary)).toBe(1);

    // Moving an end date into the past or the future changes the figures at once.
    const shortened = await testApp.gql(UPDATE_CONTRACT, { id: endsToday.id, input: { expectedVersion: 1, endDate: yesterday } }, token);
    expect(shortened.errors).toBeUndefined();
    const extended = await testApp.gql(UPDATE_CONTRACT, { id: ended.id, input: { expectedVersion: 1, endDate: tokyoDate(365) } }, token);
    expect(extended.errors).toBeUndefined();
    now = await views(tokens[Role.AUDITOR]);
    expect(endedFindings(now.get(endsToday.id))).toHaveLength(1);
    expect(now.get(endsToday.id)!.status).toBe('NON_COMPLIANT');
    expect(endedFindings(now.get(ended.id))).toEqual([]);
    expect(endedCount(now.summary)).toBe(1);

    // An archived contract is no longer in force: nothing is flagged.
    const archived = await testApp.gql(
      `mutation($id: ID!) { archiveSubject(id: $id, reason: "契約終了") { compliance { status findings { code } } } }`,
      { id: endsToday.id },
      token,
    );
    expect(archived.data!.archiveSubject.compliance).toEqual({ status: 'COMPLIANT', findings: [] });
    now = await views(tokens[Role.AUDITOR]);
    expect(now.has(endsToday.id)).toBe(false);
    expect(endedCount(now.summary)).toBeUndefined();
    const archivedList = await testApp.gql(
      `{ subjects(filter: { status: ARCHIVED, findingCode: "CONTRACT_ENDED" }) { totalCount } }`,
      {},
      token,
    );
    expect(archivedList.data!.subjects.totalCount).toBe(0);
  });

  it("follows the organization's calendar: the same end date is past in one time zone and not yet in another", async () => {
    const { tokens, organization, userIds } = await organizationWithRoles(testApp);
    const token = tokens[Role.PROCUREMENT_OFFICER];
    const vendor = await createVendor(testApp, token);
    const calendar = (timeZone: string): string =>
      new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    await setTimeZone(organization, 'Pacific/Pago_Pago');
    // UTC-11: today there is always at least a day before today at UTC+14.
    const endDate = calendar('Pacific/Pago_Pago');
    const contract = await createContract(testApp, token, vendor.id, { startDate: '2020-04-01', endDate, ownerId: userIds[Role.STAFF] });
    let now = await views(token);
    expect(codesOf(now.get(contract.id))).not.toContain('CONTRACT_ENDED');

    // Nothing is written to the contract: the day has simply turned for the organization.
    await setTimeZone(organization, 'Pacific/Kiritimati');
    expect(calendar('Pacific/Kiritimati') > endDate).toBe(true);
    now = await views(token);
    expect(codesOf(now.get(contract.id))).toContain('CONTRACT_ENDED');
    expect(now.summary.byFinding).toContainEqual({ code: 'CONTRACT_ENDED', count: 1 });
  });

  async function setTimeZone(organization: TestOrganization, timeZone: string): Promise<void> {
    await testApp.dataSource.query(`UPDATE organizations SET time_zone = $2 WHERE id = $1`, [organization.id, timeZone]);
  }

  it("flags the vendor's lapsed certification on MEDIUM and HIGH subjects only, and clears it on all of them at once when renewed", async () => {
    const { tokens, userIds } = await organizationWithRoles(testApp);
    const token = tokens[Role.PROCUREMENT_OFFICER];
    const created = await testApp.gql(
      `mutation($input: CreateVendorInput!) { createVendor(input: $input) { id version certifications { type expired } } }`,
      {
        input: {
          name: '認証切れの委託先',
          certifications: [
            { type: 'ISMS', identifier: 'IS 000001', validUntil: tokyoDate(-1) },
            { type: 'PRIVACY_MARK', identifier: '10000001', validUntil: tokyoDate(30) },
          ],
        },
      },
      token,
    );
    const vendor = created.data!.createVendor;
    // The version a client is given is the one an update must send.
    const stored = await testApp.gql(`query($id: ID!) { vendor(id: $id) { version } }`, { id: vendor.id }, token);
    expect(stored.data!.vendor.version).toBe(vendor.version);
    expect(vendor.certifications).toEqual([
      { type: 'ISMS', expired: true },
      { type: 'PRIVACY_MARK', expired: false },
    ]);
    const owner = { ownerId: userIds[Role.STAFF] };
    const medium = await createContract(testApp, token, vendor.id, { ...owner, name: '中リスク契約', confidentiality: 2 });
    const high = await createCloudService(testApp, token, vendor.id, {
      ...owner,
      name: '高リスクサービス',
      handlesPersonalInformation: true,
      handlesMyNumber: true,
    });
    const low = await createContract(testApp, token, vendor.id, { ...owner, name: '低リスク契約' });
    const social = await createSocialMediaAccount(testApp, token, owner);
    expect(medium.riskTier).toBe('MEDIUM');
    expect(high.riskTier).toBe('HIGH');
    expect(low.riskTier).toBe('LOW');

    let now = await views(tokens[Role.AUDITOR]);
    expect(codesOf(now.get(medium.id))).toContain('CERTIFICATION_EXPIRED');
    expect(codesOf(now.get(high.id))).toContain('CERTIFICATION_EXPIRED');
    expect(codesOf(now.get(low.id))).not.toContain('CERTIFICATION_EXPIRED');
    expect(codesOf(now.get(social.id))).not.toContain('CERTIFICATION_EXPIRED');
    expect(now.summary.byFinding).toContainEqual({ code: 'CERTIFICATION_EXPIRED', count: 2 });
    // The PRIVACY_MARK entry lapses within 90 days; the lapsed ISMS entry is not counted.
    expect(now.summary.certificationsExpiringWithin90Days).toBe(1);

    // The LOW contract becomes MEDIUM: the lapsed certification now matters for it too.
    const raised = await testApp.gql(UPDATE_CONTRACT, { id: low.id, input: { expectedVersion: 1, integrity: 2 } }, token);
    expect(raised.data!.updateOutsourcingContract.riskTier).toBe('MEDIUM');
    now = await views(tokens[Role.AUDITOR]);
    expect(codesOf(now.get(low.id))).toContain('CERTIFICATION_EXPIRED');
    expect(now.summary.byFinding).toContainEqual({ code: 'CERTIFICATION_EXPIRED', count: 3 });

    // A renewed ISMS entry next to the lapsed one clears every subject of the vendor in one write.
    const renewed = await testApp.gql(
      UPDATE_VENDOR,
      {
        id: vendor.id,
        input: {
          expectedVersion: vendor.version,
          certifications: [
            { type: 'ISMS', identifier: 'IS 000001', validUntil: tokyoDate(-1) },
            { type: 'ISMS', identifier: 'IS 000001', validUntil: tokyoDate(365) },
            { type: 'PRIVACY_MARK', identifier: '10000001', validUntil: tokyoDate(30) },
          ],
        },
      },
      token,
    );
    expect(renewed.errors).toBeUndefined();
    expect(renewed.data!.updateVendor.certifications.map((c: { expired: boolean }) => c.expired)).toEqual([true, false, false]);
    now = await views(tokens[Role.AUDITOR]);
    for (const id of [medium.id, high.id, low.id]) expect(codesOf(now.get(id))).not.toContain('CERTIFICATION_EXPIRED');
    expect(now.summary.byFinding.map((f: { code: string }) => f.code)).not.toContain('CERTIFICATION_EXPIRED');

    // An entry valid until today is still valid today; an entry without validUntil never lapses.
    const untilToday = await testApp.gql(
      UPDATE_VENDOR,
      {
        id: vendor.id,
        input: {
          expectedVersion: renewed.data!.updateVendor.version,
          certifications: [{ type: 'ISMS', validUntil: tokyoDate(0) }, { type: 'ISMAP' }],
        },
      },
      token,
    );
    expect(untilToday.errors).toBeUndefined();
    now = await views(tokens[Role.AUDITOR]);
    for (const id of [medium.id, high.id, low.id]) expect(codesOf(now.get(id))).not.toContain('CERTIFICATION_EXPIRED');
    expect(now.summary.certificationsExpiringWithin90Days).toBe(1);

    // Another vendor's lapse does not touch these subjects.
    const otherVendor = await createVendor(testApp, token, {
      name: '別の委託先',
      certifications: [{ type: 'SOC2', validUntil: tokyoDate(-10) }],
    });
    const other = await createCloudService(testApp, token, otherVendor.id, { ...owner, confidentiality: 2, usageType: 'CONTRACT' });
    now = await views(tokens[Role.AUDITOR]);
    expect(codesOf(now.get(other.id))).toContain('CERTIFICATION_EXPIRED');
    expect(now.summary.byFinding).toContainEqual({ code: 'CERTIFICATION_EXPIRED', count: 1 });
  });

  it('walks evidence through waivers, rejections and absence, and an owner through deactivation', async () => {
    const { tokens, organization, userIds } = await organizationWithRoles(testApp);
    const token = tokens[Role.PROCUREMENT_OFFICER];
    const owner = await createUser(testApp.dataSource, organization, [Role.STAFF]);
    const waived = await createSocialMediaAccount(testApp, token, { name: '免除される', ownerId: owner.id });
    const rejected = await createSocialMediaAccount(testApp, token, { name: '差し戻される', ownerId: owner.id });
    const absent = await createSocialMediaAccount(testApp, token, { name: '欠けている', ownerId: owner.id });
    const ownerless = await createSocialMediaAccount(testApp, token, { name: '責任者なし' });
    for (const id of [waived.id, rejected.id, absent.id, ownerless.id]) await satisfy(tokens, id, SOCIAL_ALWAYS.slice(1));
    let now = await views(tokens[Role.AUDITOR]);
    expect(codesOf(now.get(waived.id))).toEqual(['REQUIREMENT_NOT_RECORDED:SM-01']);
    expect(codesOf(now.get(ownerless.id))).toEqual(['OWNER_MISSING', 'REQUIREMENT_NOT_RECORDED:SM-01']);

    // A waiver request awaits a decision.
    for (const id of [waived.id, rejected.id]) {
      const requested = await testApp.gql(
        WAIVER,
        { input: { subjectId: id, requirementCode: 'SM-01', justification: '全庁の運用手順で代替' } },
        token,
      );
      expect(requested.data!.requestRequirementWaiver).toEqual({ state: 'WAIVER_REQUESTED', justification: '全庁の運用手順で代替' });
    }
    now = await views(tokens[Role.AUDITOR]);
    expect(now.get(waived.id)).toEqual({
      status: 'PENDING_REVIEW',
      findings: [
        {
          code: 'REQUIREMENT_PENDING_REVIEW',
          requirementCode: 'SM-01',
          message: expect.stringContaining('ソーシャルメディアサービス運用手順の策定'),
        },
      ],
    });

    // Accepted: WAIVED counts as satisfied.
    const accepted = await testApp.gql(
      DECIDE,
      { input: { subjectId: waived.id, requirementCode: 'SM-01', decision: 'ACCEPT' } },
      tokens[Role.SECURITY_OFFICER],
    );
    expect(accepted.data!.decideRequirementEvidence).toMatchObject({
      state: 'WAIVED',
      justification: '全庁の運用手順で代替',
      history: [
        { version: 2, state: 'WAIVED' },
        { version: 1, state: 'WAIVER_REQUESTED' },
      ],
    });
    // Rejected: a finding of its own.
    const refused = await testApp.gql(
      DECIDE,
      { input: { subjectId: rejected.id, requirementCode: 'SM-01', decision: 'REJECT', comment: '課の手順が必要' } },
      tokens[Role.ADMIN],
    );
    expect(refused.data!.decideRequirementEvidence).toMatchObject({ state: 'REJECTED', decisionComment: '課の手順が必要' });
    // Known absent: a finding, nothing to decide.
    const missing = await testApp.gql(
      RECORD,
      { input: { subjectId: absent.id, requirementCode: 'SM-01', present: false, note: '未策定' } },
      token,
    );
    expect(missing.data!.recordRequirementEvidence.state).toBe('ABSENT');
    now = await views(tokens[Role.AUDITOR]);
    expect(now.get(waived.id)).toEqual({ status: 'COMPLIANT', findings: [] });
    expect(now.get(rejected.id)).toMatchObject({ status: 'NON_COMPLIANT' });
    expect(codesOf(now.get(rejected.id))).toEqual(['REQUIREMENT_REJECTED:SM-01']);
    expect(codesOf(now.get(absent.id))).toEqual(['REQUIREMENT_ABSENT:SM-01']);

    // The rejected one is fixed: recorded (pending) and accepted.
    const fixed = await testApp.gql(
      RECORD,
      { input: { subjectId: rejected.id, requirementCode: 'SM-01', present: true, reference: '広報課SNS運用手順' } },
      token,
    );
    expect(fixed.data!.recordRequirementEvidence.state).toBe('RECORDED');
    now = await views(tokens[Role.AUDITOR]);
    expect(codesOf(now.get(rejected.id))).toEqual(['REQUIREMENT_PENDING_REVIEW:SM-01']);
    const finallyAccepted = await testApp.gql(
      DECIDE,
      { input: { subjectId: rejected.id, requirementCode: 'SM-01', decision: 'ACCEPT' } },
      tokens[Role.SECURITY_OFFICER],
    );
    expect(finallyAccepted.data!.decideRequirementEvidence.history.map((h: { state: string }) => h.state)).toEqual([
      'ACCEPTED',
      'RECORDED',
      'REJECTED',
      'WAIVER_REQUESTED',
    ]);

    // The owner leaves: OWNER_MISSING at once on every subject they own; back when reactivated.
    const deactivate = await testApp.gql(
      `mutation($id: ID!, $active: Boolean!) { updateUser(id: $id, input: { active: $active }) { active } }`,
      { id: owner.id, active: false },
      tokens[Role.ADMIN],
    );
    expect(deactivate.errors).toBeUndefined();
    now = await views(tokens[Role.AUDITOR]);
    expect(codesOf(now.get(waived.id))).toEqual(['OWNER_MISSING']);
    expect(codesOf(now.get(rejected.id))).toEqual(['OWNER_MISSING']);
    expect(now.summary.byFinding).toContainEqual({ code: 'OWNER_MISSING', count: 4 });
    const reactivate = await testApp.gql(
      `mutation($id: ID!, $active: Boolean!) { updateUser(id: $id, input: { active: $active }) { active } }`,
      { id: owner.id, active: true },
      tokens[Role.ADMIN],
    );
    expect(reactivate.errors).toBeUndefined();
    // The ownerless account gets an owner (the procurement officer may set it).
    const owned = await testApp.gql(
      UPDATE_SOCIAL,
      { id: ownerless.id, input: { expectedVersion: 1, ownerId: userIds[Role.SECURITY_OFFICER] } },
      token,
    );
    expect(owned.errors).toBeUndefined();
    now = await views(tokens[Role.AUDITOR]);
    expect(now.get(waived.id)).toEqual({ status: 'COMPLIANT', findings: [] });
    expect(now.get(rejected.id)).toEqual({ status: 'COMPLIANT', findings: [] });
    expect(codesOf(now.get(ownerless.id))).toEqual(['REQUIREMENT_NOT_RECORDED:SM-01']);
  });

  it("drops a deactivated requirement's finding at once, keeps its evidence, and brings it back on reactivation", async () => {
    const { tokens, organization, userIds } = await organizationWithRoles(testApp);
    const admin = tokens[Role.ADMIN];
    const account = await createSocialMediaAccount(testApp, tokens[Role.PROCUREMENT_OFFICER], { ownerId: userIds[Role.STAFF] });
    await satisfy(
      tokens,
      account.id,
      SOCIAL_ALWAYS.filter((c) => c !== 'SM-03'),
    );
    const absent = await testApp.gql(
      RECORD,
      { input: { subjectId: account.id, requirementCode: 'SM-03', present: false, note: 'ウェブサイト未掲載' } },
      tokens[Role.PROCUREMENT_OFFICER],
    );
    expect(absent.errors).toBeUndefined();
    let now = await views(tokens[Role.AUDITOR]);
    expect(codesOf(now.get(account.id))).toEqual(['REQUIREMENT_ABSENT:SM-03']);

    const off = await testApp.gql(SET_ACTIVE, { code: 'SM-03', active: false, reason: '全庁で一括掲載するため' }, admin);
    expect(off.data!.setRequirementActive).toEqual({ code: 'SM-03', active: false, builtIn: true });
    now = await views(tokens[Role.AUDITOR]);
    expect(now.get(account.id)).toEqual({ status: 'COMPLIANT', findings: [] });
    const statuses = await testApp.gql(STATUSES_OF, { id: account.id }, tokens[Role.AUDITOR]);
    expect(statuses.data!.subject.requirements.map((r: { requirement: { code: string } }) => r.requirement.code)).not.toContain('SM-03');
    const evidence = await testApp.dataSource.query<{ version: number; state: string }[]>(
      `SELECT version, state FROM evidence_versions WHERE organization_id = $1 AND subject_id = $2 AND requirement_code = 'SM-03'`,
      [organization.id, account.id],
    );
    expect(evidence).toEqual([{ version: 1, state: 'ABSENT' }]);
    const listed = await testApp.gql(REQUIREMENTS, { kind: 'SOCIAL_MEDIA_ACCOUNT' }, tokens[Role.STAFF]);
    expect(listed.data!.requirements.find((r: { code: string }) => r.code === 'SM-03')).toMatchObject({ active: false, builtIn: true });
    // Nothing can be recorded against it while it is off.
    const recordOff = await testApp.gql(
      RECORD,
      { input: { subjectId: account.id, requirementCode: 'SM-03', present: true, reference: 'x' } },
      tokens[Role.PROCUREMENT_OFFICER],
    );
    expect(codeOf(recordOff)).toBe('BAD_USER_INPUT');
    // Another organization still has it.
    const other = await organizationWithRoles(testApp);
    const elsewhere = await testApp.gql(REQUIREMENTS, { kind: 'SOCIAL_MEDIA_ACCOUNT' }, other.tokens[Role.AUDITOR]);
    expect(elsewhere.data!.requirements.find((r: { code: string }) => r.code === 'SM-03')).toMatchObject({ active: true });
    const otherAccount = await createSocialMediaAccount(testApp, other.tokens[Role.ADMIN]);
    expect(otherAccount.compliance.findings.map((f) => f.requirementCode)).toContain('SM-03');

    const on = await testApp.gql(SET_ACTIVE, { code: 'SM-03', active: true, reason: '個別掲載に戻す' }, admin);
    expect(on.data!.setRequirementActive.active).toBe(true);
    now = await views(tokens[Role.AUDITOR]);
    expect(codesOf(now.get(account.id))).toEqual(['REQUIREMENT_ABSENT:SM-03']);
    const back = await testApp.gql(STATUSES_OF, { id: account.id }, tokens[Role.AUDITOR]);
    expect(back.data!.subject.requirements.find((r: { requirement: { code: string } }) => r.requirement.code === 'SM-03')).toMatchObject({
      applicable: true,
      state: 'ABSENT',
      history: [{ version: 1, state: 'ABSENT' }],
    });
    const audit = await testApp.gql(
      `query($id: ID!) { auditEvents(filter: { entityId: $id }) { nodes { action changes } } }`,
      { id: 'SM-03' },
      admin,
    );
    expect(audit.data!.auditEvents.nodes.map((e: { action: string }) => e.action)).toEqual([
      'REQUIREMENT_ACTIVATED',
      'REQUIREMENT_DEACTIVATED',
    ]);
    expect(JSON.parse(audit.data!.auditEvents.nodes[1].changes as string)).toMatchObject({
      active: [true, false],
      reason: [null, '全庁で一括掲載するため'],
    });
  });

  it("applies an organization's own requirement to every subject of its kind at once, and lists it with the catalog", async () => {
    const { tokens, organization, userIds } = await organizationWithRoles(testApp);
    const admin = tokens[Role.ADMIN];
    const owner = { ownerId: userIds[Role.STAFF] };
    const compliant = await createSocialMediaAccount(testApp, admin, owner);
    const open = await createSocialMediaAccount(testApp, admin, owner);
    await satisfy(tokens, compliant.id, SOCIAL_ALWAYS);
    const vendor = await createVendor(testApp, admin);
    const contract = await createContract(testApp, admin, vendor.id, owner);
    let now = await views(tokens[Role.AUDITOR]);
    expect(now.get(compliant.id)).toEqual({ status: 'COMPLIANT', findings: [] });
    const contractBefore = codesOf(now.get(contract.id));

    const code = `${organization.code}-SNS-01`;
    const created = await testApp.gql(
      CREATE_REQUIREMENT,
      {
        input: {
          code,
          subjectKind: 'SOCIAL_MEDIA_ACCOUNT',
          titleJa: '投稿前の二重確認',
          titleEn: 'Four-eyes check before posting',
          appliesWhen: ' {"always": true} ',
          source: '広報規程',
        },
      },
      admin,
    );
    expect(created.errors).toBeUndefined();
    expect(created.data!.createRequirement).toEqual({
      code,
      subjectKind: 'SOCIAL_MEDIA_ACCOUNT',
      titleJa: '投稿前の二重確認',
      appliesWhen: '{"always":true}',
      builtIn: false,
      active: true,
    });
    now = await views(tokens[Role.AUDITOR]);
    expect(now.get(compliant.id)).toEqual({
      status: 'NON_COMPLIANT',
      findings: [{ code: 'REQUIREMENT_NOT_RECORDED', requirementCode: code, message: expect.stringContaining('投稿前の二重確認') }],
    });
    expect(codesOf(now.get(open.id))).toContain(`REQUIREMENT_NOT_RECORDED:${code}`);
    expect(codesOf(now.get(contract.id))).toEqual(contractBefore);

    const social = await testApp.gql(REQUIREMENTS, { kind: 'SOCIAL_MEDIA_ACCOUNT' }, tokens[Role.AUDITOR]);
    expect(social.data!.requirements.map((r: { code: string }) => r.code)).toEqual([...SOCIAL_ALWAYS, 'SM-08', code]);
    expect(social.data!.requirements.every((r: { active: boolean }) => r.active)).toBe(true);
    const every = await testApp.gql(REQUIREMENTS, {}, tokens[Role.STAFF]);
    const builtIn = every.data!.requirements.filter((r: { builtIn: boolean }) => r.builtIn);
    expect(builtIn).toHaveLength(34);
    expect(builtIn.filter((r: { subjectKind: string }) => r.subjectKind === 'OUTSOURCING_CONTRACT')).toHaveLength(16);
    expect(builtIn.filter((r: { subjectKind: string }) => r.subjectKind === 'CLOUD_SERVICE')).toHaveLength(10);
    expect(every.data!.requirements.filter((r: { builtIn: boolean }) => !r.builtIn).map((r: { code: string }) => r.code)).toEqual([code]);
    expect(every.data!.requirements.find((r: { code: string }) => r.code === 'OC-15')).toMatchObject({
      appliesWhen: '{"handlesMyNumber":true}',
      titleJa: expect.stringContaining('特定個人情報'),
      titleEn: expect.stringContaining('My Number'),
    });
    // Another organization does not see it.
    const other = await organizationWithRoles(testApp);
    const theirs = await testApp.gql(REQUIREMENTS, {}, other.tokens[Role.AUDITOR]);
    expect(theirs.data!.requirements.map((r: { code: string }) => r.code)).not.toContain(code);

    // Accounts registered later get it too; meeting it restores compliance.
    const later = await createSocialMediaAccount(testApp, admin, owner);
    expect(later.compliance.findings.map((f) => f.requirementCode)).toContain(code);
    await satisfy(tokens, compliant.id, [code]);
    now = await views(tokens[Role.AUDITOR]);
    expect(now.get(compliant.id)).toEqual({ status: 'COMPLIANT', findings: [] });
  });

  it('makes SM-08 applicable when a social media account carries availability-2 information', async () => {
    const { tokens, userIds } = await organizationWithRoles(testApp);
    const token = tokens[Role.PROCUREMENT_OFFICER];
    const account = await createSocialMediaAccount(testApp, token, { ownerId: userIds[Role.STAFF] });
    await satisfy(tokens, account.id, SOCIAL_ALWAYS);
    let statuses = await testApp.gql(STATUSES_OF, { id: account.id }, token);
    const sm08 = (): unknown =>
      statuses.data!.subject.requirements.find((r: { requirement: { code: string } }) => r.requirement.code === 'SM-08');
    expect(sm08()).toMatchObject({ applicable: false, state: 'NOT_RECORDED' });
    expect(statuses.data!.subject.requirements.map((r: { applicable: boolean }) => r.applicable)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
      true,
      false,
    ]);
    expect((await views(tokens[Role.AUDITOR])).get(account.id)).toEqual({ status: 'COMPLIANT', findings: [] });

    const raised = await testApp.gql(UPDATE_SOCIAL, { id: account.id, input: { expectedVersion: 1, availability: 2 } }, token);
    expect(raised.data!.updateSocialMediaAccount).toMatchObject({ version: 2, riskTier: 'MEDIUM' });
    statuses = await testApp.gql(STATUSES_OF, { id: account.id }, token);
    expect(sm08()).toMatchObject({ applicable: true, state: 'NOT_RECORDED' });
    expect(codesOf((await views(tokens[Role.AUDITOR])).get(account.id))).toEqual(['REQUIREMENT_NOT_RECORDED:SM-08']);

    await satisfy(tokens, account.id, ['SM-08']);
    expect((await views(tokens[Role.AUDITOR])).get(account.id)).toEqual({ status: 'COMPLIANT', findings: [] });
    // Lowering it again: SM-08 no longer applies; its evidence stays in the history.
    const lowered = await testApp.gql(UPDATE_SOCIAL, { id: account.id, input: { expectedVersion: 2, availability: 1 } }, token);
    expect(lowered.errors).toBeUndefined();
    statuses = await testApp.gql(STATUSES_OF, { id: account.id }, token);
    expect(sm08()).toMatchObject({ applicable: false, state: 'ACCEPTED', history: [{ state: 'ACCEPTED' }, { state: 'RECORDED' }] });
    expect((await views(tokens[Role.AUDITOR])).get(account.id)).toEqual({ status: 'COMPLIANT', findings: [] });
  });

  it('derives the risk tier: HIGH with My Number, the MY_NUMBER segment or confidentiality 3; MEDIUM with level 2 or personal information; social media always MEDIUM', async () => {
    const { tokens } = await organizationWithRoles(testApp);
    const token = tokens[Role.ADMIN];
    const vendor = await createVendor(testApp, token);
    const contracts: [Record<string, unknown>, string][] = [
      [{}, 'LOW'],
      [{ networkSegment: 'INTERNET' }, 'LOW'],
      [{ subcontractingAllowed: true }, 'LOW'],
      [{ confidentiality: 2 }, 'MEDIUM'],
      [{ integrity: 2 }, 'MEDIUM'],
      [{ availability: 2 }, 'MEDIUM'],
      [{ handlesPersonalInformation: true }, 'MEDIUM'],
      [{ confidentiality: 3 }, 'HIGH'],
      [{ handlesMyNumber: true, handlesPersonalInformation: true }, 'HIGH'],
      [{ networkSegment: 'MY_NUMBER' }, 'HIGH'],
      [{ confidentiality: 2, handlesPersonalInformation: true, networkSegment: 'MY_NUMBER' }, 'HIGH'],
    ];
    for (const [input, tier] of contracts) {
      const contract = await createContract(testApp, token, vendor.id, input);
      expect({ input, tier: contract.riskTier }).toEqual({ input, tier });
    }
    const clouds: [Record<string, unknown>, string][] = [
      [{}, 'LOW'],
      [{ handlesPersonalInformation: true }, 'MEDIUM'],
      [{ availability: 2 }, 'MEDIUM'],
      [{ confidentiality: 3 }, 'HIGH'],
      [{ handlesMyNumber: true, handlesPersonalInformation: true }, 'HIGH'],
      [{ networkSegment: 'MY_NUMBER' }, 'HIGH'],
    ];
    for (const [input, tier] of clouds) {
      const cloud = await createCloudService(testApp, token, vendor.id, input);
      expect({ input, tier: cloud.riskTier }).toEqual({ input, tier });
    }
    for (const availability of [1, 2]) {
      const account = await createSocialMediaAccount(testApp, token, { availability });
      expect(account.riskTier).toBe('MEDIUM');
    }

    // The tier follows every change, both ways; OC-15 follows My Number.
    const contract = await createContract(testApp, token, vendor.id);
    const steps: [Record<string, unknown>, string][] = [
      [{ handlesMyNumber: true, handlesPersonalInformation: true }, 'HIGH'],
      [{ handlesMyNumber: false, handlesPersonalInformation: true }, 'MEDIUM'],
      [{ handlesPersonalInformation: false }, 'LOW'],
      [{ confidentiality: 3 }, 'HIGH'],
      [{ confidentiality: 1 }, 'LOW'],
    ];
    let version = 1;
    for (const [input, tier] of steps) {
      const updated = await testApp.gql(UPDATE_CONTRACT, { id: contract.id, input: { expectedVersion: version, ...input } }, token);
      expect({ input, tier: updated.data!.updateOutsourcingContract.riskTier }).toEqual({ input, tier });
      version = updated.data!.updateOutsourcingContract.version as number;
      const now = await views(tokens[Role.AUDITOR]);
      expect(codesOf(now.get(contract.id)).includes('REQUIREMENT_NOT_RECORDED:OC-15')).toBe(input.handlesMyNumber === true);
    }
  });
});
