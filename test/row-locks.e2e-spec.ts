import { Role } from '../src/common/role';
import { createContract, createVendor, organizationWithRoles, startApp, TestApp, tokyoDate } from './support/harness';
import { eventually } from './support/smtp-listener';

const UPDATE_CONTRACT = `mutation($id: ID!, $input: UpdateOutsourcingContractInput!) {
  updateOutsourcingContract(id: $id, input: $input) { version endDate } }`;

/**
 * Row locks that let foreign keys through. A write locks the rows it changes FOR NO KEY UPDATE: a
 * transaction holding a review while it inserts a row that refers to the review's subject (the
 * review notice job writing a notification) must not deadlock with a contract update that holds the
 * subject and cancels that review. With FOR UPDATE on the subject, CI saw "deadlock detected".
 */
describe('row locks', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  /** A contract ending in 30 days (inside the renewal window, so its RENEWAL review is open) and that review. */
  async function contractWithRenewal(): Promise<{ token: string; contractId: string; renewal: { id: string; organization_id: string } }> {
    const { tokens } = await organizationWithRoles(testApp);
    const token = tokens[Role.PROCUREMENT_OFFICER];
    const vendor = await createVendor(testApp, token);
    const contract = await createContract(testApp, token, vendor.id, { endDate: tokyoDate(30) });
    const [renewal] = await testApp.dataSource.query<{ id: string; organization_id: string }[]>(
      `SELECT id, organization_id FROM reviews WHERE subject_id = $1 AND kind = 'RENEWAL' AND status = 'OPEN'`,
      [contract.id],
    );
    expect(renewal).toBeDefined();
    return { token, contractId: contract.id, renewal };
  }

  /** Until the contract update waits for a row lock on the review (this database, any session). */
  async function updateWaitingForReview(): Promise<void> {
    await eventually(async () => {
      const waiting = await testApp.dataSource.query<unknown[]>(
        `SELECT 1 FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'UPDATE "reviews"%'`,
      );
      return waiting.length > 0 ? true : undefined;
    }, 'the update waiting for the review');
  }

  it('a contract update cancelling a review waits for a notice job holding that review, and both finish', async () => {
    const { token, contractId, renewal } = await contractWithRenewal();

    // What the review notice job does: it holds its review (FOR SHARE) ...
    const job = testApp.dataSource.createQueryRunner();
    await job.connect();
    try {
      await job.startTransaction();
      expect(await job.query(`SELECT id FROM reviews WHERE id = $1 FOR SHARE`, [renewal.id])).toHaveLength(1);

      // ... while the update locks the subject and reaches the review, where it waits for the job.
      const updating = testApp.gql(UPDATE_CONTRACT, { id: contractId, input: { expectedVersion: 1, endDate: null } }, token);
      await updateWaitingForReview();

      // ... then inserts a notification about the subject, whose foreign-key check takes FOR KEY SHARE
      // on the subject row the update holds. FOR NO KEY UPDATE lets it through; FOR UPDATE deadlocked.
      const keyShare = await job.query(`SELECT id FROM subjects WHERE organization_id = $1 AND id = $2 FOR KEY SHARE`, [
        renewal.organization_id,
        contractId,
      ]);
      expect(keyShare).toHaveLength(1);
      await job.commitTransaction();

      const updated = await updating;
      expect(updated.errors).toBeUndefined();
      expect(updated.data!.updateOutsourcingContract).toEqual({ version: 2, endDate: null });
    } finally {
      if (job.isTransactionActive) await job.rollbackTransaction();
      await job.release();
    }
    const [after] = await testApp.dataSource.query<{ status: string }[]>(`SELECT status FROM reviews WHERE id = $1`, [renewal.id]);
    expect(after.status).toBe('CANCELLED');
  });

  it('a write that PostgreSQL rolls back on a deadlock is answered CONFLICT, and nothing of it is saved', async () => {
    const { token, contractId, renewal } = await contractWithRenewal();
    const other = testApp.dataSource.createQueryRunner();
    await other.connect();
    try {
      await other.startTransaction();
      // This session never looks for deadlocks first (superuser setting), so the update is the one rolled back.
      await other.query(`SET LOCAL deadlock_timeout = '60s'`);
      await other.query(`SELECT id FROM reviews WHERE id = $1 FOR SHARE`, [renewal.id]);
      const updating = testApp.gql(UPDATE_CONTRACT, { id: contractId, input: { expectedVersion: 1, endDate: null } }, token);
      await updateWaitingForReview();
      // A lock that does conflict with the update's hold on the subject closes the cycle.
      const blocked = other.query(`SELECT id FROM subjects WHERE organization_id = $1 AND id = $2 FOR UPDATE`, [
        renewal.organization_id,
        contractId,
      ]);
      const refused = await updating;
      expect(refused.data).toBeNull();
      expect(refused.errors).toEqual([
        expect.objectContaining({
          message: '同時に行われた別の処理と競合したため、何も保存しませんでした。もう一度やり直してください。',
          extensions: { code: 'CONFLICT' },
        }),
      ]);
      expect(await blocked).toHaveLength(1);
      await other.commitTransaction();
    } finally {
      if (other.isTransactionActive) await other.rollbackTransaction();
      await other.release();
    }
    const [stored] = await testApp.dataSource.query<{ version: number; end_date: string | null; renewal: string }[]>(
      `SELECT s.version, c.end_date::text, (SELECT status FROM reviews WHERE id = $2) AS renewal
         FROM subjects s JOIN outsourcing_contracts c ON c.subject_id = s.id WHERE s.id = $1`,
      [contractId, renewal.id],
    );
    expect(stored).toEqual({ version: 1, end_date: tokyoDate(30), renewal: 'OPEN' });
    // Sent again, it goes through.
    const again = await testApp.gql(UPDATE_CONTRACT, { id: contractId, input: { expectedVersion: 1, endDate: null } }, token);
    expect(again.errors).toBeUndefined();
    expect(again.data!.updateOutsourcingContract).toEqual({ version: 2, endDate: null });
  });
});
