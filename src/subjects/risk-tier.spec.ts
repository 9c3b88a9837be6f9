import { SubjectAttributes } from '../domain/subject-attributes';
import { riskTier } from './risk-tier';
import { CloudUsageType, NetworkSegment, RiskTier, SubjectKind } from '../domain/subject.enums';

const { HIGH, MEDIUM, LOW } = RiskTier;

function contract(overrides: Partial<SubjectAttributes> = {}): SubjectAttributes {
  return {
    kind: SubjectKind.OUTSOURCING_CONTRACT,
    confidentiality: 1,
    integrity: 1,
    availability: 1,
    handlesPersonalInformation: false,
    handlesMyNumber: false,
    subcontractingAllowed: false,
    networkSegment: NetworkSegment.NONE,
    ...overrides,
  };
}

function cloud(overrides: Partial<SubjectAttributes> = {}): SubjectAttributes {
  return {
    kind: SubjectKind.CLOUD_SERVICE,
    confidentiality: 1,
    integrity: 1,
    availability: 1,
    handlesPersonalInformation: false,
    handlesMyNumber: false,
    usageType: CloudUsageType.TERMS_OF_SERVICE,
    networkSegment: NetworkSegment.NONE,
    ...overrides,
  };
}

function social(overrides: Partial<SubjectAttributes> = {}): SubjectAttributes {
  return { kind: SubjectKind.SOCIAL_MEDIA_ACCOUNT, confidentiality: 1, integrity: 1, availability: 1, ...overrides };
}

/** The rule of issue 3, section 2, written out independently of the implementation. */
function expectedTier(s: SubjectAttributes): RiskTier {
  if (s.kind === SubjectKind.SOCIAL_MEDIA_ACCOUNT) return MEDIUM;
  if (s.handlesMyNumber === true || s.networkSegment === NetworkSegment.MY_NUMBER || s.confidentiality === 3) return HIGH;
  if (s.confidentiality === 2 || s.handlesPersonalInformation === true || s.integrity === 2 || s.availability === 2) return MEDIUM;
  return LOW;
}

describe('riskTier', () => {
  describe.each([
    ['contract', contract],
    ['cloud service', cloud],
  ] as const)('for a %s', (_kind, build) => {
    it.each<[string, Partial<SubjectAttributes>, RiskTier]>([
      ['the lowest levels, nothing sensitive', {}, LOW],
      ['in the LGWAN segment only', { networkSegment: NetworkSegment.LGWAN }, LOW],
      ['in the INTERNET segment only', { networkSegment: NetworkSegment.INTERNET }, LOW],
      ['with no network segment recorded', { networkSegment: undefined }, LOW],
      ['handling My Number data', { handlesMyNumber: true }, HIGH],
      ['in the MY_NUMBER segment', { networkSegment: NetworkSegment.MY_NUMBER }, HIGH],
      ['at confidentiality 3', { confidentiality: 3 }, HIGH],
      ['at confidentiality 2', { confidentiality: 2 }, MEDIUM],
      ['handling personal information', { handlesPersonalInformation: true }, MEDIUM],
      ['at integrity 2', { integrity: 2 }, MEDIUM],
      ['at availability 2', { availability: 2 }, MEDIUM],
      ['at every MEDIUM level at once', { confidentiality: 2, integrity: 2, availability: 2, handlesPersonalInformation: true }, MEDIUM],
      [
        'at confidentiality 3 beside MEDIUM reasons',
        { confidentiality: 3, integrity: 2, availability: 2, handlesPersonalInformation: true },
        HIGH,
      ],
      ['handling My Number data at the lowest levels', { handlesMyNumber: true, confidentiality: 1, integrity: 1, availability: 1 }, HIGH],
      [
        'in the MY_NUMBER segment with personal information',
        { networkSegment: NetworkSegment.MY_NUMBER, handlesPersonalInformation: true },
        HIGH,
      ],
      ['at every HIGH reason at once', { handlesMyNumber: true, networkSegment: NetworkSegment.MY_NUMBER, confidentiality: 3 }, HIGH],
    ])('%s: %s', (_case, overrides, expected) => {
      expect(riskTier(build(overrides))).toBe(expected);
    });
  });

  it('does not read subcontracting or the usage type', () => {
    expect(riskTier(contract({ subcontractingAllowed: true }))).toBe(LOW);
    expect(riskTier(cloud({ usageType: CloudUsageType.CONTRACT }))).toBe(LOW);
    expect(riskTier(cloud({ usageType: CloudUsageType.TERMS_OF_SERVICE }))).toBe(LOW);
  });

  it.each<[string, Partial<SubjectAttributes>]>([
    ['at the lowest levels', {}],
    ['at confidentiality 2', { confidentiality: 2 }],
    ['at confidentiality 3', { confidentiality: 3 }],
    ['at integrity and availability 2', { integrity: 2, availability: 2 }],
    [
      'even with attributes it does not have (My Number, MY_NUMBER segment)',
      { handlesMyNumber: true, networkSegment: NetworkSegment.MY_NUMBER },
    ],
  ])('is always MEDIUM for a social media account %s', (_case, overrides) => {
    expect(riskTier(social(overrides))).toBe(MEDIUM);
  });

  describe('over every combination of attributes', () => {
    const cases: [string, SubjectAttributes][] = [];
    for (const kind of Object.values(SubjectKind)) {
      for (const confidentiality of [1, 2, 3]) {
        for (const integrity of [1, 2]) {
          for (const availability of [1, 2]) {
            for (const handlesPersonalInformation of [false, true]) {
              for (const handlesMyNumber of [false, true]) {
                for (const networkSegment of Object.values(NetworkSegment)) {
                  const subject: SubjectAttributes =
                    kind === SubjectKind.SOCIAL_MEDIA_ACCOUNT
                      ? { kind, confidentiality, integrity, availability }
                      : { kind, confidentiality, integrity, availability, handlesPersonalInformation, handlesMyNumber, networkSegment };
                  cases.push([JSON.stringify(subject), subject]);
                }
              }
            }
          }
        }
      }
    }
    const unique = [...new Map(cases).entries()];

    it.each(unique)('%s', (_label, subject) => {
      expect(riskTier(subject)).toBe(expectedTier(subject));
    });
  });
});
