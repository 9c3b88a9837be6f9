import { Role } from '../src/common/role';
import { addDays, addMonths } from '../src/reviews/review-calendar';
import { todayIn } from '../src/common/calendar';
import { codeOf, createUser, login, organizationWithRoles, startApp, TestApp } from './support/harness';

const CREATE_SNS = `mutation($input: CreateSocialMediaAccountInput!) { createSocialMediaAccount(input: $input) {
  id riskTier compliance { status findings { code } } nextReview { id kind dueDate overdue assignee { id } } } }`;
const SUBJECT = `query($id: ID!) { subject(id: $id) { compliance { status findings { code requirementCode } }
  reviews { id kind status dueDate outcome } nextReview { id kind dueDate overdue } requirements { requirement { code } state } } }`;
const COMPLETE = `mutation($input: CompleteReviewInput!) { completeReview(input: $input) { id status outcome ownerConfirmed completedBy { id } answers { requirementCode result note } } }`;
const SM_CODES = ['SM-01', 'SM-02', 'SM-03', 'SM-04', 'SM-05', 'SM-06', 'SM-07'];

describe('confirmation reviews', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  it('a subject last reviewed two years ago is overdue at once; completing clears it and schedules the next; ISSUE_FOUND reopens the gap', async () => {
    const { tokens, organization } = await organizationWithRoles(testApp);
    const owner = await createUser(testApp.dataSource, organization, [Role.STAFF]);
    const today = todayIn('Asia/Tokyo');
    const lastReviewedOn = addMonths(today, -24);
    const created = await testApp.gql(
      CREATE_SNS,
      {
        input: {
          name: '公式X',
          platform: 'X',
          accountName: '@kouhou',
          url: 'https://x.com/kouhou',
          purpose: '広報',
          ownerId: owner.id,
          lastReviewedOn,
        },
      },
      tokens[Role.ADMIN],
    );
    expect(created.errors).toBeUndefined();
    const account = created.data!.createSocialMediaAccount;
    expect(account.riskTier).toBe('MEDIUM');
    expect(account.nextReview).toMatchObject({
      kind: 'PERIODIC',
      dueDate: addMonths(lastReviewedOn, 12),
      overdue: true,
      assignee: { id: owner.id },
    });
    expect(account.compliance.findings.map((f: { code: string }) => f.code)).toContain('REVIEW_OVERDUE');
    const overdueList = await testApp.gql(
      `{ subjects(filter: { findingCode: "REVIEW_OVERDUE" }) { totalCount } complianceSummary { overdueReviews } }`,
      {},
      tokens[Role.AUDITOR],
    );
    expect(overdueList.data!.subjects.totalCount).toBe(1);
    expect(overdueList.data!.complianceSummary.overdueReviews).toBe(1);

    const token = await login(testApp, organization.code, owner.email);
    const mine = await testApp.gql(`{ reviews(filter: { mine: true }) { totalCount nodes { id overdue subject { id } } } }`, {}, token);
    expect(mine.data!.reviews.nodes).toEqual([{ id: account.nextReview.id, overdue: true, subject: { id: account.id } }]);

    const missing = await testApp.gql(COMPLETE, { input: { reviewId: account.nextReview.id, ownerConfirmed: true, answers: [] } }, token);
    expect(codeOf(missing)).toBe('BAD_USER_INPUT');

    const answers = SM_CODES.map((code) => ({
      requirementCode: code,
      result: code === 'SM-06' ? 'ISSUE_FOUND' : 'CONFIRMED',
      note: code === 'SM-06' ? '多要素認証が未設定' : null,
    }));
    const completed = await testApp.gql(COMPLETE, { input: { reviewId: account.nextReview.id, ownerConfirmed: true, answers } }, token);
    expect(completed.errors).toBeUndefined();
    expect(completed.data!.completeReview).toMatchObject({
      status: 'COMPLETED',
      outcome: 'ISSUES_FOUND',
      ownerConfirmed: true,
      completedBy: { id: owner.id },
    });

    const after = await testApp.gql(SUBJECT, { id: account.id }, tokens[Role.AUDITOR]);
    const subject = after.data!.subject;
    expect(subject.nextReview).toMatchObject({ kind: 'PERIODIC', dueDate: addMonths(today, 12), overdue: false });
    const codes = subject.compliance.findings.map(
      (f: { code: string; requirementCode: string | null }) => `${f.code}:${f.requirementCode ?? ''}`,
    );
    expect(codes).not.toContain('REVIEW_OVERDUE:');
    expect(codes).toContain('REQUIREMENT_ABSENT:SM-06');
    expect(subject.requirements.find((r: { requirement: { code: string } }) => r.requirement.code === 'SM-06').state).toBe('ABSENT');

    const again = await testApp.gql(COMPLETE, { input: { reviewId: account.nextReview.id, ownerConfirmed: true, answers } }, token);
    expect(codeOf(again)).toBe('CONFLICT');
  });

  it('a new subject gets an INITIAL review 30 days out; a campaign over social media creates one review per account and counts completions', async () => {
    const { tokens, organization } = await organizationWithRoles(testApp);
    const owner = await createUser(testApp.dataSource, organization, [Role.STAFF]);
    const today = todayIn('Asia/Tokyo');
    const ids: string[] = [];
    for (const name of ['公式X', '公式LINE', '公式YouTube']) {
      const created = await testApp.gql(
        CREATE_SNS,
        {
          input: {
            name,
            platform: 'OTHER',
            accountName: name,
            url: 'https://example.jp/' + ids.length,
            purpose: '広報',
            ownerId: owner.id,
          },
        },
        tokens[Role.PROCUREMENT_OFFICER],
      );
      expect(created.errors).toBeUndefined();
      expect(created.data!.createSocialMediaAccount.nextReview).toMatchObject({
        kind: 'INITIAL',
        dueDate: addDays(today, 30),
        overdue: false,
      });
      ids.push(created.data!.createSocialMediaAccount.id);
    }
    const campaign = await testApp.gql(
      `mutation($input: StartReviewCampaignInput!) { startReviewCampaign(input: $input) { id name subjectKind dueDate total completed overdue } }`,
      { input: { name: '令和8年度 SNS責任者確認', subjectKind: 'SOCIAL_MEDIA_ACCOUNT', dueDate: addDays(today, 14) } },
      tokens[Role.SECURITY_OFFICER],
    );
    expect(campaign.errors).toBeUndefined();
    expect(campaign.data!.startReviewCampaign).toMatchObject({ total: 3, completed: 0, overdue: 0 });
    const reviews = await testApp.gql(
      `query($id: ID!) { reviews(filter: { campaignId: $id }) { totalCount nodes { id kind assignee { id } campaign { name } } } }`,
      { id: campaign.data!.startReviewCampaign.id },
      tokens[Role.AUDITOR],
    );
    expect(reviews.data!.reviews.totalCount).toBe(3);
    const first = reviews.data!.reviews.nodes[0];
    expect(first).toMatchObject({ kind: 'CAMPAIGN', assignee: { id: owner.id }, campaign: { name: '令和8年度 SNS責任者確認' } });
    const answers = SM_CODES.map((code) => ({ requirementCode: code, result: 'CONFIRMED' }));
    const done = await testApp.gql(
      COMPLETE,
      { input: { reviewId: first.id, ownerConfirmed: true, answers } },
      tokens[Role.SECURITY_OFFICER],
    );
    expect(done.errors).toBeUndefined();
    const figures = await testApp.gql(`{ reviewCampaigns { total completed overdue } }`, {}, tokens[Role.AUDITOR]);
    expect(figures.data!.reviewCampaigns).toEqual([{ total: 3, completed: 1, overdue: 0 }]);
  });

  it('refuses an assignee who may not complete the review (AUDITOR only), naming the field, and changes nothing', async () => {
    const { tokens, organization, userIds } = await organizationWithRoles(testApp);
    const auditorOnly = await createUser(testApp.dataSource, organization, [Role.AUDITOR]);
    const auditorAndStaff = await createUser(testApp.dataSource, organization, [Role.AUDITOR, Role.STAFF]);
    const created = await testApp.gql(
      CREATE_SNS,
      { input: { name: '広報X', platform: 'X', accountName: '@assignee_rule', url: 'https://x.com/assignee_rule', purpose: '広報' } },
      tokens[Role.ADMIN],
    );
    expect(created.errors).toBeUndefined();
    const subjectId = created.data!.createSocialMediaAccount.id as string;
    const CREATE = 'mutation($input: CreateReviewInput!) { createReview(input: $input) { id assignee { id } } }';
    const REASSIGN = 'mutation($id: ID!, $assigneeId: ID) { reassignReview(id: $id, assigneeId: $assigneeId) { id assignee { id } } }';
    const message = '確認を完了できない利用者（監査担当のみなど）は担当者にできません。';

    const refusedCreate = await testApp.gql(
      CREATE,
      { input: { subjectId, dueDate: todayIn('Asia/Tokyo'), assigneeId: auditorOnly.id } },
      tokens[Role.SECURITY_OFFICER],
    );
    expect(codeOf(refusedCreate)).toBe('BAD_USER_INPUT');
    expect(refusedCreate.errors![0].extensions!.fieldErrors).toEqual([{ field: 'assigneeId', message }]);
    const [{ count }] = await testApp.dataSource.query<{ count: string }[]>(
      `SELECT count(*) FROM reviews WHERE subject_id = $1 AND kind = 'AD_HOC'`,
      [subjectId],
    );
    expect(count).toBe('0');

    const review = await testApp.gql(
      CREATE,
      { input: { subjectId, dueDate: todayIn('Asia/Tokyo'), assigneeId: auditorAndStaff.id } },
      tokens[Role.SECURITY_OFFICER],
    );
    expect(review.data!.createReview.assignee).toEqual({ id: auditorAndStaff.id });
    const reviewId = review.data!.createReview.id as string;

    const refusedReassign = await testApp.gql(REASSIGN, { id: reviewId, assigneeId: auditorOnly.id }, tokens[Role.ADMIN]);
    expect(refusedReassign.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', fieldErrors: [{ field: 'assigneeId', message }] });
    const [stored] = await testApp.dataSource.query<{ assignee_id: string }[]>('SELECT assignee_id FROM reviews WHERE id = $1', [reviewId]);
    expect(stored.assignee_id).toBe(auditorAndStaff.id);

    const reassigned = await testApp.gql(REASSIGN, { id: reviewId, assigneeId: userIds[Role.PROCUREMENT_OFFICER] }, tokens[Role.ADMIN]);
    expect(reassigned.data!.reassignReview.assignee).toEqual({ id: userIds[Role.PROCUREMENT_OFFICER] });
  });
});
