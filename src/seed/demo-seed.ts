import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { generatePassword, hashPassword } from '../auth/passwords';
import { Role } from '../auth/role.enum';
import { searchKey } from '../common/search-key';
import { DepartmentEntity } from '../organizations/department.entity';
import { OrganizationEntity } from '../organizations/organization.entity';
import { provisionOrganization } from '../organizations/provision-organization';
import { UserEntity } from '../users/user.entity';
import { CertificationType } from '../vendors/certification-type.enum';
import { corporateNumberCheckDigit } from '../vendors/corporate-number';
import { VendorCertificationEntity } from '../vendors/vendor-certification.entity';
import { VendorEntity } from '../vendors/vendor.entity';

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

const VENDORS: { name: string; base: string; address: string; url?: string; certifications: { type: CertificationType; identifier: string; validUntil: string | null }[] }[] = [
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
 * The demo organization: one user per role with a generated password (shown once, at first start)
 * and a few realistic vendors. Does nothing when the organization already exists.
 */
export async function seedDemo(dataSource: DataSource): Promise<DemoSignIn[] | undefined> {
  if (await dataSource.manager.findOneBy(OrganizationEntity, { code: DEMO_CODE })) return undefined;
  const passwords = USERS.map(() => generatePassword());
  const hashes = await Promise.all(passwords.map((password) => hashPassword(password)));
  return dataSource.transaction(async (manager) => {
    const [adminSpec] = USERS;
    const { organization, admin } = await provisionOrganization(
      manager,
      { code: DEMO_CODE, name: 'デモ県後期高齢者医療広域連合' },
      { email: adminSpec.email, displayName: adminSpec.displayName, password: passwords[0], mustChangePassword: false },
    );
    const audit = new AuditService();
    const actor = { organizationId: organization.id, userId: admin.id };
    const departments = new Map<string, string>();
    for (const name of DEPARTMENTS) {
      const department = await manager.save(manager.create(DepartmentEntity, { organizationId: organization.id, name }));
      departments.set(name, department.id);
      await audit.record(manager, actor, { action: 'DEPARTMENT_CREATED', entityType: 'Department', entityId: department.id, changes: { name: [null, name] } });
    }
    await manager.update(UserEntity, { id: admin.id }, { departmentId: departments.get(adminSpec.department) });
    for (const [index, spec] of USERS.entries()) {
      if (index === 0) continue;
      const user = await manager.save(
        manager.create(UserEntity, {
          organizationId: organization.id,
          email: spec.email,
          displayName: spec.displayName,
          passwordHash: hashes[index],
          roles: [spec.role],
          departmentId: departments.get(spec.department) ?? null,
          active: true,
          mustChangePassword: false,
        }),
      );
      await audit.record(manager, actor, { action: 'USER_CREATED', entityType: 'User', entityId: user.id, changes: { email: [null, spec.email], roles: [null, [spec.role]] } });
    }
    for (const spec of VENDORS) {
      const vendor = await manager.save(
        manager.create(VendorEntity, {
          organizationId: organization.id,
          name: spec.name,
          searchKey: searchKey(spec.name),
          corporateNumber: corporateNumber(spec.base),
          address: spec.address,
          websiteUrl: spec.url ?? null,
        }),
      );
      await manager.save(
        spec.certifications.map((c, position) =>
          manager.create(VendorCertificationEntity, { organizationId: organization.id, vendorId: vendor.id, ...c, position }),
        ),
      );
      await audit.record(manager, actor, { action: 'VENDOR_CREATED', entityType: 'Vendor', entityId: vendor.id, changes: { name: [null, spec.name] } });
    }
    return USERS.map((spec, index) => ({ email: spec.email, password: passwords[index], role: spec.role }));
  });
}
