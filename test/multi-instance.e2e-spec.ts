import { Context } from '../src/common/context';
import { Role } from '../src/common/role';
import { Database } from '../src/database/database';
import { NotificationKind } from '../src/notifications/notification-messages';
import { Notifier } from '../src/notifications/notifier';
import { reviewOverdueText } from '../src/reviews/review-notice-messages';
import { ReviewKind } from '../src/reviews/review.model';
import {
  createContract,
  createSocialMediaAccount,
  createUser,
  createVendor,
  organizationWithRoles,
  startApp,
  TestApp,
  tokyoDate,
} from './support/harness';
import { RenewalSweep } from '../src/reviews/renewal-sweep';
import { eventually, pause, ReceivedMail, SmtpListener, startSmtpListener } from './support/smtp-listener';

const CREATE_REVIEW = `mutation($input: CreateReviewInput!) { createReview(input: $input) { id } }`;

/**
 * Two app instances on one PostgreSQL, both running workers: every notice reaches the inbox and the
 * SMTP server exactly once, whichever instance planned it and whichever worker picked it up.
 */
describe('two app instances on one database', () => {
  let smtp: SmtpListener;
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    smtp = await startSmtpListener();
    [first, second] = [await startApp({ SMTP_URL: smtp.url }), await startApp({ SMTP_URL: smtp.url })];
  });
  afterAll(async () => {
    await Promise.all([first.close(), second.close()]);
    await smtp.close();
  });

  /** This test's mail only: other test files may leave jobs behind for other organizations. */
  const mailsFor = (code: string): ReceivedMail[] => smtp.messages.filter((m) => m.to.some((to) => to.endsWith(`@${code}.example.jp`)));

  it('deliver each reminder exactly once, in the inbox and by SMTP', async () => {
    const { organization, tokens } = await organizationWithRoles(first);
    const owner = await createUser(first.dataSource, organization, [Role.STAFF]);
    await createUser(first.dataSource, organization, [Role.SECURITY_OFFICER]);
    const subject = await createSocialMediaAccount(first, tokens[Role.ADMIN]);

    // Reviews created through both instances, each with a notice due at once: a 3-day reminder, or
    // the overdue notice and the escalation to both security officers.
    const dueDays = [2, 1, 2, -9, 0, -9];
    const reviewIds: string[] = [];
    for (const [index, days] of dueDays.entries()) {
      const app = index % 2 === 0 ? first : second;
      const created = await app.gql(
        CREATE_REVIEW,
        { input: { subjectId: subject.id, dueDate: tokyoDate(days), assigneeId: owner.id } },
        tokens[Role.SECURITY_OFFICER],
      );
      expect(created.errors).toBeUndefined();
      reviewIds.push(created.data!.createReview.id);
    }
    // Replanning the same review from both instances at once plans the same jobs: nothing doubles.
    await Promise.all(
      [first, second, first, second].map((app, index) =>
        app.gql(
          `mutation($id: ID!, $assigneeId: ID) { reassignReview(id: $id, assigneeId: $assigneeId) { id } }`,
          { id: reviewIds[index], assigneeId: owner.id },
          tokens[Role.ADMIN],
        ),
      ),
    );

    const reminders = dueDays.filter((d) => d >= 0).length;
    const overdue = dueDays.filter((d) => d < 0).length;
    const expected = dueDays.length /* assigned */ + reminders + overdue + overdue * 2; /* escalations to two officers */
    await eventually(() => (mailsFor(organization.code).length >= expected ? true : undefined), `${expected} e-mails`, 45_000);
    await pause(4_000);

    const rows = await first.dataSource.query<{ kind: string; review_id: string; recipient_id: string; count: number }[]>(
      `SELECT kind, review_id, recipient_id, count(*)::int AS count FROM notifications WHERE organization_id = $1 GROUP BY 1, 2, 3`,
      [organization.id],
    );
    expect(rows.every((row) => row.count === 1)).toBe(true);
    const byKind = (kind: string): number => rows.filter((row) => row.kind === kind).length;
    expect({
      assigned: byKind('REVIEW_ASSIGNED'),
      dueSoon: byKind('REVIEW_DUE_SOON'),
      overdue: byKind('REVIEW_OVERDUE'),
      escalated: byKind('REVIEW_ESCALATED'),
    }).toEqual({ assigned: dueDays.length, dueSoon: reminders, overdue, escalated: overdue * 2 });

    const mails = mailsFor(organization.code);
    expect(mails).toHaveLength(expected);
    const notificationIds = mails.map((m) => m.headers['x-register-notification']);
    expect(new Set(notificationIds).size).toBe(expected);
    const [sent] = await first.dataSource.query<{ sent: number; other: number }[]>(
      `SELECT count(*) FILTER (WHERE status = 'SENT')::int AS sent, count(*) FILTER (WHERE status <> 'SENT')::int AS other FROM email_outbox WHERE organization_id = $1`,
      [organization.id],
    );
    expect(sent).toEqual({ sent: expected, other: 0 });
  });

  it('the renewal sweep, run by both instances at once, opens each due RENEWAL review once', async () => {
    const { organization, tokens } = await organizationWithRoles(first);
    const owner = await createUser(first.dataSource, organization, [Role.STAFF]);
    const vendor = await createVendor(first, tokens[Role.ADMIN]);
    const endDate = tokyoDate(90);
    const contract = await createContract(first, tokens[Role.ADMIN], vendor.id, { ownerId: owner.id, endDate });
    const renewals = async (): Promise<{ id: string; due_date: string; assignee_id: string | null }[]> =>
      first.dataSource.query(
        `SELECT id, due_date, assignee_id FROM reviews WHERE organization_id = $1 AND subject_id = $2 AND kind = 'RENEWAL'`,
        [organization.id, contract.id],
      );
    // The window (60 days before the end) has not opened yet.
    expect(await renewals()).toEqual([]);
    // A longer lead time opens it today, but only the sweep notices: no write touched the contract.
    const policy = await first.gql(
      `mutation { updateReviewPolicy(input: { renewalLeadDays: 120 }) { renewalLeadDays } }`,
      {},
      tokens[Role.ADMIN],
    );
    expect(policy.errors).toBeUndefined();
    expect(await renewals()).toEqual([]);

    await Promise.all([first.app.get(RenewalSweep).run(), second.app.get(RenewalSweep).run()]);
    const opened = await renewals();
    expect(opened).toEqual([{ id: expect.any(String), due_date: endDate, assignee_id: owner.id }]);
    const assigned = await first.dataSource.query<{ id: string }[]>(
      `SELECT id FROM notifications WHERE organization_id = $1 AND review_id = $2 AND kind = 'REVIEW_ASSIGNED'`,
      [organization.id, opened[0].id],
    );
    expect(assigned).toHaveLength(1);
    const mailsOf = (): ReceivedMail[] =>
      mailsFor(organization.code).filter((m) => m.headers['x-register-notification'] === assigned[0].id);
    await eventually(() => (mailsOf().length > 0 ? true : undefined), 'the assignment e-mail');
    await pause(2_000);
    expect(mailsOf()).toHaveLength(1);
  });

  it('two instances writing the same notice at the same moment produce one notification and one e-mail', async () => {
    const { organization, tokens } = await organizationWithRoles(first);
    const owner = await createUser(first.dataSource, organization, [Role.STAFF]);
    const subject = await createSocialMediaAccount(first, tokens[Role.ADMIN]);
    const created = await first.gql(
      CREATE_REVIEW,
      { input: { subjectId: subject.id, dueDate: tokyoDate(60), assigneeId: owner.id } },
      tokens[Role.SECURITY_OFFICER],
    );
    const reviewId: string = created.data!.createReview.id;
    await eventually(() => (mailsFor(organization.code).length === 1 ? true : undefined), 'the assignment e-mail');

    const ctx = Context.system({ id: organization.id, timeZone: 'Asia/Tokyo' });
    const draft = {
      recipientIds: [owner.id],
      kind: NotificationKind.REVIEW_OVERDUE,
      text: reviewOverdueText({ subjectName: subject.name, reviewKind: ReviewKind.AD_HOC, dueDate: tokyoDate(60) }),
      subjectId: subject.id,
      reviewId,
      dueDate: tokyoDate(60),
    };
    // The first transaction holds its insert uncommitted while the second tries the same key.
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));
    const firstWrite = first.app.get(Database).transaction(ctx, async (ctx) => {
      const count = await first.app.get(Notifier).notify(ctx, draft);
      await firstHolds;
      return count;
    });
    await pause(300);
    const secondWrite = second.app.get(Database).transaction(ctx, (ctx) => second.app.get(Notifier).notify(ctx, draft));
    await pause(300);
    releaseFirst();
    expect(await Promise.all([firstWrite, secondWrite])).toEqual([1, 0]);

    await eventually(() => (mailsFor(organization.code).length === 2 ? true : undefined), 'the notice e-mail');
    await pause(3_000);
    expect(
      mailsFor(organization.code)
        .map((m) => m.headers['x-register-kind'])
        .sort(),
    ).toEqual(['REVIEW_ASSIGNED', 'REVIEW_OVERDUE']);
    const [row] = await first.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM notifications WHERE organization_id = $1 AND kind = 'REVIEW_OVERDUE'`,
      [organization.id],
    );
    expect(row.count).toBe(1);
  });
});

describe('APP_ROLE: an API-only instance plans, a worker-only instance delivers', () => {
  let smtp: SmtpListener;
  let api: TestApp;

  beforeAll(async () => {
    smtp = await startSmtpListener();
    api = await startApp({ SMTP_URL: smtp.url, APP_ROLE: 'api' });
  });
  afterAll(async () => {
    await api.close();
    await smtp.close();
  });

  it('jobs sent through the API instance wait for a worker, then go out once', async () => {
    const { organization, tokens } = await organizationWithRoles(api);
    const owner = await createUser(api.dataSource, organization, [Role.STAFF]);
    const subject = await createSocialMediaAccount(api, tokens[Role.ADMIN]);
    const created = await api.gql(
      CREATE_REVIEW,
      { input: { subjectId: subject.id, dueDate: tokyoDate(2), assigneeId: owner.id } },
      tokens[Role.SECURITY_OFFICER],
    );
    expect(created.errors).toBeUndefined();
    const mails = (): ReceivedMail[] => smtp.messages.filter((m) => m.to.includes(owner.email));

    // In the inbox at once (written in the request's transaction), but no worker runs yet: no e-mail.
    const [assigned] = await api.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM notifications WHERE recipient_id = $1 AND kind = 'REVIEW_ASSIGNED'`,
      [owner.id],
    );
    expect(assigned.count).toBe(1);
    await pause(3_000);
    expect(mails()).toEqual([]);

    const worker = await startApp({ SMTP_URL: smtp.url, APP_ROLE: 'worker' });
    try {
      await eventually(() => (mails().length === 2 ? true : undefined), 'the assignment and the reminder e-mails');
      await pause(3_000);
      expect(
        mails()
          .map((m) => m.headers['x-register-kind'])
          .sort(),
      ).toEqual(['REVIEW_ASSIGNED', 'REVIEW_DUE_SOON']);
    } finally {
      await worker.close();
    }
  });
});
