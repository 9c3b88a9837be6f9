import { All, Controller, Get, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { Context } from '../common/context';
import { AnyRole, CurrentContext, Public } from '../common/decorators';
import { notFound } from '../common/errors';
import { ComplianceWorkbookService } from './compliance-workbook.service';
import { LedgerExceptionFilter } from './ledger-exception.filter';
import { startDownload } from './ledgers.controller';

/** The self-inspection workbook for the auditor. Every role may read it. */
@Controller('api/reports')
@UseFilters(LedgerExceptionFilter)
export class ComplianceReportController {
  constructor(private readonly workbook: ComplianceWorkbookService) {}

  @Get('compliance.xlsx')
  @AnyRole()
  compliance(@CurrentContext() ctx: Context, @Res() response: Response): Promise<void> {
    const today = ctx.today();
    return this.workbook.write(ctx, startDownload(response, 'xlsx', `compliance-${today}`, `自己点検_コンプライアンス状況_${today}`));
  }

  @All('*path')
  @Public()
  unknown(): never {
    throw notFound('ページ');
  }
}
