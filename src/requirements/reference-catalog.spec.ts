import { SubjectKind } from '../domain/subject.enums';
import { BuiltInRequirement, ReferenceCatalog, referenceCatalogProblems } from './reference-catalog';

// A small catalog in the reference file's shape: one requirement per kind and two conditions.
const REQUIREMENTS: BuiltInRequirement[] = [
  {
    code: 'OC-01',
    subjectKind: SubjectKind.OUTSOURCING_CONTRACT,
    titleJa: '情報セキュリティポリシーの遵守',
    titleEn: 'Complies with the policy',
    appliesWhen: { always: true },
    source: 'MIC guideline',
  },
  {
    code: 'OC-04',
    subjectKind: SubjectKind.OUTSOURCING_CONTRACT,
    titleJa: 'アクセスを許可する情報の範囲',
    titleEn: 'Range of information accessed',
    appliesWhen: { confidentialityAtLeast: 2 },
    source: null,
  },
  {
    code: 'CS-01',
    subjectKind: SubjectKind.CLOUD_SERVICE,
    titleJa: '利用手続',
    titleEn: 'Procedure',
    appliesWhen: { always: true },
    source: null,
  },
  {
    code: 'SM-01',
    subjectKind: SubjectKind.SOCIAL_MEDIA_ACCOUNT,
    titleJa: '運用手順',
    titleEn: 'Operating procedure',
    appliesWhen: { always: true },
    source: null,
  },
];

function reference(overrides: Partial<ReferenceCatalog> = {}): ReferenceCatalog {
  return {
    networkSegments: { MY_NUMBER: '', LGWAN: '', INTERNET: '', NONE: '' },
    appliesWhenGrammar: 'An object. Keys: always (true), confidentialityAtLeast (1-3), networkSegment (one of networkSegments). More.',
    requirements: REQUIREMENTS.map((requirement) => ({ ...requirement, confidence: 'recalled' })),
    alwaysOnRules: [{ code: 'OWNER_MISSING' }, { code: 'CONTRACT_ENDED' }],
    ...overrides,
  };
}

describe('referenceCatalogProblems', () => {
  it('finds nothing when the built-in catalog equals the reference, whatever the key order of a condition', () => {
    const builtIn = REQUIREMENTS.map((requirement) =>
      requirement.code === 'OC-04' ? { ...requirement, appliesWhen: JSON.parse('{"confidentialityAtLeast":2}') } : requirement,
    );
    expect(referenceCatalogProblems(reference(), builtIn)).toEqual([]);
  });

  it('names the requirement and the field whose value differs', () => {
    const builtIn = REQUIREMENTS.map((requirement) =>
      requirement.code === 'OC-04' ? { ...requirement, titleJa: '別の題名', appliesWhen: { confidentialityAtLeast: 3 } } : requirement,
    );
    expect(referenceCatalogProblems(reference(), builtIn)).toEqual([
      'OC-04: titleJa が異なります（組み込み: "別の題名"、参照: "アクセスを許可する情報の範囲"）。',
      'OC-04: appliesWhen が異なります（組み込み: {"confidentialityAtLeast":3}、参照: {"confidentialityAtLeast":2}）。',
    ]);
  });

  it('names a requirement missing on either side', () => {
    const extra = { ...REQUIREMENTS[0], code: 'OC-99' };
    expect(referenceCatalogProblems(reference(), [...REQUIREMENTS.filter((r) => r.code !== 'CS-01'), extra])).toEqual([
      'CS-01: 参照カタログにあり、組み込みカタログにありません。',
      'OC-99: 組み込みカタログにあり、参照カタログにありません。',
      // Without CS-01 no requirement applies to a cloud service at all.
      'CLOUD_SERVICE: 最も低い格付けの登録対象に適用される要件がありません。',
    ]);
  });

  it('tells when the order differs', () => {
    const [first, second, ...rest] = REQUIREMENTS;
    expect(referenceCatalogProblems(reference(), [second, first, ...rest])).toEqual([
      '並び順が異なります（組み込み: OC-04, OC-01, CS-01, SM-01、参照: OC-01, OC-04, CS-01, SM-01）。',
    ]);
  });

  it('refuses a reference condition the app cannot read, and an unknown subject kind', () => {
    const requirements = reference().requirements.map((requirement) =>
      requirement.code === 'SM-01' ? { ...requirement, appliesWhen: { colour: 'red' } } : requirement,
    );
    const builtIn = REQUIREMENTS.map((requirement) =>
      requirement.code === 'SM-01' ? { ...requirement, appliesWhen: { colour: 'red' } } : requirement,
    );
    requirements.push({ ...requirements[0], code: 'XX-01', subjectKind: 'WEBSITE' });
    builtIn.push({ ...builtIn[0], code: 'XX-01', subjectKind: 'WEBSITE' as SubjectKind });
    expect(referenceCatalogProblems(reference({ requirements }), builtIn)).toEqual([
      'SM-01: appliesWhen を解釈できません（不明なキー colour です。）。',
      'XX-01: subjectKind WEBSITE は登録対象の種類にありません。',
      'SOCIAL_MEDIA_ACCOUNT: 最も低い格付けの登録対象に適用される要件がありません。',
    ]);
  });

  it('checks the network segments, the grammar’s keys and the always-on rules against the app', () => {
    const problems = referenceCatalogProblems(
      reference({
        networkSegments: { LGWAN: '', INTERNET: '', NONE: '', SATELLITE: '' },
        appliesWhenGrammar: 'Keys: always (true), colour (a name).',
        alwaysOnRules: [{ code: 'OWNER_MISSING' }, { code: 'VENDOR_BANKRUPT' }],
      }),
      REQUIREMENTS,
    );
    expect(problems).toEqual([
      'networkSegments が異なります（アプリ: INTERNET, LGWAN, MY_NUMBER, NONE、参照: INTERNET, LGWAN, NONE, SATELLITE）。',
      'appliesWhenGrammar のキー colour を appliesWhen の解釈が受け付けません。',
      'VENDOR_BANKRUPT: 常時適用ルールに対応する指摘コードがありません。',
    ]);
  });
});
