import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Role } from '../src/common/role';
import { ReviewNoticeWorker } from '../src/reviews/review-notice.worker';
import {
  codeOf,
  createSocialMediaAccount,
  createUser,
  login,
  organizationWithRoles,
  startApp,
  TestApp,
  tokyoDate,
} from './support/harness';
import { eventually, pause, ReceivedMail, SmtpListener, startSmtpListener } from './support/smtp-listener';

const INBOX = `query($first: Int, $after: String, $unreadOnly: Boolean) {
  notifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id kind message createdAt readAt subject { id name } review { id dueDate kind status } } } }`;
const CREATE_REVIEW = `mutation($input: CreateReviewInput!) { createReview(input: $input) { id dueDate assignee { id } } }`;
const MARK_READ = `mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) }`;

interface InboxEntry {
  id: string;
  kind: string;
  message: string;
  createdAt: string;
  readAt: string | null;
  subject: { id: string; name: string } | null;
  review: { id: string; dueDate: string; kind: string; status: string } | null;
}

/** A CONFIRMED answer for every applicable requirement. */
function confirmAll(statuses: { applicable: boolean; requirement: { code: string } }[]): { requirementCode: string; result: string }[] {
  return statuses.filter((s) => s.applicable).map((s) => ({ requirementCode: s.requirement.code, result: 'CONFIRMED' }));
}

/** Long enough for a few worker polls (1 s) after the expected notices arrived: a duplicate would show by then. */
const SETTLE_MS = 3_000;

