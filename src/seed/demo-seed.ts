import { Injectable } from '@nestjs/common';
import { generatePassword } from '../users/passwords';
import { Actor } from '../common/actor';
import { Context } from '../common/context';
import { Role } from '../common/role';
import { EvidenceService } from '../compliance/evidence.service';
import { Database } from '../database/database';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { newOrganizationContext, OrganizationsService } from '../organizations/organizations.service';
import { ProvisioningService } from '../provisioning/provisioning.service';
import { CloudUsageType, NetworkSegment, SocialMediaPlatform } from '../domain/subject.enums';
import { EvidenceDecision } from '../domain/compliance.enums';
import { SubjectsService } from '../subjects/subjects.service';
import { UsersRepository } from '../users/users.repository';
import { UsersService } from '../users/users.service';
import { CertificationType } from '../vendors/certification-type.enum';
import { corporateNumberCheckDigit } from '../vendors/corporate-number';
import { VendorsService } from '../vendors/vendors.service';

export const DEMO_CODE = 'demo';

export interface DemoSignIn {
  email: string;
  password: string;
  role: Role;
}

const DEPARTMENTS = ['総務課', '業務課', '資格保険料課', '給付課', '情報政策係'];

const USERS: { role: Role; email: string; displayName: string; department: string }[] = [
  { role: Role.ADMIN, email: 'admin@demo.example.jp', displayName: '山田 太郎', department: '総務課' },
  { role: Role.SECURITY_OFFICER, email: 'security@demo.example.jp', displayName: '佐藤 花子', department: '情報政策係' },
  { role: Role.PROCUREMENT_OFFICER, email: 'procurement@demo.example.jp', displayName: '鈴木 一郎', department: '総務課' },
  { role: Role.STAFF, email: 'staff@demo.example.jp', displayName: '高橋 美咲', department: '業務課' },
  { role: Role.AUDITOR, email: 'auditor@demo.example.jp', displayName: '田中 健二', department: '総務課' },
];

/** A corporate number with a correct check digit for a 12-digit base. */
function corporateNumber(base12: string): string {
  return `${corporateNumberCheckDigit(base12)}${base12}`;
}

const VENDORS: {
  name: string;
  base: string;
  address: string;
  url?: string;
  certifications: { type: CertificationType; identifier: string; validUntil: string | null }[];
}[] = [
  {
    name: '株式会社みらい情報システム',
    base: '010001234567',
    address: '東京都千代田区霞が関一丁目1番1号',
    url: 'https://www.mirai-joho.example.jp',
    certifications: [
      { type: CertificationType.ISMS, identifier: 'IS 123456', validUntil: '2027-03-31' },
      { type: CertificationType.PRIVACY_MARK, identifier: '第10820123(05)号', validUntil: '2026-06-30' },
    ],
  },
  {
    name: '北斗データサービス株式会社',
    base: '430001098765',
    address: '北海道札幌市中央区北一条西二丁目',
    certifications: [{ type: CertificationType.PRIVACY_MARK, identifier: '第21000456(03)号', validUntil: '2027-09-30' }],
  },
  {
    name: 'ｻｸﾗｸﾗｳﾄﾞｿﾘｭｰｼｮﾝｽﾞ株式会社',
    base: '120001555333',
    address: '大阪府大阪市北区梅田三丁目',
    url: 'https://sakura-cloud-solutions.example.jp',
    certifications: [
      { type: CertificationType.ISMAP, identifier: 'C0000123', validUntil: '2027-12-31' },
      { type: CertificationType.ISO27017, identifier: 'CLOUD 7788', validUntil: null },
    ],
  },
  {
    name: '一般財団法人地域情報センター',
    base: '011005002222',
    address: '東京都港区虎ノ門二丁目',
    certifications: [],
  },
  {
    name: '有限会社やまびこ印刷',
    base: '260002777111',
    address: '京都府京都市中京区烏丸通',
    certifications: [],
  },
];

/**
 * The demo organization: one user per role with a generated password (shown once, at first start),
 * realistic vendors, and contracts, cloud services and social media accounts in every compliance
 * state, all written through the same services as the API, in one transaction. Does nothing when it
 * already exists.
 */
