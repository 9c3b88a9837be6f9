import { SubjectAttributes } from '../domain/subject-attributes';
import { CloudUsageType, NetworkSegment } from '../domain/subject.enums';

/**
 * The catalog's `appliesWhen` grammar: an object whose every key must hold. A key about an
 * attribute the subject's kind does not have (usageType for a contract, handlesMyNumber for a
 * social media account) does not hold.
 */
export interface AppliesWhen {
  always?: true;
  confidentialityAtLeast?: number;
  integrityAtLeast?: number;
  availabilityAtLeast?: number;
  handlesPersonalInformation?: true;
  handlesMyNumber?: true;
  subcontractingAllowed?: true;
  usageType?: CloudUsageType;
  networkSegment?: NetworkSegment;
}

const LEVEL_KEYS = { confidentialityAtLeast: 3, integrityAtLeast: 2, availabilityAtLeast: 2 } as const;
const TRUE_KEYS = ['always', 'handlesPersonalInformation', 'handlesMyNumber', 'subcontractingAllowed'] as const;

export type ParsedAppliesWhen = { ok: true; value: AppliesWhen } | { ok: false; errors: string[] };

/** Reads and validates `appliesWhen` (an object or its JSON text); every problem is reported in Japanese. */
export function parseAppliesWhen(input: unknown): ParsedAppliesWhen {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      return { ok: false, errors: ['JSON として読み取れません。例: {"confidentialityAtLeast":2}'] };
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, errors: ['オブジェクト（例: {"always":true}）で指定してください。'] };
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return { ok: false, errors: ['条件が空です。常に適用する場合は {"always":true} としてください。'] };
  const errors: string[] = [];
  const parsed: Record<string, unknown> = {};
  for (const [key, raw] of entries) {
    // Own keys only: `in` would also find Object.prototype's (constructor, toString, __proto__...).
    if (Object.hasOwn(LEVEL_KEYS, key)) {
      const max = LEVEL_KEYS[key as keyof typeof LEVEL_KEYS];
      if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 1 && raw <= max) parsed[key] = raw;
      else errors.push(`${key} は 1〜${max} の整数で指定してください。`);
    } else if ((TRUE_KEYS as readonly string[]).includes(key)) {
      if (raw === true) parsed[key] = true;
      else errors.push(`${key} は true で指定してください。`);
    } else if (key === 'usageType') {
      if (Object.values(CloudUsageType).includes(raw as CloudUsageType)) parsed[key] = raw;
      else errors.push(`usageType は ${Object.values(CloudUsageType).join(' または ')} で指定してください。`);
    } else if (key === 'networkSegment') {
      if (Object.values(NetworkSegment).includes(raw as NetworkSegment)) parsed[key] = raw;
      else errors.push(`networkSegment は ${Object.values(NetworkSegment).join('、')} のいずれかで指定してください。`);
    } else {
      errors.push(`不明なキー ${key} です。`);
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, value: parsed };
}

/** Whether a requirement with this condition applies to the subject. */
export function applies(rule: AppliesWhen, subject: SubjectAttributes): boolean {
  const holds: boolean[] = [];
  if (rule.always !== undefined) holds.push(rule.always);
  if (rule.confidentialityAtLeast !== undefined) holds.push(subject.confidentiality >= rule.confidentialityAtLeast);
  if (rule.integrityAtLeast !== undefined) holds.push(subject.integrity >= rule.integrityAtLeast);
  if (rule.availabilityAtLeast !== undefined) holds.push(subject.availability >= rule.availabilityAtLeast);
  if (rule.handlesPersonalInformation !== undefined) holds.push(subject.handlesPersonalInformation === true);
  if (rule.handlesMyNumber !== undefined) holds.push(subject.handlesMyNumber === true);
  if (rule.subcontractingAllowed !== undefined) holds.push(subject.subcontractingAllowed === true);
  if (rule.usageType !== undefined) holds.push(subject.usageType === rule.usageType);
  if (rule.networkSegment !== undefined) holds.push(subject.networkSegment === rule.networkSegment);
  return holds.length > 0 && holds.every(Boolean);
}