describe('notifications: inbox and e-mail through a real SMTP listener', () => {
  let smtp: SmtpListener;
  let testApp: TestApp;

  beforeAll(async () => {
    smtp = await startSmtpListener();
    testApp = await startApp({ SMTP_URL: smtp.url, MAIL_FROM: '台帳 <no-reply@register.example.lg.jp>' });
  });
  afterAll(async () => {
    await testApp.close();
    await smtp.close();
  });

  const mailsTo = (email: string, kind?: string): ReceivedMail[] =>
    smtp.messages.filter((m) => m.to.includes(email) && (kind === undefined || m.headers['x-register-kind'] === kind));

  async function inbox(
    token: string,
    variables: Record<string, unknown> = {},
  ): Promise<{ totalCount: number; nodes: InboxEntry[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }> {
    const result = await testApp.gql(INBOX, { first: 100, ...variables }, token);
    expect(result.errors).toBeUndefined();
    return result.data!.notifications;
  }

  async function createReview(
    token: string,
    subjectId: string,
    dueDate: string,
    assigneeId: string,
  ): Promise<{ id: string; dueDate: string }> {
    const result = await testApp.gql(CREATE_REVIEW, { input: { subjectId, dueDate, assigneeId } }, token);
    expect(result.errors).toBeUndefined();
    return result.data!.createReview;
  }

  async function setup() {
    const { organization, tokens, userIds } = await organizationWithRoles(testApp);
    const owner = await createUser(testApp.dataSource, organization, [Role.STAFF]);
    const ownerToken = await login(testApp, organization.code, owner.email);
    // No owner: the subject's own INITIAL review is unassigned and tells nobody anything now.
    const subject = await createSocialMediaAccount(testApp, tokens[Role.ADMIN]);
    return { organization, tokens, userIds, owner, ownerToken, subject };
  }

  it('a review due in two days: the assignee is told at once, then gets the 3-day reminder (not the stale 14-day one), each exactly once', async () => {
    const { tokens, owner, ownerToken, subject } = await setup();
    const review = await createReview(tokens[Role.SECURITY_OFFICER], subject.id, tokyoDate(2), owner.id);

    await eventually(() => (mailsTo(owner.email, 'REVIEW_DUE_SOON').length > 0 ? true : undefined), 'the reminder e-mail');
    await pause(SETTLE_MS);

    const { nodes, totalCount } = await inbox(ownerToken);
    expect(totalCount).toBe(2);
    expect(nodes.map((n) => n.kind)).toEqual(['REVIEW_DUE_SOON', 'REVIEW_ASSIGNED']);
    const [reminder, assigned] = nodes;
    expect(assigned).toMatchObject({
      readAt: null,
      subject: { id: subject.id },
      review: { id: review.id, dueDate: review.dueDate, kind: 'AD_HOC', status: 'OPEN' },
    });
    expect(assigned.message).toContain('臨時確認の担当になりました');
    expect(reminder.review!.id).toBe(review.id);
    expect(reminder.message).toContain('まであと2日です');

    const mails = mailsTo(owner.email);
    expect(mails.map((m) => m.headers['x-register-kind']).sort()).toEqual(['REVIEW_ASSIGNED', 'REVIEW_DUE_SOON']);
    const mail = mailsTo(owner.email, 'REVIEW_DUE_SOON')[0];
    expect(mail.headers['x-register-notification']).toBe(reminder.id);
    expect(mail.subject).toBe(`[委託先管理] 確認の期日が近づいています: ${subject.name}`);
    expect(mail.text).toContain('テスト 利用者 様');
    expect(mail.text).toContain(reminder.message);
    expect(mail.from).toBe('no-reply@register.example.lg.jp');
    // Nobody else is told anything yet: the escalation lies a week after the due date.
    expect(await inbox(tokens[Role.SECURITY_OFFICER])).toMatchObject({ totalCount: 0 });
  });

  it('an overdue review: one overdue notice to the assignee; past the escalation delay every active security officer is told once', async () => {
    const { organization, tokens, userIds, owner, ownerToken, subject } = await setup();
    const secondOfficer = await createUser(testApp.dataSource, organization, [Role.SECURITY_OFFICER, Role.STAFF]);
    const retiredOfficer = await createUser(testApp.dataSource, organization, [Role.SECURITY_OFFICER], { active: false });
    const lately = await createReview(tokens[Role.SECURITY_OFFICER], subject.id, tokyoDate(-2), owner.id);
    const longAgo = await createReview(tokens[Role.SECURITY_OFFICER], subject.id, tokyoDate(-9), owner.id);
    const officerEmails = [
      secondOfficer.email,
      (await testApp.dataSource.query<{ email: string }[]>('SELECT email FROM users WHERE id = $1', [userIds[Role.SECURITY_OFFICER]]))[0]
        .email,
    ];

    await eventually(
      () =>
        mailsTo(owner.email, 'REVIEW_OVERDUE').length >= 2 && officerEmails.every((e) => mailsTo(e, 'REVIEW_ESCALATED').length >= 1)
          ? true
          : undefined,
      'the overdue and escalation e-mails',
    );
    await pause(SETTLE_MS);

    const ownerInbox = (await inbox(ownerToken)).nodes;
    const overdue = ownerInbox.filter((n) => n.kind === 'REVIEW_OVERDUE');
    expect(overdue.map((n) => n.review!.id).sort()).toEqual([lately.id, longAgo.id].sort());
    expect(overdue[0].message).toContain('期日');
    expect(ownerInbox.filter((n) => n.kind === 'REVIEW_DUE_SOON')).toEqual([]);
    expect(mailsTo(owner.email, 'REVIEW_OVERDUE')).toHaveLength(2);

    for (const email of officerEmails) expect(mailsTo(email, 'REVIEW_ESCALATED')).toHaveLength(1);
    expect(mailsTo(retiredOfficer.email)).toEqual([]);
    const officerInbox = (await inbox(tokens[Role.SECURITY_OFFICER])).nodes;
    expect(officerInbox).toHaveLength(1);
    expect(officerInbox[0]).toMatchObject({ kind: 'REVIEW_ESCALATED', review: { id: longAgo.id } });
    expect(officerInbox[0].message).toContain('9日過ぎても完了していません（担当者: テスト 利用者）');
    // The admin holds no SECURITY_OFFICER role: nothing.
    expect(await inbox(tokens[Role.ADMIN])).toMatchObject({ totalCount: 0 });
  });

  it("a completed review's pending reminders are dropped; a moved review's old plan does nothing", async () => {
    const { organization, tokens, owner, ownerToken, subject } = await setup();
    const plannedJobs = async (reviewId: string): Promise<number> => {
      const [row] = await testApp.dataSource.query<{ count: number }[]>(
        `SELECT count(*)::int AS count FROM pgboss.job WHERE name = 'review-notice' AND state = 'created' AND data->>'reviewId' = $1`,
        [reviewId],
      );
      return row.count;
    };
    const completed = await createReview(tokens[Role.SECURITY_OFFICER], subject.id, tokyoDate(20), owner.id);
    const moved = await createReview(tokens[Role.SECURITY_OFFICER], subject.id, tokyoDate(21), owner.id);
    // 14 and 3 days before, the overdue notice and the escalation: all ahead.
    expect(await plannedJobs(completed.id)).toBe(4);

    const statuses = await testApp.gql(
      `query($id: ID!) { subject(id: $id) { requirements { applicable requirement { code } } } }`,
      { id: subject.id },
      ownerToken,
    );
    const answers = confirmAll(statuses.data!.subject.requirements);
    const done = await testApp.gql(
      `mutation($input: CompleteReviewInput!) { completeReview(input: $input) { status } }`,
      { input: { reviewId: completed.id, ownerConfirmed: true, answers } },
      ownerToken,
    );
    expect(done.errors).toBeUndefined();
    expect(await plannedJobs(completed.id)).toBe(0);

    const rescheduled = await testApp.gql(
      `mutation($id: ID!, $dueDate: Date!) { rescheduleReview(id: $id, dueDate: $dueDate, reason: "前倒し") { dueDate } }`,
      { id: moved.id, dueDate: tokyoDate(2) },
      tokens[Role.SECURITY_OFFICER],
    );
    expect(rescheduled.errors).toBeUndefined();
    await eventually(() => (mailsTo(owner.email, 'REVIEW_DUE_SOON').length > 0 ? true : undefined), 'the reminder for the new due date');

    // Jobs of the old plans, run now as if their time had come: the worker re-reads the reviews and drops them.
    const worker = testApp.app.get(ReviewNoticeWorker);
    const base = { organizationId: organization.id, assigneeId: owner.id };
    expect(await worker.run({ ...base, reviewId: completed.id, notice: 'DUE_SOON', dueDate: completed.dueDate, daysBefore: 3 })).toBe(0);
    expect(await worker.run({ ...base, reviewId: completed.id, notice: 'OVERDUE', dueDate: completed.dueDate })).toBe(0);
    expect(await worker.run({ ...base, reviewId: moved.id, notice: 'DUE_SOON', dueDate: moved.dueDate, daysBefore: 14 })).toBe(0);
    // ...while the current plan's reminder, run a second time, is already in the inbox: nothing new either.
    expect(await worker.run({ ...base, reviewId: moved.id, notice: 'DUE_SOON', dueDate: tokyoDate(2), daysBefore: 3 })).toBe(0);
    await pause(SETTLE_MS);

    const reminders = (await inbox(ownerToken)).nodes.filter((n) => n.kind === 'REVIEW_DUE_SOON');
    expect(reminders.map((n) => [n.review!.id, n.review!.dueDate])).toEqual([[moved.id, tokyoDate(2)]]);
    expect(mailsTo(owner.email, 'REVIEW_DUE_SOON')).toHaveLength(1);
  });

  it('EVIDENCE_DECIDED reaches the person who recorded the evidence', async () => {
    const { tokens, userIds, subject } = await setup();
    const recorded = await testApp.gql(
      `mutation($input: RecordRequirementEvidenceInput!) { recordRequirementEvidence(input: $input) { state } }`,
      { input: { subjectId: subject.id, requirementCode: 'SM-01', present: true, reference: '運用方針 第3条' } },
      tokens[Role.PROCUREMENT_OFFICER],
    );
    expect(recorded.errors).toBeUndefined();
    const decided = await testApp.gql(
      `mutation($input: DecideRequirementEvidenceInput!) { decideRequirementEvidence(input: $input) { state } }`,
      { input: { subjectId: subject.id, requirementCode: 'SM-01', decision: 'REJECT', comment: '条番号が運用方針と一致しません' } },
      tokens[Role.SECURITY_OFFICER],
    );
    expect(decided.data!.decideRequirementEvidence.state).toBe('REJECTED');

    const [email] = (
      await testApp.dataSource.query<{ email: string }[]>('SELECT email FROM users WHERE id = $1', [userIds[Role.PROCUREMENT_OFFICER]])
    ).map((r) => r.email);
    await eventually(() => (mailsTo(email, 'EVIDENCE_DECIDED').length > 0 ? true : undefined), 'the decision e-mail');
    const { nodes } = await inbox(tokens[Role.PROCUREMENT_OFFICER]);
    expect(nodes).toHaveLength(1);
    expect(nodes[0]).toMatchObject({ kind: 'EVIDENCE_DECIDED', subject: { id: subject.id }, review: null });
    expect(nodes[0].message).toContain('要件 SM-01');
    expect(nodes[0].message).toContain('差し戻されました');
    expect(nodes[0].message).toContain('条番号が運用方針と一致しません');
    expect(mailsTo(email, 'EVIDENCE_DECIDED')[0].subject).toContain('証跡の判断結果');
    expect(await inbox(tokens[Role.SECURITY_OFFICER])).toMatchObject({ totalCount: 0 });
  });

  it('OWNER_REFUSED reaches every active security officer', async () => {
    const { organization, tokens, userIds, owner } = await setup();
    const secondOfficer = await createUser(testApp.dataSource, organization, [Role.SECURITY_OFFICER]);
    const owned = await createSocialMediaAccount(testApp, tokens[Role.ADMIN], { ownerId: owner.id });
    const ownerToken = await login(testApp, organization.code, owner.email);
    const mine = await testApp.gql(
      `query($id: ID!) { subject(id: $id) { nextReview { id } requirements { applicable requirement { code } } } }`,
      { id: owned.id },
      ownerToken,
    );
    const { nextReview, requirements } = mine.data!.subject;
    const refused = await testApp.gql(
      `mutation($input: CompleteReviewInput!) { completeReview(input: $input) { outcome } }`,
      {
        input: {
          reviewId: nextReview.id,
          ownerConfirmed: false,
          answers: confirmAll(requirements),
        },
      },
      ownerToken,
    );
    expect(refused.data!.completeReview.outcome).toBe('ISSUES_FOUND');

    await eventually(() => (mailsTo(secondOfficer.email, 'OWNER_REFUSED').length > 0 ? true : undefined), 'the refusal e-mail');
    for (const token of [tokens[Role.SECURITY_OFFICER], await login(testApp, organization.code, secondOfficer.email)]) {
      const { nodes } = await inbox(token);
      expect(nodes.map((n) => n.kind)).toEqual(['OWNER_REFUSED']);
      expect(nodes[0]).toMatchObject({ subject: { id: owned.id }, review: { id: nextReview.id, status: 'COMPLETED' } });
      expect(nodes[0].message).toContain('責任者（テスト 利用者）');
    }
    expect(userIds[Role.SECURITY_OFFICER]).not.toBe(secondOfficer.id);
    expect((await inbox(tokens[Role.ADMIN])).nodes.filter((n) => n.kind === 'OWNER_REFUSED')).toEqual([]);
  });

  it("markNotificationsRead marks only the caller's own; pages go newest first; nobody sees another user's inbox", async () => {
    const { organization, tokens, owner, ownerToken, subject } = await setup();
    for (const days of [30, 40, 50]) await createReview(tokens[Role.SECURITY_OFFICER], subject.id, tokyoDate(days), owner.id);
    const all = await inbox(ownerToken);
    expect(all.nodes.map((n) => n.kind)).toEqual(['REVIEW_ASSIGNED', 'REVIEW_ASSIGNED', 'REVIEW_ASSIGNED']);
    expect(all.nodes.map((n) => n.review!.dueDate)).toEqual([tokyoDate(50), tokyoDate(40), tokyoDate(30)]);

    const first = await inbox(ownerToken, { first: 2 });
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await inbox(ownerToken, { first: 2, after: first.pageInfo.endCursor });
    expect([...first.nodes, ...second.nodes].map((n) => n.id)).toEqual(all.nodes.map((n) => n.id));
    expect(second.pageInfo.hasNextPage).toBe(false);

    // Someone else's inbox: invisible, and their ids are silently not counted.
    const colleague = await createUser(testApp.dataSource, organization, [Role.STAFF]);
    const other = await createReview(tokens[Role.SECURITY_OFFICER], subject.id, tokyoDate(60), colleague.id);
    const othersNotice = await testApp.dataSource.query<{ id: string }[]>(`SELECT id FROM notifications WHERE review_id = $1`, [other.id]);
    expect(othersNotice).toHaveLength(1);
    expect((await inbox(ownerToken)).nodes.map((n) => n.id)).not.toContain(othersNotice[0].id);
    expect(await inbox(tokens[Role.ADMIN])).toMatchObject({ totalCount: 0 });

    const marked = await testApp.gql(MARK_READ, { ids: [all.nodes[0].id, all.nodes[1].id, othersNotice[0].id, 'not-an-id'] }, ownerToken);
    expect(marked.data!.markNotificationsRead).toBe(2);
    const again = await testApp.gql(MARK_READ, { ids: [all.nodes[0].id] }, ownerToken);
    expect(again.data!.markNotificationsRead).toBe(0);
    const unread = await inbox(ownerToken, { unreadOnly: true });
    expect(unread.nodes.map((n) => n.id)).toEqual([all.nodes[2].id]);
    expect((await inbox(ownerToken)).nodes.filter((n) => n.readAt !== null)).toHaveLength(2);
    const [othersRow] = await testApp.dataSource.query<{ read_at: Date | null }[]>(`SELECT read_at FROM notifications WHERE id = $1`, [
      othersNotice[0].id,
    ]);
    expect(othersRow.read_at).toBeNull();

    // Every role may read its inbox; a bad cursor is bad input; no token, no inbox.
    const auditor = await testApp.gql(INBOX, { first: 5 }, tokens[Role.AUDITOR]);
    expect(auditor.errors).toBeUndefined();
    expect(codeOf(await testApp.gql(INBOX, { after: 'garbage' }, ownerToken))).toBe('BAD_USER_INPUT');
    expect(codeOf(await testApp.gql(INBOX, {}))).toBe('UNAUTHENTICATED');
  });
});

describe('notifications without SMTP_URL', () => {
  let testApp: TestApp;
  let outboxDir: string;

  beforeAll(async () => {
    outboxDir = mkdtempSync(join(tmpdir(), 'register-outbox-'));
    testApp = await startApp({ OUTBOX_DIR: outboxDir });
  });
  afterAll(async () => {
    await testApp.close();
    rmSync(outboxDir, { recursive: true, force: true });
  });

  it('writes each e-mail to OUTBOX_DIR as an .eml file named after its outbox row', async () => {
    const { organization, tokens } = await organizationWithRoles(testApp);
    const owner = await createUser(testApp.dataSource, organization, [Role.STAFF]);
    const subject = await createSocialMediaAccount(testApp, tokens[Role.ADMIN]);
    const created = await testApp.gql(
      CREATE_REVIEW,
      { input: { subjectId: subject.id, dueDate: tokyoDate(30), assigneeId: owner.id } },
      tokens[Role.SECURITY_OFFICER],
    );
    expect(created.errors).toBeUndefined();
    const [outbox] = await testApp.dataSource.query<{ id: string }[]>(
      `SELECT o.id FROM email_outbox o JOIN notifications n ON n.id = o.notification_id WHERE n.review_id = $1`,
      [created.data!.createReview.id],
    );
    const file = join(outboxDir, `${outbox.id}.eml`);
    await eventually(async () => {
      const [row] = await testApp.dataSource.query<{ status: string }[]>(`SELECT status FROM email_outbox WHERE id = $1`, [outbox.id]);
      return row.status === 'SENT' && existsSync(file) ? true : undefined;
    }, 'the .eml file');
    const eml = readFileSync(file, 'utf8');
    expect(eml).toContain(`To: ${owner.email}`);
    expect(eml).toContain('X-Register-Kind: REVIEW_ASSIGNED');
    expect(eml).toContain('Content-Transfer-Encoding: base64');
    expect(readdirSync(outboxDir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
