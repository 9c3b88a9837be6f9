import { All, Controller, Get, HttpCode, Param, Post, Query, Res, UploadedFile, UseFilters, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Response } from 'express';
import { Context } from '../common/context';
import { AnyRole, CurrentContext, Public, Roles } from '../common/decorators';
import { Role } from '../common/role';
import { badField, notFound } from '../common/errors';
import { isUuid } from '../database/tenant-scope';
import { SubjectFilter } from '../subjects/dto/subject.inputs';
import { isLedgerKind, LEDGERS, LedgerKind } from './ledger-columns';
import { LedgerExceptionFilter } from './ledger-exception.filter';
import { LedgerExportService } from './ledger-export.service';
import { ImportAnswer, LedgerImportService, UploadedLedger } from './ledger-import.service';
import { ImportSlots } from './import-slots';
import { CsvOutput, TableOutput, XlsxOutput } from './ledger-output';
import { writeTemplate } from './ledger-template';
import { MAX_UPLOAD_BYTES } from './upload-limits';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CSV = 'text/csv; charset=utf-8';

export type FileFormat = 'xlsx' | 'csv';

function kindOf(value: string): LedgerKind {
  if (!isLedgerKind(value)) throw notFound(`台帳「${value}」`);
  return value;
}

/** Starts a download: an ASCII file name for old clients, the Japanese one (RFC 5987) for the rest. */
export function startDownload(response: Response, format: FileFormat, asciiName: string, japaneseName: string): TableOutput {
  response.status(200);
  response.setHeader('Content-Type', format === 'xlsx' ? XLSX : CSV);
  response.setHeader(
    'Content-Disposition',
    `attachment; filename="${asciiName}.${format}"; filename*=UTF-8''${encodeURIComponent(`${japaneseName}.${format}`)}`,
  );
  response.setHeader('Cache-Control', 'no-store');
  return format === 'xlsx' ? new XlsxOutput(response) : new CsvOutput(response);
}

/** The filters of `subjects` as query parameters; ids are checked before the first byte goes out. */
function exportFilter(filter: SubjectFilter): SubjectFilter {
  for (const field of ['ownerId', 'departmentId', 'vendorId'] as const) {
    const value = filter[field];
    if (value !== undefined && !isUuid(value)) throw badField(field, 'IDの形式が正しくありません。');
  }
  return filter;
}

/**
 * The ledgers as files: templates, import (ADMIN and PROCUREMENT_OFFICER; STAFF register accounts
 * through the API) and export. Failures answer `{ error: { code, message } }`.
 */
@Controller('api/ledgers')
@UseFilters(LedgerExceptionFilter)
export class LedgersController {
  constructor(
    private readonly importer: LedgerImportService,
    private readonly exporter: LedgerExportService,
    private readonly slots: ImportSlots,
  ) {}

  @Get(':kind/template.xlsx')
  @AnyRole()
  templateXlsx(@Param('kind') kind: string, @Res() response: Response): Promise<void> {
    return this.template(kindOf(kind), 'xlsx', response);
  }

  @Get(':kind/template.csv')
  @AnyRole()
  templateCsv(@Param('kind') kind: string, @Res() response: Response): Promise<void> {
    return this.template(kindOf(kind), 'csv', response);
  }

  @Post(':kind/import')
  @Roles(Role.ADMIN, Role.PROCUREMENT_OFFICER)
  @HttpCode(200)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 20, parts: 30 } }))
  async import(
    @CurrentContext() ctx: Context,
    @Param('kind') kind: string,
    @Query('dryRun') dryRun: string | undefined,
    @UploadedFile() file: UploadedLedger | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ImportAnswer> {
    const ledger = kindOf(kind);
    if (dryRun !== undefined && dryRun !== 'true' && dryRun !== 'false')
      throw badField('dryRun', 'dryRun は true 又は false で指定してください。');
    if (!file) throw badField('file', 'multipart/form-data の file 欄に .xlsx 又は CSV のファイルを付けてください。');
    // At most IMPORT_PARSE_CONCURRENCY uploads are read at once; the others wait briefly, then get 503.
    const answer = await this.slots.run(() => this.importer.import(ctx, ledger, file, dryRun === 'true'));
    // A real import refused for errors saved nothing.
    if (!answer.dryRun && answer.errors.length > 0) response.status(422);
    return answer;
  }

  @Get(':kind/export.xlsx')
  @AnyRole()
  exportXlsx(
    @CurrentContext() ctx: Context,
    @Param('kind') kind: string,
    @Query() filter: SubjectFilter,
    @Res() response: Response,
  ): Promise<void> {
    return this.export(ctx, kindOf(kind), exportFilter(filter), 'xlsx', response);
  }

  @Get(':kind/export.csv')
  @AnyRole()
  exportCsv(
    @CurrentContext() ctx: Context,
    @Param('kind') kind: string,
    @Query() filter: SubjectFilter,
    @Res() response: Response,
  ): Promise<void> {
    return this.export(ctx, kindOf(kind), exportFilter(filter), 'csv', response);
  }

  /** Anything else under /api/ledgers answers NOT_FOUND in the same shape. */
  @All('*path')
  @Public()
  unknown(): never {
    throw notFound('ページ');
  }

  private template(kind: LedgerKind, format: FileFormat, response: Response): Promise<void> {
    const output = startDownload(response, format, `${kind}-template`, `${LEDGERS[kind].title}_様式`);
    return writeTemplate(LEDGERS[kind], output, format === 'xlsx');
  }

  private export(ctx: Context, kind: LedgerKind, filter: SubjectFilter, format: FileFormat, response: Response): Promise<void> {
    const today = ctx.today();
    const output = startDownload(response, format, `${kind}-${today}`, `${LEDGERS[kind].title}_${today}`);
    return this.exporter.write(ctx, kind, filter, output);
  }
}
