import { CloudUsageType, NetworkSegment, SubjectKind } from '../domain/subject.enums';
import { SubjectAttributes } from '../domain/subject-attributes';
import { AppliesWhen, applies, parseAppliesWhen, ParsedAppliesWhen } from './applicability';

// The outsourcing-contract clauses of the built-in catalog, as the catalog states their conditions. That
// the app's catalog equals the shared reference is a CI step (src/check-catalog.ts).
const CONTRACT_RULES: { code: string; appliesWhen: unknown }[] = [
  ...['OC-01', 'OC-02', 'OC-03'].map((code) => ({ code, appliesWhen: { always: true } })),
  { code: 'OC-04', appliesWhen: { confidentialityAtLeast: 2 } },
  ...['OC-05', 'OC-06', 'OC-07', 'OC-08', 'OC-09', 'OC-10', 'OC-11', 'OC-12', 'OC-13'].map((code) => ({
    code,
    appliesWhen: { always: true },
  })),
  { code: 'OC-14', appliesWhen: { subcontractingAllowed: true } },
  { code: 'OC-15', appliesWhen: { handlesMyNumber: true } },
  { code: 'OC-16', appliesWhen: { confidentialityAtLeast: 2 } },
];

function errorsOf(parsed: ParsedAppliesWhen): string[] {
  if (parsed.ok) throw new Error(`expected errors, got ${JSON.stringify(parsed.value)}`);
  return parsed.errors;
}

function valueOf(parsed: ParsedAppliesWhen): AppliesWhen {
  if (!parsed.ok) throw new Error(`expected a value, got ${parsed.errors.join(' / ')}`);
  return parsed.value;
}

