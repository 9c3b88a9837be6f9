import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Context } from '../common/context';
import { Database } from '../database/database';
import { SubjectsService } from '../subjects/subjects.service';
import { VendorsService } from '../vendors/vendors.service';
import { ImportError, ImportedRow, ImportRun } from './ledger-import-run';
import { LEDGERS, LedgerKind } from './ledger-columns';
import { LedgerLookups } from './ledger-lookups';
import { layoutOf, readSheet, SheetLayout, SheetRow } from './ledger-sheet';

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

/** A ledger file read and laid out, its rows not yet checked. */
export interface LedgerFile {
  kind: LedgerKind;
  sheet: SheetRow[];
  layout: SheetLayout;
}

export interface RunOptions {
  fileName: string | null;
  dryRun: boolean;
  /** Called with the rows done so far before every `every`-th row; what it throws ends the import, nothing saved. */
  progress?: { every: number; report: (rowsDone: number) => Promise<void> };
  /** Called in the import's transaction just before a real import without errors commits; what it throws rolls it back. */
  beforeCommit?: (ctx: Context, answer: ImportAnswer) => Promise<void>;
}

/** Rows between two refreshes of the planner statistics of the tables an import grows. */
const STATISTICS_EVERY = 2000;

/** Rows whose stored entries are read in one go ahead of them (a re-import updates, or leaves as they are, thousands). */
const READ_AHEAD = 500;

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

/*
 * A large import grows these tables by thousands of rows inside one transaction, which the
 * planner's statistics (and autovacuum) cannot see: after a rolled-back dry run they even describe
 * an empty organization full of dead rows, and lookups by id turn into scans that slow the import
 * down several times. Their statistics are refreshed every STATISTICS_EVERY rows and once after the
 * last one, before compliance is evaluated for the new entries. (New entries are written in batches,
 * set-based, so the statements that read the grown tables are few: every 500 rows was too often.)
 */

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
    private readonly vendors: VendorsService,
    private readonly subjects: SubjectsService,
    private readonly lookups: LedgerLookups,
    private readonly audit: AuditService,
  ) {}

  async import(ctx: Context, kind: LedgerKind, file: UploadedLedger, dryRun: boolean): Promise<ImportAnswer> {
    return this.run(ctx, await this.read(kind, file), { fileName: file.originalname ?? null, dryRun });
  }

  /** Reads the file: refused here (BAD_USER_INPUT) when it is no ledger of this kind; not a row is checked yet. */
  async read(kind: LedgerKind, file: UploadedLedger): Promise<LedgerFile> {
    const definition = LEDGERS[kind];
    const sheet = await readSheet(file.buffer, definition);
    const layout = layoutOf(sheet, definition);
    return { kind, sheet, layout };
  }

  /** Imports a file that was read: the synchronous import, and the job's (`options` say how far it got and let it stop). */
  async run(ctx: Context, ledger: LedgerFile, options: RunOptions): Promise<ImportAnswer> {
    const { kind, sheet, layout } = ledger;
    const { dryRun } = options;
    const definition = LEDGERS[kind];
    let run: ImportRun | undefined;
    try {
      // Batched: compliance is re-evaluated once for all rows, just before the commit, not after each one.
      await this.database.transaction(
        ctx,
        async (ctx) => {
          run = new ImportRun(ctx, definition, layout, {
            database: this.database,
            vendors: this.vendors,
            subjects: this.subjects,
            lookups: this.lookups,
          });
          if (run.missingKeyColumns(sheet.find((row) => row.cells.length > 0)?.number ?? 1)) throw new RolledBack();
          await run.load();
          for (const [index, row] of layout.rows.entries()) {
            if (index > 0 && index % STATISTICS_EVERY === 0) await this.database.analyze(ctx, GROWN_TABLES);
            if (options.progress && index % options.progress.every === 0) await options.progress.report(index);
            if (index % READ_AHEAD === 0) await run.readAheadFor(layout.rows.slice(index, index + READ_AHEAD));
            await run.row(row);
          }
          await run.flush();
          // Before compliance is evaluated for every new entry, in the same transaction (see Database.transaction).
          if (layout.rows.length >= STATISTICS_EVERY) await this.database.analyze(ctx, GROWN_TABLES);
          if (dryRun || run.errors.length > 0) throw new RolledBack();
          await this.audit.record(ctx, {
            action: 'LEDGER_IMPORTED',
            entityType: 'Ledger',
            entityId: null,
            changes: {
              kind: [null, kind],
              fileName: [null, options.fileName],
              rows: [null, layout.rows.length],
              created: [null, run.counts.created],
              updated: [null, run.counts.updated],
              unchanged: [null, run.counts.unchanged],
            },
          });
          await options.beforeCommit?.(ctx, run.answer(dryRun));
        },
        { batched: true },
      );
    } catch (error) {
      if (!(error instanceof RolledBack)) throw error;
    }
    return run!.answer(dryRun);
  }
}
