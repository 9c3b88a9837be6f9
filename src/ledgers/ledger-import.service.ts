import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/actor';
import { DeferredComplianceRefresh } from '../compliance/compliance.service';
import { Database } from '../database/database';
import { WithinTransaction } from '../database/within-transaction';
import { ReviewScheduler } from '../reviews/review-scheduler';
import { SubjectsService } from '../subjects/subjects.service';
import { VendorsService } from '../vendors/vendors.service';
import { ImportError, ImportedRow, ImportRun } from './ledger-import-run';
import { LEDGERS, LedgerKind } from './ledger-columns';
import { layoutOf, readSheet } from './ledger-sheet';

/** The answer of an import, dry run or real, exactly as the API promises it. */
export interface ImportAnswer {
  dryRun: boolean;
  created: number;
  updated: number;
  unchanged: number;
  rows: ImportedRow[];
  errors: ImportError[];
}

export interface UploadedLedger {
  buffer: Buffer;
  originalname?: string;
}

/** Rows between two refreshes of the planner statistics of the tables an import grows. */
const STATISTICS_EVERY = 500;

const GROWN_TABLES = [
  'subjects',
  'outsourcing_contracts',
  'cloud_services',
  'social_media_accounts',
  'contract_subcontractors',
  'reviews',
  'subject_findings',
  'vendors',
];

/**
 * A large import grows these tables by thousands of rows inside one transaction, which the
 * planner's statistics (and autovacuum) cannot see: after a rolled-back dry run they even describe
 * an empty organization full of dead rows, and the per-row lookups by id turn into scans that slow
 * the import down several times. ANALYZE inside the transaction counts its own new rows.
 */
async function refreshStatistics(manager: EntityManager): Promise<void> {
  await manager.query(`ANALYZE ${GROWN_TABLES.join(', ')}`);
}

/** Thrown to end the transaction without committing it (a dry run, or a file with errors). */
class RolledBack extends Error {}

/**
 * Imports a ledger file: all of it in one transaction, written through the same services as the
 * API. A dry run is the real import rolled back, so it reports exactly what the real one would do
 * and refuse; a real import with any error is rolled back too (nothing saved).
 */
@Injectable()
export class LedgerImportService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
    private readonly reviews: ReviewScheduler,
  ) {}

  async import(actor: Actor, kind: LedgerKind, file: UploadedLedger, dryRun: boolean): Promise<ImportAnswer> {
    const definition = LEDGERS[kind];
    const sheet = await readSheet(file.buffer, definition);
    const layout = layoutOf(sheet, definition);
    let run: ImportRun | undefined;
    try {
      await this.database.transaction(async (manager) => {
        // Services written for single writes, joined into this one transaction.
        const database = new WithinTransaction(manager);
        const vendors = new VendorsService(database, this.audit);
        // Compliance is re-evaluated once for all rows at the end, not after each one.
        const compliance = new DeferredComplianceRefresh();
        const subjects = new SubjectsService(database, this.audit, compliance, this.reviews);
        run = new ImportRun(manager, actor, definition, layout, vendors, subjects);
        if (run.missingKeyColumns(sheet.find((row) => row.cells.length > 0)?.number ?? 1)) throw new RolledBack();
        await run.load();
        for (const [index, row] of layout.rows.entries()) {
          if (index > 0 && index % STATISTICS_EVERY === 0) await refreshStatistics(manager);
          await run.row(row);
        }
        if (dryRun || run.errors.length > 0) throw new RolledBack();
        await compliance.flush(manager);
        await this.audit.record(manager, actor, {
          action: 'LEDGER_IMPORTED',
          entityType: 'Ledger',
          entityId: null,
          changes: {
            kind: [null, kind],
            fileName: [null, file.originalname ?? null],
            rows: [null, layout.rows.length],
            created: [null, run.counts.created],
            updated: [null, run.counts.updated],
            unchanged: [null, run.counts.unchanged],
          },
        });
      });
    } catch (error) {
      if (!(error instanceof RolledBack)) throw error;
    }
    return run!.answer(dryRun);
  }
}