describe('parseAppliesWhen', () => {
  const VALID: [string, unknown][] = [
    ['always', true],
    ['confidentialityAtLeast', 1],
    ['confidentialityAtLeast', 2],
    ['confidentialityAtLeast', 3],
    ['integrityAtLeast', 1],
    ['integrityAtLeast', 2],
    ['availabilityAtLeast', 1],
    ['availabilityAtLeast', 2],
    ['handlesPersonalInformation', true],
    ['handlesMyNumber', true],
    ['subcontractingAllowed', true],
    ...Object.values(CloudUsageType).map((v): [string, unknown] => ['usageType', v]),
    ...Object.values(NetworkSegment).map((v): [string, unknown] => ['networkSegment', v]),
  ];

  it.each(VALID)('accepts %s: %j as an object', (key, raw) => {
    expect(valueOf(parseAppliesWhen({ [key]: raw }))).toEqual({ [key]: raw });
  });

  it.each(VALID)('accepts %s: %j as JSON text', (key, raw) => {
    expect(valueOf(parseAppliesWhen(JSON.stringify({ [key]: raw })))).toEqual({ [key]: raw });
  });

  const INVALID: [string, unknown][] = [
    ['always', false],
    ['always', 'true'],
    ['always', 1],
    ['always', null],
    ['always', {}],
    ['confidentialityAtLeast', 0],
    ['confidentialityAtLeast', 4],
    ['confidentialityAtLeast', -1],
    ['confidentialityAtLeast', 1.5],
    ['confidentialityAtLeast', '2'],
    ['confidentialityAtLeast', null],
    ['confidentialityAtLeast', true],
    ['confidentialityAtLeast', [2]],
    ['integrityAtLeast', 0],
    ['integrityAtLeast', 3],
    ['integrityAtLeast', 1.5],
    ['integrityAtLeast', '1'],
    ['availabilityAtLeast', 0],
    ['availabilityAtLeast', 3],
    ['availabilityAtLeast', 2.5],
    ['availabilityAtLeast', '2'],
    ['handlesPersonalInformation', false],
    ['handlesPersonalInformation', 'yes'],
    ['handlesPersonalInformation', 1],
    ['handlesMyNumber', false],
    ['handlesMyNumber', 'true'],
    ['handlesMyNumber', null],
    ['subcontractingAllowed', false],
    ['subcontractingAllowed', 0],
    ['usageType', 'terms_of_service'],
    ['usageType', 'SAAS'],
    ['usageType', ''],
    ['usageType', null],
    ['usageType', true],
    ['usageType', ['CONTRACT']],
    ['networkSegment', 'my_number'],
    ['networkSegment', 'WAN'],
    ['networkSegment', ''],
    ['networkSegment', 1],
    ['networkSegment', null],
  ];

  it.each(INVALID)('rejects %s: %j, naming the key', (key, raw) => {
    const errors = errorsOf(parseAppliesWhen({ [key]: raw }));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(key);
    expect(errors[0]).not.toContain('不明なキー');
  });

  it.each(INVALID)('rejects %s: %j as JSON text too', (key, raw) => {
    expect(errorsOf(parseAppliesWhen(JSON.stringify({ [key]: raw })))).toEqual(errorsOf(parseAppliesWhen({ [key]: raw })));
  });

  it('names the allowed range or values in the error', () => {
    expect(errorsOf(parseAppliesWhen({ confidentialityAtLeast: 4 }))[0]).toContain('1〜3');
    expect(errorsOf(parseAppliesWhen({ integrityAtLeast: 3 }))[0]).toContain('1〜2');
    expect(errorsOf(parseAppliesWhen({ availabilityAtLeast: 3 }))[0]).toContain('1〜2');
    expect(errorsOf(parseAppliesWhen({ always: false }))[0]).toContain('true');
    const usage = errorsOf(parseAppliesWhen({ usageType: 'X' }))[0];
    for (const value of Object.values(CloudUsageType)) expect(usage).toContain(value);
    const segment = errorsOf(parseAppliesWhen({ networkSegment: 'X' }))[0];
    for (const value of Object.values(NetworkSegment)) expect(segment).toContain(value);
  });

  it.each([
    'alwyas',
    'confidentiality',
    'usage_type',
    'ConfidentialityAtLeast',
    'vendorId',
    'constructor',
    'toString',
    'hasOwnProperty',
    'valueOf',
  ])('rejects the unknown key %s as unknown', (key) => {
    expect(errorsOf(parseAppliesWhen({ [key]: 2 }))).toEqual([`不明なキー ${key} です。`]);
    expect(errorsOf(parseAppliesWhen(JSON.stringify({ [key]: true })))).toEqual([`不明なキー ${key} です。`]);
  });

  it('rejects a __proto__ key in JSON text as unknown', () => {
    expect(errorsOf(parseAppliesWhen('{"__proto__":2}'))).toEqual(['不明なキー __proto__ です。']);
    expect(errorsOf(parseAppliesWhen('{"always":true,"__proto__":{"always":true}}'))).toEqual(['不明なキー __proto__ です。']);
  });

  it('rejects an unknown key beside valid ones', () => {
    expect(errorsOf(parseAppliesWhen({ always: true, sometimes: true }))).toEqual(['不明なキー sometimes です。']);
  });

  it.each([
    ['an empty object', {}],
    ['empty JSON text', '{}'],
    ['empty JSON text with spaces', ' { } '],
  ])('rejects %s, pointing to {"always":true}', (_case, input) => {
    const errors = errorsOf(parseAppliesWhen(input));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('{"always":true}');
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a number', 2],
    ['a boolean', true],
    ['an array', [{ always: true }]],
    ['an empty array', []],
    ['JSON null', 'null'],
    ['a JSON number', '2'],
    ['a JSON string', '"always"'],
    ['a JSON array', '[{"always":true}]'],
    ['JSON true', 'true'],
  ])('rejects %s as not an object', (_case, input) => {
    expect(errorsOf(parseAppliesWhen(input))).toEqual(['オブジェクト（例: {"always":true}）で指定してください。']);
  });

  it.each([
    ['empty text', ''],
    ['unquoted keys', '{always:true}'],
    ['single quotes', "{'always':true}"],
    ['a trailing comma', '{"always":true,}'],
    ['a truncated object', '{"confidentialityAtLeast":'],
    ['plain words', 'always'],
  ])('rejects %s as unreadable JSON', (_case, input) => {
    const errors = errorsOf(parseAppliesWhen(input));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('JSON として読み取れません');
  });

  it('reads JSON text and the object alike', () => {
    const object = { confidentialityAtLeast: 2, usageType: CloudUsageType.CONTRACT, networkSegment: NetworkSegment.LGWAN };
    expect(parseAppliesWhen(JSON.stringify(object))).toEqual(parseAppliesWhen(object));
    expect(valueOf(parseAppliesWhen(JSON.stringify(object)))).toEqual(object);
  });

  it('accepts every key at once', () => {
    const everything: AppliesWhen = {
      always: true,
      confidentialityAtLeast: 2,
      integrityAtLeast: 2,
      availabilityAtLeast: 1,
      handlesPersonalInformation: true,
      handlesMyNumber: true,
      subcontractingAllowed: true,
      usageType: CloudUsageType.TERMS_OF_SERVICE,
      networkSegment: NetworkSegment.MY_NUMBER,
    };
    expect(valueOf(parseAppliesWhen(everything))).toEqual(everything);
  });

  it('reports several errors together, one per bad key', () => {
    const errors = errorsOf(
      parseAppliesWhen({
        always: true,
        confidentialityAtLeast: 4,
        integrityAtLeast: 0,
        usageType: 'SAAS',
        networkSegment: 'WAN',
        colour: 'red',
        handlesMyNumber: 'yes',
      }),
    );
    expect(errors).toHaveLength(6);
    expect(errors.find((e) => e.includes('confidentialityAtLeast'))).toBeDefined();
    expect(errors.find((e) => e.includes('integrityAtLeast'))).toBeDefined();
    expect(errors.find((e) => e.includes('usageType'))).toBeDefined();
    expect(errors.find((e) => e.includes('networkSegment'))).toBeDefined();
    expect(errors.find((e) => e.includes('handlesMyNumber'))).toBeDefined();
    expect(errors).toContain('不明なキー colour です。');
  });

  it('writes every error in Japanese', () => {
    const inputs: unknown[] = [
      '{',
      7,
      {},
      { confidentialityAtLeast: 9 },
      { always: false },
      { usageType: 'X' },
      { networkSegment: 'X' },
      { x: 1 },
    ];
    for (const input of inputs)
      for (const error of errorsOf(parseAppliesWhen(input))) expect(error).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });
});

