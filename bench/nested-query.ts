import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/config';
import { Database } from '../src/database/database';
import { OperatorModule } from '../src/operator.module';
import { newOrganizationContext } from '../src/organizations/organizations.service';
import { ProvisioningService } from '../src/provisioning/provisioning.service';
import { BENCH_PASSWORD, benchAdminEmail, TIME_ZONE } from './generate';

/**
 * The query of issue 9 that took the service down (100 subjects × 31 reviews each: 92 million reviews
 * to build), sent to an organization of its own, `bench-nested`, whose subjects have exactly that.
 */
export const NESTED_CODE = 'bench-nested';
export const NESTED_SUBJECTS = 100;
export const NESTED_CAMPAIGNS = 30;
export const NESTED_QUERY =
  '{ subjects(first: 100) { nodes { reviews { subject { reviews { subject { reviews { subject { reviews { id } } } } } } } } } }';

/** Creates the organization `bench-nested` and its admin when missing (the subjects and reviews come through the API). */
export async function provisionNestedOrganization(url: string): Promise<void> {
  const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'error', DATABASE_URL: url });
  const app = await NestFactory.createApplicationContext(OperatorModule.forUrl(config, url), { logger: false });
  try {
    const [present] = await app.get(DataSource).query<unknown[]>('SELECT 1 FROM organizations WHERE code = $1', [NESTED_CODE]);
    if (present) return;
    await app
      .get(Database)
      .transaction(newOrganizationContext(TIME_ZONE), (ctx) =>
        app
          .get(ProvisioningService)
          .provision(
            ctx,
            { code: NESTED_CODE, name: '入れ子クエリ検証用', timeZone: TIME_ZONE },
            { email: benchAdminEmail(NESTED_CODE), displayName: '管理者', password: BENCH_PASSWORD, mustChangePassword: false },
          ),
      );
  } finally {
    await app.close();
  }
}

type Post = (body: unknown) => Promise<{ status: number; json: unknown }>;

/**
 * 100 social media accounts (each gets its INITIAL review) and 30 review campaigns over them, as a
 * client makes them; skipped when the organization already has them.
 */
export async function buildNestedReviews(post: Post, log: (line: string) => void): Promise<void> {
  const { json } = await post({ query: '{ subjects(first: 1) { totalCount } reviewCampaigns { id } }' });
  const data = (json as { data?: { subjects: { totalCount: number }; reviewCampaigns: unknown[] } }).data;
  if (!data) throw new Error(`reading ${NESTED_CODE} failed: ${JSON.stringify(json)}`);
  if (data.subjects.totalCount >= NESTED_SUBJECTS && data.reviewCampaigns.length >= NESTED_CAMPAIGNS) return;
  if (data.subjects.totalCount > 0 || data.reviewCampaigns.length > 0) {
    throw new Error(`${NESTED_CODE} is half built (an interrupted run?): drop the bench database or that organization`);
  }
  log(`building ${NESTED_CODE}: ${NESTED_SUBJECTS} subjects with ${NESTED_CAMPAIGNS + 1} reviews each, through the API`);
  const must = async (body: unknown): Promise<void> => {
    const { json: answer } = await post(body);
    if ((answer as { errors?: unknown }).errors) throw new Error(`building ${NESTED_CODE} failed: ${JSON.stringify(answer)}`);
  };
  for (let i = 0; i < NESTED_SUBJECTS; i++) {
    await must({
      query: 'mutation($input: CreateSocialMediaAccountInput!) { createSocialMediaAccount(input: $input) { id } }',
      variables: {
        input: { name: `広報アカウント${i}`, platform: 'X', accountName: `@bench${i}`, url: `https://x.com/bench${i}`, purpose: '広報' },
      },
    });
  }
  const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  for (let i = 0; i < NESTED_CAMPAIGNS; i++) {
    await must({
      query: 'mutation($input: StartReviewCampaignInput!) { startReviewCampaign(input: $input) { total } }',
      variables: { input: { name: `確認キャンペーン${i + 1}`, subjectKind: 'SOCIAL_MEDIA_ACCOUNT', dueDate: due } },
    });
  }
}
