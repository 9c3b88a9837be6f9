import { Role } from '../src/common/role';
import { todayIn } from '../src/common/calendar';
import { addDays, addMonths } from '../src/reviews/review-calendar';
import { codeOf, createUser, login, organizationWithRoles, startApp, TestApp } from './support/harness';

const NEXT = `query($id: ID!) { subject(id: $id) { version riskTier nextReview { id kind dueDate assignee { id } } reviews { id kind status dueDate assignee { id } } compliance { findings { code } } } }`;

describe('the review calendar follows the registers', () => {
  let testApp: TestApp;
  const today = todayIn('Asia/Tokyo');
  beforeAll(async () => {
    testApp = await startApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  async function setup() {
    const org = await organizationWithRoles(testApp);
    const vendor = await testApp.gql(`mutation { createVendor(input: { name: "株式会社カレンダー" }) { id } }`, {}, org.tokens[Role.ADMIN]);
    const owner = await createUser(testApp.dataSource, org.organization, [Role.STAFF]);
    const contract = async (extra: Record<string, unknown> = {}): Promise<string> => {
      const created = await testApp.gql(
        `mutation($input: CreateOutsourcingContractInput!) { createOutsourcingContract(input: $input) { id } }`,
        {
          input: {
            name: `契約${Math.random()}`,
            vendorId: vendor.data!.createVendor.id,
            ownerId: owner.id,
            startDate: addMonths(today, -12),
            confidentiality: 1,
            integrity: 1,
            availability: 1,
            networkSegment: 'LGWAN',
            handlesPersonalInformation: false,
            handlesMyNumber: false,
            subcontractingAllowed: false,
            ...extra,
          },
        },
        org.tokens[Role.PROCUREMENT_OFFICER],
      );
      expect(created.errors).toBeUndefined();
      return created.data!.createOutsourcingContract.id;
    };
    const read = async (id: string) => (await testApp.gql(NEXT, { id }, org.tokens[Role.AUDITOR])).data!.subject;
    return { ...org, owner, contract, read };
  }

  it('brings the periodic review forward when the risk tier rises', async () => {
    const { contract, read, tokens } = await setup();
    const lastReviewedOn = addMonths(today, -1);
    const id = await contract({ lastReviewedOn });
    expect((await read(id)).nextReview).toMatchObject({ kind: 'PERIODIC', dueDate: addMonths(lastReviewedOn, 24) });
    const before = await read(id);
    const raised = await testApp.gql(
      `mutation($id: ID!, $v: Int!) { updateOutsourcingContract(id: $id, input: { expectedVersion: $v, confidentiality: 3 }) { riskTier } }`,
      { id, v: before.version },
      tokens[Role.ADMIN],
    );
    expect(raised.data!.updateOutsourcingContract.riskTier).toBe('HIGH');
    expect((await read(id)).nextReview).toMatchObject({ kind: 'PERIODIC', dueDate: addMonths(lastReviewedOn, 6) });
  });

  it('opens a RENEWAL review when the end date is within 60 days, and replaces it when the end date moves', async () => {
    const { contract, read, tokens } = await setup();
    const endDate = addDays(today, 30);
    const id = await contract({ endDate });
    const renewals = (await read(id)).reviews.filter((r: { kind: string }) => r.kind === 'RENEWAL');
    expect(renewals).toEqual([expect.objectContaining({ status: 'OPEN', dueDate: endDate })]);
    const version = (await read(id)).version;
    const moved = await testApp.gql(
      `mutation($id: ID!, $v: Int!, $end: Date!) { updateOutsourcingContract(id: $id, input: { expectedVersion: $v, endDate: $end }) { id } }`,
      { id, v: version, end: addDays(today, 200) },
      tokens[Role.ADMIN],
    );
    expect(moved.errors).toBeUndefined();
    const after = (await read(id)).reviews.filter((r: { kind: string }) => r.kind === 'RENEWAL');
    expect(after).toEqual([expect.objectContaining({ status: 'CANCELLED', dueDate: endDate })]);
  });

  it('moves open reviews to nobody when the owner is deactivated, and back when reactivated', async () => {
    const { contract, read, tokens, owner } = await setup();
    const id = await contract();
    expect((await read(id)).nextReview.assignee).toEqual({ id: owner.id });
    await testApp.gql(`mutation($id: ID!) { updateUser(id: $id, input: { active: false }) { id } }`, { id: owner.id }, tokens[Role.ADMIN]);
    expect((await read(id)).nextReview.assignee).toBeNull();
    const queue = await testApp.gql(
      `{ reviews(filter: { unassigned: true }) { nodes { subject { id } } } }`,
      {},
      tokens[Role.SECURITY_OFFICER],
    );
    expect(queue.data!.reviews.nodes).toEqual([{ subject: { id } }]);
    await testApp.gql(`mutation($id: ID!) { updateUser(id: $id, input: { active: true }) { id } }`, { id: owner.id }, tokens[Role.ADMIN]);
    expect((await read(id)).nextReview.assignee).toEqual({ id: owner.id });
  });

  it('transfers open reviews with the subjects, and archiving cancels them', async () => {
    const { contract, read, tokens, organization, owner } = await setup();
    const successor = await createUser(testApp.dataSource, organization, [Role.STAFF]);
    const id = await contract();
    const moved = await testApp.gql(
      `mutation($from: ID!, $to: ID!) { transferOwnership(fromUserId: $from, toUserId: $to) }`,
      { from: owner.id, to: successor.id },
      tokens[Role.ADMIN],
    );
    expect(moved.data!.transferOwnership).toBe(1);
    expect((await read(id)).nextReview.assignee).toEqual({ id: successor.id });
    const archived = await testApp.gql(
      `mutation($id: ID!) { archiveSubject(id: $id, reason: "契約終了") { status nextReview { id } } }`,
      { id },
      tokens[Role.PROCUREMENT_OFFICER],
    );
    expect(archived.data!.archiveSubject).toEqual({ status: 'ARCHIVED', nextReview: null });
    expect((await read(id)).reviews.every((r: { status: string }) => r.status === 'CANCELLED')).toBe(true);
  });

  it('reschedules, reassigns and cancels, but never cancels the scheduled review of an active subject', async () => {
    const { contract, read, tokens, organization } = await setup();
    const id = await contract();
    const scheduled = (await read(id)).nextReview;
    const cancelScheduled = await testApp.gql(
      `mutation($id: ID!) { cancelReview(id: $id, reason: "不要") { id } }`,
      { id: scheduled.id },
      tokens[Role.SECURITY_OFFICER],
    );
    expect(codeOf(cancelScheduled)).toBe('CONFLICT');
    const staff = await testApp.gql(
      `mutation($id: ID!, $d: Date!) { rescheduleReview(id: $id, dueDate: $d, reason: "調整") { id } }`,
      { id: scheduled.id, d: addDays(today, 5) },
      tokens[Role.STAFF],
    );
    expect(codeOf(staff)).toBe('FORBIDDEN');
    const rescheduled = await testApp.gql(
      `mutation($id: ID!, $d: Date!) { rescheduleReview(id: $id, dueDate: $d, reason: "監査日程に合わせる") { dueDate } }`,
      { id: scheduled.id, d: addDays(today, 5) },
      tokens[Role.SECURITY_OFFICER],
    );
    expect(rescheduled.data!.rescheduleReview.dueDate).toBe(addDays(today, 5));
    const other = await createUser(testApp.dataSource, organization, [Role.SECURITY_OFFICER]);
    const adHoc = await testApp.gql(
      `mutation($input: CreateReviewInput!) { createReview(input: $input) { id kind assignee { id } } }`,
      { input: { subjectId: id, dueDate: addDays(today, 10), assigneeId: other.id, comment: '臨時確認' } },
      tokens[Role.SECURITY_OFFICER],
    );
    expect(adHoc.data!.createReview).toMatchObject({ kind: 'AD_HOC', assignee: { id: other.id } });
    const reassigned = await testApp.gql(
      `mutation($id: ID!) { reassignReview(id: $id, assigneeId: null) { assignee { id } } }`,
      { id: adHoc.data!.createReview.id },
      tokens[Role.ADMIN],
    );
    expect(reassigned.data!.reassignReview.assignee).toBeNull();
    const cancelled = await testApp.gql(
      `mutation($id: ID!) { cancelReview(id: $id, reason: "重複") { status } }`,
      { id: adHoc.data!.createReview.id },
      tokens[Role.ADMIN],
    );
    expect(cancelled.data!.cancelReview.status).toBe('CANCELLED');
    const twice = await testApp.gql(
      `mutation($id: ID!) { cancelReview(id: $id, reason: "重複") { status } }`,
      { id: adHoc.data!.createReview.id },
      tokens[Role.ADMIN],
    );
    expect(codeOf(twice)).toBe('CONFLICT');
  });

  it('a policy change moves open scheduled reviews only where the new due date is earlier; ADMIN only; validated', async () => {
    const { contract, read, tokens } = await setup();
    const id = await contract({ lastReviewedOn: addMonths(today, -1), handlesPersonalInformation: true });
    expect((await read(id)).nextReview.dueDate).toBe(addMonths(addMonths(today, -1), 12));
    expect(
      codeOf(
        await testApp.gql(
          `mutation { updateReviewPolicy(input: { mediumIntervalMonths: 6 }) { mediumIntervalMonths } }`,
          {},
          tokens[Role.SECURITY_OFFICER],
        ),
      ),
    ).toBe('FORBIDDEN');
    const invalid = await testApp.gql(
      `mutation { updateReviewPolicy(input: { mediumIntervalMonths: 0, reminderDaysBefore: [400] }) { mediumIntervalMonths } }`,
      {},
      tokens[Role.ADMIN],
    );
    expect(codeOf(invalid)).toBe('BAD_USER_INPUT');
    expect(invalid.errors![0].extensions!.fieldErrors!.map((e) => e.field).sort()).toEqual(['mediumIntervalMonths', 'reminderDaysBefore']);
    const updated = await testApp.gql(
      `mutation { updateReviewPolicy(input: { mediumIntervalMonths: 6 }) { mediumIntervalMonths highIntervalMonths reminderDaysBefore } }`,
      {},
      tokens[Role.ADMIN],
    );
    expect(updated.data!.updateReviewPolicy).toEqual({ mediumIntervalMonths: 6, highIntervalMonths: 6, reminderDaysBefore: [14, 3] });
    expect((await read(id)).nextReview.dueDate).toBe(addMonths(addMonths(today, -1), 6));
    const longer = await testApp.gql(
      `mutation { updateReviewPolicy(input: { mediumIntervalMonths: 36 }) { mediumIntervalMonths } }`,
      {},
      tokens[Role.ADMIN],
    );
    expect(longer.errors).toBeUndefined();
    expect((await read(id)).nextReview.dueDate).toBe(addMonths(addMonths(today, -1), 6));
  });

  it('an owner who refuses gives the subject up: owner cleared, OWNER_MISSING, answers kept, the next review unassigned', async () => {
    const { contract, read, organization, owner } = await setup();
    const id = await contract();
    const review = (await read(id)).nextReview;
    const token = await login(testApp, organization.code, owner.email);
    const codes = ['OC-01', 'OC-02', 'OC-03', 'OC-05', 'OC-06', 'OC-07', 'OC-08', 'OC-09', 'OC-10', 'OC-11', 'OC-12', 'OC-13'];
    const done = await testApp.gql(
      `mutation($input: CompleteReviewInput!) { completeReview(input: $input) { outcome ownerConfirmed answers { requirementCode } } }`,
      {
        input: {
          reviewId: review.id,
          ownerConfirmed: false,
          answers: codes.map((code) => ({ requirementCode: code, result: 'CONFIRMED' })),
          comment: '4月の人事異動で担当外',
        },
      },
      token,
    );
    expect(done.errors).toBeUndefined();
    expect(done.data!.completeReview).toMatchObject({ outcome: 'ISSUES_FOUND', ownerConfirmed: false });
    expect(done.data!.completeReview.answers).toHaveLength(12);
    const after = await read(id);
    expect(after.compliance.findings.map((f: { code: string }) => f.code)).toContain('OWNER_MISSING');
    expect(after.nextReview).toMatchObject({ kind: 'PERIODIC', assignee: null, dueDate: addDays(today, 30) });
  });

  it("another organization's review answers NOT_FOUND", async () => {
    const a = await setup();
    const b = await organizationWithRoles(testApp);
    const id = await a.contract();
    const reviewId = (await a.read(id)).nextReview.id;
    const foreign = await testApp.gql(`query($id: ID!) { review(id: $id) { id } }`, { id: reviewId }, b.tokens[Role.ADMIN]);
    const unknown = await testApp.gql(
      `query($id: ID!) { review(id: $id) { id } }`,
      { id: '00000000-0000-4000-8000-000000000000' },
      b.tokens[Role.ADMIN],
    );
    expect(codeOf(foreign)).toBe('NOT_FOUND');
    expect(foreign.errors![0].message).toBe(unknown.errors![0].message);
    const complete = await testApp.gql(
      `mutation($id: ID!) { completeReview(input: { reviewId: $id, ownerConfirmed: true, answers: [] }) { id } }`,
      { id: reviewId },
      b.tokens[Role.ADMIN],
    );
    expect(codeOf(complete)).toBe('NOT_FOUND');
  });
});
