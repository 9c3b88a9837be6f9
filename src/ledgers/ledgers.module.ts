import { Module } from '@nestjs/common';
import { ComplianceModule } from '../compliance/compliance.module';
import { SubjectsModule } from '../subjects/subjects.module';
import { VendorsModule } from '../vendors/vendors.module';
import { ComplianceReportController } from './compliance-report.controller';
import { ComplianceReportRepository } from './compliance-report.repository';
import { ComplianceWorkbookService } from './compliance-workbook.service';
import { LedgerExportService } from './ledger-export.service';
import { LedgerImportService } from './ledger-import.service';
import { ImportSlots } from './import-slots';
import { LedgerImportJobRunner } from './ledger-import-job-runner';
import { LedgerImportJobsService } from './ledger-import-jobs.service';
import { LedgerImportWorker } from './ledger-import.worker';
import { LedgerImportsRepository } from './ledger-imports.repository';
import { LedgerLookups } from './ledger-lookups';
import { LedgersController } from './ledgers.controller';

/** The registers as spreadsheet files: templates, import, export, and the self-inspection workbook. */
@Module({
  imports: [VendorsModule, SubjectsModule, ComplianceModule],
  controllers: [LedgersController, ComplianceReportController],
  providers: [
    ImportSlots,
    LedgerImportService,
    LedgerImportJobsService,
    LedgerImportJobRunner,
    LedgerImportWorker,
    LedgerImportsRepository,
    LedgerExportService,
    ComplianceWorkbookService,
    LedgerLookups,
    ComplianceReportRepository,
  ],
})
export class LedgersModule {}
