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

  it('a contract update cancelling a review waits for a notice job holding that review, and both finish', async () => {
    const { tokens } = await organizationWithRoles(testApp);
    const token = tokens[Role.PROCUREMENT_OFFICER];
    const vendor = await createVendor(testApp, token);
    // Ends in 30 days: inside the renewal window, so a RENEWAL review is open at once.
    const contract = await createContract(testApp, token, vendor.id, { endDate: tokyoDate(30) });
    const [renewal] = await testApp.dataSource.query<{ id: string; organization_id: string }[]>(
      `SELECT id, organization_id FROM reviews WHERE subject_id = $1 AND kind = 'RENEWAL' AND status = 'OPEN'`,
      [contract.id],
    );
    expect(renewal).toBeDefined();

    // What the review notice job does: it holds its review (FOR SHARE) ...
    const job = testApp.dataSource.createQueryRunner();
    await job.connect();
    try {
      await job.startTransaction();
      expect(await job.query(`SELECT id FROM reviews WHERE id = $1 FOR SHARE`, [renewal.id])).toHaveLength(1);

      // ... while the update locks the subject and reaches the review, where it waits for the job.
      const updating = testApp.gql(UPDATE_CONTRACT, { id: contract.id, input: { expectedVersion: 1, endDate: null } }, token);
      await eventually(async () => {
        const waiting = await testApp.dataSource.query<unknown[]>(
          `SELECT 1 FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'UPDATE "reviews"%'`,
        );
        return waiting.length > 0 ? true : undefined;
      }, 'the update waiting for the review');

      // ... then inserts a notification about the subject, whose foreign-key check takes FOR KEY SHARE
      // on the subject row the update holds. FOR NO KEY UPDATE lets it through; FOR UPDATE deadlocked.
      const keyShare = await job.query(`SELECT id FROM subjects WHERE organization_id = $1 AND id = $2 FOR KEY SHARE`, [
        renewal.organization_id,
        contract.id,
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
});