describe('applies', () => {
  const contract = (overrides: Partial<SubjectAttributes> = {}): SubjectAttributes => ({
    kind: SubjectKind.OUTSOURCING_CONTRACT,
    confidentiality: 1,
    integrity: 1,
    availability: 1,
    handlesPersonalInformation: false,
    handlesMyNumber: false,
    subcontractingAllowed: false,
    networkSegment: NetworkSegment.NONE,
    ...overrides,
  });
  const cloud = (overrides: Partial<SubjectAttributes> = {}): SubjectAttributes => ({
    kind: SubjectKind.CLOUD_SERVICE,
    confidentiality: 1,
    integrity: 1,
    availability: 1,
    handlesPersonalInformation: false,
    handlesMyNumber: false,
    usageType: CloudUsageType.CONTRACT,
    networkSegment: NetworkSegment.NONE,
    ...overrides,
  });
  const social = (overrides: Partial<SubjectAttributes> = {}): SubjectAttributes => ({
    kind: SubjectKind.SOCIAL_MEDIA_ACCOUNT,
    confidentiality: 1,
    integrity: 1,
    availability: 1,
    ...overrides,
  });
  const BUILDERS = { contract, cloud, social } as const;
  const KINDS = Object.keys(BUILDERS) as (keyof typeof BUILDERS)[];

  it.each(KINDS)('always applies to a %s', (kind) => {
    expect(applies({ always: true }, BUILDERS[kind]())).toBe(true);
  });

  describe.each([
    ['confidentialityAtLeast', 'confidentiality', 3],
    ['integrityAtLeast', 'integrity', 2],
    ['availabilityAtLeast', 'availability', 2],
  ] as const)('%s', (key, attribute, max) => {
    const cases: [keyof typeof BUILDERS, number, number, boolean][] = [];
    for (const kind of KINDS) {
      for (let threshold = 1; threshold <= max; threshold++) {
        for (let level = 1; level <= max; level++) cases.push([kind, threshold, level, level >= threshold]);
      }
    }
    it.each(cases)(`for a %s, at least %i with ${attribute} %i: %s`, (kind, threshold, level, expected) => {
      expect(applies({ [key]: threshold }, BUILDERS[kind]({ [attribute]: level }))).toBe(expected);
    });
  });

  describe.each(['handlesPersonalInformation', 'handlesMyNumber'] as const)('%s', (key) => {
    it.each([
      ['contract', true, true],
      ['contract', false, false],
      ['cloud', true, true],
      ['cloud', false, false],
    ] as const)('for a %s with %s: %s', (kind, value, expected) => {
      expect(applies({ [key]: true }, BUILDERS[kind]({ [key]: value }))).toBe(expected);
    });

    it('never holds for a social media account, which has no such attribute', () => {
      expect(applies({ [key]: true }, social())).toBe(false);
    });
  });

  describe('subcontractingAllowed', () => {
    it.each([
      [true, true],
      [false, false],
    ])('for a contract that allows subcontracting %s: %s', (value, expected) => {
      expect(applies({ subcontractingAllowed: true }, contract({ subcontractingAllowed: value }))).toBe(expected);
    });

    it('never holds for a cloud service or a social media account, which have no such attribute', () => {
      expect(applies({ subcontractingAllowed: true }, cloud())).toBe(false);
      expect(applies({ subcontractingAllowed: true }, social())).toBe(false);
    });
  });

  describe('usageType', () => {
    const cases = Object.values(CloudUsageType).flatMap((rule) =>
      Object.values(CloudUsageType).map((actual): [CloudUsageType, CloudUsageType, boolean] => [rule, actual, rule === actual]),
    );
    it.each(cases)('%s for a cloud service used by %s: %s', (rule, actual, expected) => {
      expect(applies({ usageType: rule }, cloud({ usageType: actual }))).toBe(expected);
    });

    it.each(Object.values(CloudUsageType))('%s never holds for a contract or a social media account', (usageType) => {
      expect(applies({ usageType }, contract())).toBe(false);
      expect(applies({ usageType }, social())).toBe(false);
    });
  });

  describe('networkSegment', () => {
    const segments = Object.values(NetworkSegment);
    const cases = (['contract', 'cloud'] as const).flatMap((kind) =>
      segments.flatMap((rule) =>
        segments.map((actual): [string, NetworkSegment, NetworkSegment, boolean] => [kind, rule, actual, rule === actual]),
      ),
    );
    it.each(cases)('for a %s, %s with the subject in %s: %s', (kind, rule, actual, expected) => {
      expect(applies({ networkSegment: rule }, BUILDERS[kind as 'contract' | 'cloud']({ networkSegment: actual }))).toBe(expected);
    });

    it.each(segments)('%s never holds for a social media account', (networkSegment) => {
      expect(applies({ networkSegment }, social())).toBe(false);
    });
  });

  describe('several keys', () => {
    const rule: AppliesWhen = { confidentialityAtLeast: 2, handlesPersonalInformation: true, networkSegment: NetworkSegment.LGWAN };

    it('applies when every key holds', () => {
      expect(applies(rule, contract({ confidentiality: 2, handlesPersonalInformation: true, networkSegment: NetworkSegment.LGWAN }))).toBe(
        true,
      );
      expect(applies(rule, cloud({ confidentiality: 3, handlesPersonalInformation: true, networkSegment: NetworkSegment.LGWAN }))).toBe(
        true,
      );
    });

    it.each([
      ['confidentiality too low', { confidentiality: 1, handlesPersonalInformation: true, networkSegment: NetworkSegment.LGWAN }],
      ['no personal information', { confidentiality: 2, handlesPersonalInformation: false, networkSegment: NetworkSegment.LGWAN }],
      ['another segment', { confidentiality: 2, handlesPersonalInformation: true, networkSegment: NetworkSegment.INTERNET }],
    ])('does not apply with %s', (_case, overrides) => {
      expect(applies(rule, contract(overrides))).toBe(false);
    });

    it('does not apply when always holds but another key does not', () => {
      expect(applies({ always: true, availabilityAtLeast: 2 }, social({ availability: 1 }))).toBe(false);
      expect(applies({ always: true, availabilityAtLeast: 2 }, social({ availability: 2 }))).toBe(true);
    });

    it('does not apply when a key is about an attribute the kind lacks, even if the others hold', () => {
      expect(applies({ confidentialityAtLeast: 2, usageType: CloudUsageType.CONTRACT }, contract({ confidentiality: 3 }))).toBe(false);
      expect(applies({ availabilityAtLeast: 2, handlesMyNumber: true }, social({ availability: 2 }))).toBe(false);
    });
  });

  it('never applies with an empty condition (the parser refuses one)', () => {
    for (const kind of KINDS) expect(applies({}, BUILDERS[kind]({ confidentiality: 3, integrity: 2, availability: 2 }))).toBe(false);
  });

  it('follows the catalog: raising confidentiality to 2 makes OC-04 and OC-16 apply to a contract', () => {
    const applicable = (subject: SubjectAttributes): string[] =>
      CONTRACT_RULES.filter((r) => applies(valueOf(parseAppliesWhen(r.appliesWhen)), subject)).map((r) => r.code);
    const before = applicable(contract({ confidentiality: 1 }));
    const after = applicable(contract({ confidentiality: 2 }));
    expect(before).toHaveLength(12);
    expect(after.filter((code) => !before.includes(code))).toEqual(['OC-04', 'OC-16']);
    expect(applicable(contract({ confidentiality: 2, subcontractingAllowed: true, handlesMyNumber: true }))).toHaveLength(16);
  });
});
