import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Role } from '../src/common/role';
import {
  APP_VARIABLES,
  childEnv,
  createSocialMediaAccount,
  createUser,
  organizationWithRoles,
  ROOT,
  startApp,
  TestApp,
  tokyoDate,
} from './support/harness';
import { eventually } from './support/smtp-listener';

// `npm test` while the demo runs (`npm start`, DATA_DIR=./data) must leave the demo's files alone:
// the tests' e-mails once went into its outbox.
const REPOSITORY_DATA = join(ROOT, 'data');

function isInside(path: string, directory: string): boolean {
  const rel = relative(resolve(directory), resolve(path));
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith('/'));
}

describe('the tests keep their files out of the repository’s ./data', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  it('gives the harness app a data directory and an outbox inside the run’s temporary directory', () => {
    const runDir = process.env.TEST_RUN_DIR!;
    expect(runDir).toBeTruthy();
    expect(isInside(runDir, ROOT)).toBe(false);
    expect(isInside(testApp.config.dataDir, runDir)).toBe(true);
    expect(isInside(testApp.config.outboxDir, runDir)).toBe(true);
    expect(isInside(testApp.config.outboxDir, REPOSITORY_DATA)).toBe(false);
  });

  it('writes an e-mail the harness app sends into its own outbox, not into ./data/outbox', async () => {
    const { organization, tokens } = await organizationWithRoles(testApp);
    const owner = await createUser(testApp.dataSource, organization, [Role.STAFF]);
    const subject = await createSocialMediaAccount(testApp, tokens[Role.ADMIN]);
    const created = await testApp.gql(
      `mutation($input: CreateReviewInput!) { createReview(input: $input) { id } }`,
      { input: { subjectId: subject.id, dueDate: tokyoDate(30), assigneeId: owner.id } },
      tokens[Role.SECURITY_OFFICER],
    );
    expect(created.errors).toBeUndefined();
    const [outbox] = await testApp.dataSource.query<{ id: string }[]>(
      `SELECT o.id FROM email_outbox o JOIN notifications n ON n.id = o.notification_id WHERE n.review_id = $1`,
      [created.data!.createReview.id],
    );
    const file = join(testApp.config.outboxDir, `${outbox.id}.eml`);
    await eventually(() => (existsSync(file) ? true : undefined), 'the .eml file');
    expect(readFileSync(file, 'utf8')).toContain(`To: ${owner.email}`);
    expect(existsSync(join(REPOSITORY_DATA, 'outbox', `${outbox.id}.eml`))).toBe(false);
  });

  it('gives a spawned app or CLI a DATA_DIR of its own and none of the shell’s app variables', () => {
    const saved = Object.fromEntries(APP_VARIABLES.map((name) => [name, process.env[name]]));
    try {
      process.env.DATA_DIR = REPOSITORY_DATA;
      process.env.OUTBOX_DIR = join(REPOSITORY_DATA, 'outbox');
      process.env.SMTP_URL = 'smtp://mail.example.jp:25';
      const env = childEnv({ PORT: '4000' });
      expect(isInside(env.DATA_DIR!, process.env.TEST_RUN_DIR!)).toBe(true);
      expect(env.OUTBOX_DIR).toBeUndefined();
      expect(env.SMTP_URL).toBeUndefined();
      expect(env.PORT).toBe('4000');
      expect(childEnv({ DATA_DIR: '/somewhere/else' }).DATA_DIR).toBe('/somewhere/else');
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
