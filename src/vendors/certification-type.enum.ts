export enum CertificationType {
  ISMS = 'ISMS',
  ISO27017 = 'ISO27017',
  PRIVACY_MARK = 'PRIVACY_MARK',
  ISMAP = 'ISMAP',
  ISMAP_LIU = 'ISMAP_LIU',
  SOC2 = 'SOC2',
  OTHER = 'OTHER',
}
