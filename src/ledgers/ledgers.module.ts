import { Module } from '@nestjs/common';
import { ComplianceModule } from '../compliance/compliance.module';
import { SubjectsService } from '../subjects/subjects.service';
import { VendorsModule } from '../vendors/vendors.module';
import { ComplianceReportController } from './compliance-report.controller';
import { ComplianceWorkbookService } from './compliance-workbook.service';
import { LedgerExportService } from './ledger-export.service';
import { LedgerImportService } from './ledger-import.service';
import { LedgersController } from './ledgers.controller';

/** The registers as spreadsheet files: templates, import, export, and the self-inspection workbook. */
@Module({
  imports: [VendorsModule, ComplianceModule],
  controllers: [LedgersController, ComplianceReportController],
  // SubjectsService is stateless; the subjects module does not export it, so the ledgers hold their own.
  providers: [SubjectsService, LedgerImportService, LedgerExportService, ComplianceWorkbookService],
})
export class LedgersModule {}
