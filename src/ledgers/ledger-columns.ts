import { CloudUsageType, NetworkSegment, RiskTier, SocialMediaPlatform, SubjectKind } from '../domain/subject.enums';
import { ComplianceStatus } from '../domain/compliance.enums';
import { CertificationType } from '../vendors/certification-type.enum';
import { CERTIFICATION_TYPE_LABELS } from '../vendors/certification-type-labels';
import { CellType, EnumOption } from './cell-values';

/** The four ledgers, as they appear in the URL. */
export const LEDGER_KINDS = ['vendors', 'outsourcing-contracts', 'cloud-services', 'social-media-accounts'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export function isLedgerKind(value: string): value is LedgerKind {
  return (LEDGER_KINDS as readonly string[]).includes(value);
}

export const NETWORK_SEGMENTS: readonly EnumOption[] = [
  { code: NetworkSegment.MY_NUMBER, label: 'マイナンバー利用事務系', aliases: ['個人番号利用事務系', 'マイナンバー系'] },
  { code: NetworkSegment.LGWAN, label: 'LGWAN接続系', aliases: ['LGWAN'] },
  { code: NetworkSegment.INTERNET, label: 'インターネット接続系', aliases: ['インターネット'] },
  { code: NetworkSegment.NONE, label: '接続なし', aliases: ['なし', '該当なし'] },
];

export const USAGE_TYPES: readonly EnumOption[] = [
  { code: CloudUsageType.TERMS_OF_SERVICE, label: '約款型', aliases: ['約款', '約款による外部サービス', '約款型外部サービス'] },
  { code: CloudUsageType.CONTRACT, label: '契約型', aliases: ['個別契約', '契約'] },
];

export const PLATFORMS: readonly EnumOption[] = [
  { code: SocialMediaPlatform.X, label: 'X（旧Twitter）', aliases: ['Twitter', 'X(Twitter)'] },
  { code: SocialMediaPlatform.FACEBOOK, label: 'Facebook', aliases: ['フェイスブック'] },
  { code: SocialMediaPlatform.INSTAGRAM, label: 'Instagram', aliases: ['インスタグラム'] },
  { code: SocialMediaPlatform.LINE, label: 'LINE', aliases: ['ライン', 'LINE公式アカウント'] },
  { code: SocialMediaPlatform.YOUTUBE, label: 'YouTube', aliases: ['ユーチューブ'] },
  { code: SocialMediaPlatform.TIKTOK, label: 'TikTok', aliases: ['ティックトック'] },
  { code: SocialMediaPlatform.NOTE, label: 'note' },
  { code: SocialMediaPlatform.OTHER, label: 'その他' },
];

export const CERTIFICATION_TYPES: readonly EnumOption[] = [
  { code: CertificationType.ISMS, label: CERTIFICATION_TYPE_LABELS.ISMS, aliases: ['ISO27001', 'ISO/IEC 27001'] },
  { code: CertificationType.ISO27017, label: CERTIFICATION_TYPE_LABELS.ISO27017, aliases: ['ISMSクラウドセキュリティ'] },
  { code: CertificationType.PRIVACY_MARK, label: CERTIFICATION_TYPE_LABELS.PRIVACY_MARK, aliases: ['Pマーク'] },
  { code: CertificationType.ISMAP, label: CERTIFICATION_TYPE_LABELS.ISMAP },
  { code: CertificationType.ISMAP_LIU, label: CERTIFICATION_TYPE_LABELS.ISMAP_LIU },
  { code: CertificationType.SOC2, label: CERTIFICATION_TYPE_LABELS.SOC2 },
  { code: CertificationType.OTHER, label: CERTIFICATION_TYPE_LABELS.OTHER },
];

export const RISK_TIERS: readonly EnumOption[] = [
  { code: RiskTier.HIGH, label: '高' },
  { code: RiskTier.MEDIUM, label: '中' },
  { code: RiskTier.LOW, label: '低' },
];

export const COMPLIANCE_STATUSES: readonly EnumOption[] = [
  { code: ComplianceStatus.COMPLIANT, label: '適合' },
  { code: ComplianceStatus.PENDING_REVIEW, label: '確認待ち' },
  { code: ComplianceStatus.NON_COMPLIANT, label: '不適合' },
];

/** The Japanese label of a code (the code itself when unknown). */
export function labelOf(options: readonly EnumOption[], code: string): string {
  return options.find((o) => o.code === code)?.label ?? code;
}

export const SUBJECT_KIND_NAMES: Record<SubjectKind, string> = {
  OUTSOURCING_CONTRACT: '委託契約',
  CLOUD_SERVICE: 'クラウドサービス',
  SOCIAL_MEDIA_ACCOUNT: 'SNSアカウント',
};

/** One column of a ledger: what import reads and export writes. */
export interface LedgerColumn {
  /** The Japanese header of the template and the export. */
  header: string;
  /** The English field name (second header row). */
  field: string;
  cell: CellType;
  /** Needed on a row that registers a new entry (an update may leave it blank). */
  required: boolean;
  /** Part of the natural key: needed on every row. */
  key?: boolean;
  description: string;
  /** The template's example row, in the words a person types: labels (LGWAN接続系), 有/無, dates as 2026-04-01. */
  example: string;
}

/** A column that export writes and import passes over: derived figures, names, the era form of dates. */
export interface ReportColumn {
  header: string;
  field: string;
  /** Holds a calendar date (a date cell in an .xlsx). */
  date?: boolean;
}

export interface LedgerDefinition {
  kind: LedgerKind;
  /** Sheet name and file title. */
  title: string;
  subjectKind: SubjectKind | null;
  columns: readonly LedgerColumn[];
  /** How a row finds the entry it updates. */
  naturalKey: string;
}

const text = { type: 'text' } as const;
const date = { type: 'date' } as const;
const bool = { type: 'boolean' } as const;
const list = { type: 'list' } as const;

const VENDOR_REFERENCE: LedgerColumn[] = [
  {
    header: '取引先法人番号',
    field: 'vendorCorporateNumber',
    cell: { type: 'corporateNumber' },
    required: false,
    description: '委託先・提供者の法人番号（13桁、全角数字も可）。取引先はまず法人番号で、なければ取引先名で探します。',
    example: '7010001999999',
  },
  {
    header: '取引先名',
    field: 'vendorName',
    cell: text,
    required: false,
    description: '委託先・提供者の名称（取引先台帳の名称と完全一致）。法人番号か取引先名のどちらかが必要です。',
    example: '株式会社れい和システム',
  },
  {
    header: '取引先自動登録',
    field: 'createVendor',
    cell: bool,
    required: false,
    description: '有: 取引先が未登録なら取引先名（と法人番号）で登録します。無又は空欄: 未登録の取引先はエラー。',
    example: '有',
  },
];

const OWNERSHIP: LedgerColumn[] = [
  {
    header: '責任者メールアドレス',
    field: 'ownerEmail',
    cell: { type: 'email' },
    required: false,
    description: '責任者（管理者）である利用者のメールアドレス。この団体の有効な利用者に限ります。',
    example: '',
  },
  {
    header: '担当部署',
    field: 'department',
    cell: text,
    required: false,
    description: '部署名（登録済みの部署名と完全一致）。',
    example: '',
  },
];

const LEVELS: LedgerColumn[] = [
  { header: '機密性', field: 'confidentiality', cell: { type: 'level', max: 3 }, required: true, description: '1〜3', example: '2' },
  { header: '完全性', field: 'integrity', cell: { type: 'level', max: 2 }, required: true, description: '1〜2', example: '1' },
  { header: '可用性', field: 'availability', cell: { type: 'level', max: 2 }, required: true, description: '1〜2', example: '1' },
];

const LAST_REVIEWED: LedgerColumn = {
  header: '前回確認日',
  field: 'lastReviewedOn',
  cell: date,
  required: false,
  description: '登録前に行った直近の確認の日。次回の確認期限はこの日から数えます（新規登録の行でのみ読みます）。',
  example: '2025-10-01',
};

const VENDORS: LedgerDefinition = {
  kind: 'vendors',
  title: '取引先台帳',
  subjectKind: null,
  naturalKey: '法人番号、なければ取引先名（完全一致）',
  columns: [
    {
      header: '取引先名',
      field: 'name',
      cell: text,
      required: true,
      key: true,
      description: '法人名（200文字以内）。',
      example: '株式会社れい和システム',
    },
    {
      header: '法人番号',
      field: 'corporateNumber',
      cell: { type: 'corporateNumber' },
      required: false,
      description: '13桁（全角数字も可）。あればこれで既存の取引先を探します。',
      example: '7010001999999',
    },
    {
      header: '所在地',
      field: 'address',
      cell: text,
      required: false,
      description: '500文字以内。',
      example: '東京都千代田区霞が関一丁目1番1号',
    },
    {
      header: 'ウェブサイト',
      field: 'websiteUrl',
      cell: text,
      required: false,
      description: 'http:// 又は https:// で始まるURL。',
      example: 'https://www.example.jp',
    },
    {
      header: '認証',
      field: 'certifications',
      cell: list,
      required: false,
      description: '「種別:番号:有効期限」を「;」で区切って列挙（例: ISMS:IS 123456:2027-03-31）。書くと一覧全体を置き換えます。',
      example: 'ISMS:IS 123456:2027-03-31;プライバシーマーク:第10820123(05)号:2026-06-30',
    },
  ],
};

const CONTRACTS: LedgerDefinition = {
  kind: 'outsourcing-contracts',
  title: '委託契約台帳',
  subjectKind: SubjectKind.OUTSOURCING_CONTRACT,
  naturalKey: '契約番号',
  columns: [
    {
      header: '委託契約名',
      field: 'name',
      cell: text,
      required: true,
      description: '200文字以内。',
      example: '保険料額決定通知書等印刷封入封緘業務',
    },
    {
      header: '契約番号',
      field: 'contractNumber',
      cell: text,
      required: true,
      key: true,
      description: '団体内で一意。既存の契約はこれで探します。',
      example: 'R8-委-014',
    },
    ...VENDOR_REFERENCE,
    ...OWNERSHIP,
    {
      header: '契約開始日',
      field: 'startDate',
      cell: date,
      required: true,
      description: '2026-04-01、2026/4/1、令和8年4月1日など。',
      example: '2026-04-01',
    },
    { header: '契約終了日', field: 'endDate', cell: date, required: false, description: '契約開始日以降。', example: '2027-03-31' },
    ...LEVELS,
    {
      header: 'ネットワーク区分',
      field: 'networkSegment',
      cell: { type: 'enum', options: NETWORK_SEGMENTS },
      required: true,
      description: '委託業務で接続するネットワーク。',
      example: 'LGWAN接続系',
    },
    {
      header: '個人情報',
      field: 'handlesPersonalInformation',
      cell: bool,
      required: true,
      description: '個人情報を取り扱うか。',
      example: '有',
    },
    {
      header: 'マイナンバー',
      field: 'handlesMyNumber',
      cell: bool,
      required: true,
      description: '特定個人情報（マイナンバー）を取り扱うか。',
      example: '無',
    },
    { header: '再委託', field: 'subcontractingAllowed', cell: bool, required: true, description: '再委託を認めるか。', example: '無' },
    {
      header: '再委託先',
      field: 'subcontractors',
      cell: list,
      required: false,
      description: '再委託先の法人番号又は取引先名を「;」で区切って列挙（登録済みの取引先に限る）。書くと一覧全体を置き換えます。',
      example: '',
    },
    {
      header: '作業場所',
      field: 'workLocation',
      cell: text,
      required: false,
      description: '500文字以内。',
      example: '受託者の印刷工場（京都府京都市）',
    },
    LAST_REVIEWED,
  ],
};

const CLOUD_SERVICES: LedgerDefinition = {
  kind: 'cloud-services',
  title: 'クラウドサービス利用台帳',
  subjectKind: SubjectKind.CLOUD_SERVICE,
  naturalKey: '取引先（法人番号又は取引先名）とサービス名の組合せ',
  columns: [
    {
      header: 'サービス名',
      field: 'name',
      cell: text,
      required: true,
      key: true,
      description: '200文字以内。',
      example: '電子申請サービス（LGWAN-ASP）',
    },
    ...VENDOR_REFERENCE,
    ...OWNERSHIP,
    {
      header: '利用形態',
      field: 'usageType',
      cell: { type: 'enum', options: USAGE_TYPES },
      required: true,
      description: '約款による利用か個別の契約か。',
      example: '契約型',
    },
    {
      header: '利用目的',
      field: 'purpose',
      cell: text,
      required: true,
      description: '2000文字以内。',
      example: '被保険者からの各種申請の受付',
    },
    {
      header: 'サービスURL',
      field: 'serviceUrl',
      cell: text,
      required: false,
      description: 'http:// 又は https:// で始まるURL。',
      example: 'https://service.example.jp',
    },
    {
      header: 'データ保存場所',
      field: 'dataLocations',
      cell: list,
      required: false,
      description: 'ISO 3166-1 の2文字の国コードを「;」で区切って列挙（例: JP;US）。',
      example: 'JP',
    },
    {
      header: 'ネットワーク区分',
      field: 'networkSegment',
      cell: { type: 'enum', options: NETWORK_SEGMENTS },
      required: false,
      description: '空欄ならインターネット接続系。',
      example: 'LGWAN接続系',
    },
    {
      header: '個人情報',
      field: 'handlesPersonalInformation',
      cell: bool,
      required: true,
      description: '個人情報を取り扱うか。',
      example: '有',
    },
    { header: 'マイナンバー', field: 'handlesMyNumber', cell: bool, required: false, description: '空欄なら無。', example: '無' },
    ...LEVELS,
    LAST_REVIEWED,
  ],
};

const SOCIAL_MEDIA: LedgerDefinition = {
  kind: 'social-media-accounts',
  title: 'SNSアカウント台帳',
  subjectKind: SubjectKind.SOCIAL_MEDIA_ACCOUNT,
  naturalKey: 'プラットフォームとアカウント名の組合せ',
  columns: [
    { header: '名称', field: 'name', cell: text, required: true, description: '200文字以内。', example: '広域連合公式X（旧Twitter）' },
    {
      header: 'プラットフォーム',
      field: 'platform',
      cell: { type: 'enum', options: PLATFORMS },
      required: true,
      key: true,
      description: '利用するサービス。',
      example: 'X（旧Twitter）',
    },
    {
      header: 'アカウント名',
      field: 'accountName',
      cell: text,
      required: true,
      key: true,
      description: '例: @koho_example',
      example: '@koho_example',
    },
    {
      header: 'URL',
      field: 'url',
      cell: text,
      required: true,
      description: 'http:// 又は https:// で始まるURL。',
      example: 'https://x.com/koho_example',
    },
    {
      header: '利用目的',
      field: 'purpose',
      cell: text,
      required: true,
      description: '2000文字以内。',
      example: '制度改正・窓口案内のお知らせ',
    },
    ...OWNERSHIP,
    {
      header: '発信方針',
      field: 'postingPolicy',
      cell: text,
      required: false,
      description: '10000文字以内。',
      example: '機密性2以上の情報は発信しない。',
    },
    {
      header: '運用手順URL',
      field: 'operatingProcedureUrl',
      cell: text,
      required: false,
      description: 'http:// 又は https:// で始まるURL。',
      example: '',
    },
    {
      header: '可用性',
      field: 'availability',
      cell: { type: 'level', max: 2 },
      required: false,
      description: '1〜2（空欄なら1）。',
      example: '1',
    },
    LAST_REVIEWED,
  ],
};

export const LEDGERS: Record<LedgerKind, LedgerDefinition> = {
  vendors: VENDORS,
  'outsourcing-contracts': CONTRACTS,
  'cloud-services': CLOUD_SERVICES,
  'social-media-accounts': SOCIAL_MEDIA,
};

/**
 * The ID of the entry a row was exported from, the export's last column. A row that carries it
 * updates that entry, whatever its natural key says: an entry registered through the API may have
 * no natural key at all (a contract without a contract number), or share it with another (two
 * vendors of one name without a corporate number), and its export must still import back as
 * UNCHANGED. With an ID the key cells are ordinary values (a changed contract number is an update);
 * without one (a new row, or a file typed by hand) the natural key finds the entry. An ID this
 * organization does not hold in this ledger is an error, never a new entry.
 */
export const RECORD_ID: LedgerColumn = {
  header: '登録ID',
  field: 'recordId',
  cell: text,
  required: false,
  description: 'エクスポートしたファイルの登録の識別子。この列のある行はその登録を更新します。新規の行では空欄にしてください。',
  example: '',
};

/** What export adds after the entered columns of a register of subjects; import passes over them. */
export const SUBJECT_REPORT_COLUMNS: readonly ReportColumn[] = [
  { header: '責任者氏名', field: 'ownerName' },
  { header: 'リスク区分', field: 'riskTier' },
  { header: '適合状況', field: 'complianceStatus' },
  { header: '指摘事項', field: 'findings' },
  { header: '次回確認期限', field: 'nextReviewDue', date: true },
  { header: '次回確認期限（和暦）', field: 'nextReviewDueEra' },
  { header: '状態', field: 'status' },
];

/** The era column export writes beside a date column. */
export function eraColumnOf(column: LedgerColumn): ReportColumn {
  return { header: `${column.header}（和暦）`, field: `${column.field}Era` };
}

/**
 * Every column export writes for a ledger, in order: entered columns (each date followed by its era
 * form), the report columns, then the record's ID. Import reads the entered columns and the ID.
 */
export function exportColumns(definition: LedgerDefinition): { header: string; field: string; column?: LedgerColumn; date?: boolean }[] {
  const entered = definition.columns.flatMap((column) =>
    column.cell.type === 'date'
      ? [{ header: column.header, field: column.field, column }, eraColumnOf(column)]
      : [{ header: column.header, field: column.field, column }],
  );
  const id = { header: RECORD_ID.header, field: RECORD_ID.field, column: RECORD_ID };
  return [...entered, ...(definition.subjectKind ? SUBJECT_REPORT_COLUMNS : []), id];
}

/** The words a drop-down list offers for a column with fixed values (the labels the import reads); undefined for free text. */
export function choicesOf(cell: CellType): string[] | undefined {
  switch (cell.type) {
    case 'boolean':
      return ['有', '無'];
    case 'enum':
      return cell.options.map((o) => o.label);
    case 'level':
      return Array.from({ length: cell.max }, (_, i) => String(i + 1));
    case 'text':
    case 'email':
    case 'corporateNumber':
    case 'date':
    case 'list':
      return undefined;
  }
}

/** The allowed values of an enumerated column, as the notes sheet and README list them. */
export function allowedValues(column: LedgerColumn): string {
  switch (column.cell.type) {
    case 'enum':
      return column.cell.options.map((o) => `${o.label}（${o.code}）`).join('、');
    case 'boolean':
      return '有／無（はい／いいえ、true／false、1／0）';
    case 'level':
      return `1〜${column.cell.max}`;
    case 'date':
      return '2026-04-01、2026/4/1、令和8年4月1日、R8.4.1';
    case 'list':
      return column.field === 'certifications'
        ? `種別: ${CERTIFICATION_TYPES.map((o) => `${o.label}（${o.code}）`).join('、')}`
        : '「;」区切り';
    case 'corporateNumber':
      return '13桁の数字';
    case 'email':
    case 'text':
      return '';
  }
}