@Injectable()
export class DemoSeed {
  constructor(
    private readonly database: Database,
    private readonly organizationsRepository: OrganizationsRepository,
    private readonly organizationsService: OrganizationsService,
    private readonly provisioning: ProvisioningService,
    private readonly usersRepository: UsersRepository,
    private readonly users: UsersService,
    private readonly vendors: VendorsService,
    private readonly subjects: SubjectsService,
    private readonly evidence: EvidenceService,
  ) {}

  async run(): Promise<DemoSignIn[] | undefined> {
    if (await this.organizationsRepository.byCode(DEMO_CODE)) return undefined;
    const passwords = USERS.map(() => generatePassword());
    return this.database.transaction(newOrganizationContext(), async (ctx) => {
      const [adminSpec] = USERS;
      const { organization, admin } = await this.provisioning.provision(
        ctx,
        { code: DEMO_CODE, name: 'デモ県後期高齢者医療広域連合' },
        { email: adminSpec.email, displayName: adminSpec.displayName, password: passwords[0], mustChangePassword: false },
      );
      const transaction = ctx.transaction!;
      const departments = new Map<string, string>();
      const userIds = new Map<Role, string>([[Role.ADMIN, admin.id]]);
      const actorFor = (role: Role): Actor => ({
        organizationId: organization.id,
        userId: userIds.get(role)!,
        roles: [role],
        departmentId: departments.get(USERS.find((u) => u.role === role)!.department) ?? null,
        timeZone: organization.timeZone,
        sessionId: 'demo-seed',
        mustChangePassword: false,
      });
      const as = (role: Role): Context => Context.of(actorFor(role)).within(transaction);

      for (const name of DEPARTMENTS) {
        const department = await this.organizationsService.createDepartment(as(Role.ADMIN), name);
        departments.set(name, department.id);
      }
      await this.usersRepository.update(ctx, admin.id, { departmentId: departments.get(adminSpec.department) ?? null });
      for (const [index, spec] of USERS.entries()) {
        if (index === 0) continue;
        const user = await this.users.create(as(Role.ADMIN), {
          email: spec.email,
          displayName: spec.displayName,
          password: passwords[index],
          roles: [spec.role],
          departmentId: departments.get(spec.department),
        });
        userIds.set(spec.role, user.id);
      }
      await this.demoRegisters(as, userIds, departments);
      return USERS.map((spec, index) => ({ email: spec.email, password: passwords[index], role: spec.role }));
    });
  }

