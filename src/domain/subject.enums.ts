export enum SubjectKind {
  OUTSOURCING_CONTRACT = 'OUTSOURCING_CONTRACT',
  CLOUD_SERVICE = 'CLOUD_SERVICE',
  SOCIAL_MEDIA_ACCOUNT = 'SOCIAL_MEDIA_ACCOUNT',
}

export enum SubjectStatus {
  ACTIVE = 'ACTIVE',
  ARCHIVED = 'ARCHIVED',
}

export enum NetworkSegment {
  MY_NUMBER = 'MY_NUMBER',
  LGWAN = 'LGWAN',
  INTERNET = 'INTERNET',
  NONE = 'NONE',
}

export enum CloudUsageType {
  TERMS_OF_SERVICE = 'TERMS_OF_SERVICE',
  CONTRACT = 'CONTRACT',
}

export enum SocialMediaPlatform {
  X = 'X',
  FACEBOOK = 'FACEBOOK',
  INSTAGRAM = 'INSTAGRAM',
  LINE = 'LINE',
  YOUTUBE = 'YOUTUBE',
  TIKTOK = 'TIKTOK',
  NOTE = 'NOTE',
  OTHER = 'OTHER',
}

export enum RiskTier {
  HIGH = 'HIGH',
  MEDIUM = 'MEDIUM',
  LOW = 'LOW',
}
