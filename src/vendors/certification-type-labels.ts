import { CertificationType } from './certification-type.enum';

/** What a person reads for each certification type: in the ledgers and in compliance findings. */
export const CERTIFICATION_TYPE_LABELS: Record<CertificationType, string> = {
  [CertificationType.ISMS]: 'ISMS',
  [CertificationType.ISO27017]: 'ISO/IEC 27017',
  [CertificationType.PRIVACY_MARK]: 'プライバシーマーク',
  [CertificationType.ISMAP]: 'ISMAP',
  [CertificationType.ISMAP_LIU]: 'ISMAP-LIU',
  [CertificationType.SOC2]: 'SOC 2',
  [CertificationType.OTHER]: 'その他',
};