  /** Vendors, contracts, cloud services and social media accounts, with their evidence. */
  private async demoRegisters(as: (role: Role) => Context, userIds: Map<Role, string>, departments: Map<string, string>): Promise<void> {
    const { vendors, subjects, evidence } = this;
    const procurement = as(Role.PROCUREMENT_OFFICER);
    const security = as(Role.SECURITY_OFFICER);

    const vendorIds: string[] = [];
    for (const spec of VENDORS) {
      const vendor = await vendors.create(procurement, {
        name: spec.name,
        corporateNumber: corporateNumber(spec.base),
        address: spec.address,
        websiteUrl: spec.url ?? null,
        certifications: spec.certifications,
      });
      vendorIds.push(vendor.id);
    }
    const staffId = userIds.get(Role.STAFF)!;
    const securityId = userIds.get(Role.SECURITY_OFFICER)!;

    // A contract with every clause recorded and accepted: COMPLIANT.
    const system = await subjects.createOutsourcingContract(procurement, {
      name: '後期高齢者医療広域連合電算処理システム保守業務',
      vendorId: vendorIds[0],
      ownerId: securityId,
      departmentId: departments.get('情報政策係'),
      contractNumber: 'R8-委-001',
      startDate: '2026-04-01',
      endDate: '2027-03-31',
      confidentiality: 1,
      integrity: 1,
      availability: 1,
      networkSegment: NetworkSegment.LGWAN,
      handlesPersonalInformation: false,
      handlesMyNumber: false,
      subcontractingAllowed: false,
      workLocation: '受託者の本社開発センター（東京都千代田区）',
    });
    for (const [index, code] of [
      'OC-01',
      'OC-02',
      'OC-03',
      'OC-05',
      'OC-06',
      'OC-07',
      'OC-08',
      'OC-09',
      'OC-10',
      'OC-11',
      'OC-12',
      'OC-13',
    ].entries()) {
      await evidence.record(procurement, {
        subjectId: system.subject.id,
        requirementCode: code,
        present: true,
        reference: `特記仕様書 第${index + 1}条`,
      });
      await evidence.decide(security, { subjectId: system.subject.id, requirementCode: code, decision: EvidenceDecision.ACCEPT });
    }

    // A My Number contract with clauses partly recorded: NON_COMPLIANT, some pending review.
    const printing = await subjects.createOutsourcingContract(procurement, {
      name: '保険料額決定通知書等印刷封入封緘業務',
      vendorId: vendorIds[4],
      ownerId: userIds.get(Role.PROCUREMENT_OFFICER),
      departmentId: departments.get('資格保険料課'),
      contractNumber: 'R8-委-014',
      startDate: '2026-06-01',
      endDate: '2026-08-31',
      confidentiality: 3,
      integrity: 2,
      availability: 1,
      networkSegment: NetworkSegment.NONE,
      handlesPersonalInformation: true,
      handlesMyNumber: true,
      subcontractingAllowed: true,
      subcontractorIds: [vendorIds[1]],
      workLocation: '受託者の印刷工場（京都府京都市）',
    });
    for (const code of ['OC-01', 'OC-06', 'OC-07', 'OC-15']) {
      await evidence.record(procurement, {
        subjectId: printing.subject.id,
        requirementCode: code,
        present: true,
        reference: '契約書 第8条',
      });
    }
    await evidence.record(procurement, {
      subjectId: printing.subject.id,
      requirementCode: 'OC-11',
      present: false,
      note: '立入検査の条項がない。次回契約で追加を求める。',
    });

    // Cloud services: an LGWAN-ASP service under contract and a terms-of-service tool holding confidential data.
    await subjects.createCloudService(procurement, {
      name: '電子申請サービス（LGWAN-ASP）',
      vendorId: vendorIds[2],
      ownerId: staffId,
      departmentId: departments.get('業務課'),
      usageType: CloudUsageType.CONTRACT,
      purpose: '被保険者からの各種申請の受付',
      serviceUrl: 'https://sakura-cloud-solutions.example.jp/shinsei',
      dataLocations: ['JP'],
      networkSegment: NetworkSegment.LGWAN,
      handlesPersonalInformation: true,
      handlesMyNumber: false,
      confidentiality: 2,
      integrity: 1,
      availability: 2,
    });
    await subjects.createCloudService(procurement, {
      name: 'オンライン会議ツール（約款型）',
      vendorId: vendorIds[3],
      departmentId: departments.get('総務課'),
      usageType: CloudUsageType.TERMS_OF_SERVICE,
      purpose: '関係機関との打合せ',
      dataLocations: ['JP', 'US'],
      networkSegment: NetworkSegment.INTERNET,
      handlesPersonalInformation: false,
      confidentiality: 2,
      integrity: 1,
      availability: 1,
    });

    // Social media accounts: one with its operating procedure recorded, one with nobody responsible.
    const x = await subjects.createSocialMediaAccount(as(Role.STAFF), {
      name: '広域連合公式X（旧Twitter）',
      platform: SocialMediaPlatform.X,
      accountName: '@demo_kouiki',
      url: 'https://x.com/demo_kouiki',
      purpose: '制度改正・窓口案内のお知らせ',
      ownerId: staffId,
      postingPolicy: '機密性2以上の情報は発信しない。発信前に係長の確認を受ける。',
      operatingProcedureUrl: 'https://www.demo-kouiki.example.jp/sns/unyou.html',
      availability: 2,
    });
    await evidence.record(procurement, {
      subjectId: x.subject.id,
      requirementCode: 'SM-01',
      present: true,
      reference: 'ソーシャルメディア運用手順書',
    });
    await subjects.createSocialMediaAccount(procurement, {
      name: '広域連合公式YouTubeチャンネル',
      platform: SocialMediaPlatform.YOUTUBE,
      accountName: '@demo_kouiki_channel',
      url: 'https://www.youtube.com/@demo_kouiki_channel',
      purpose: '制度説明動画の公開',
      departmentId: departments.get('総務課'),
    });
  }
}
