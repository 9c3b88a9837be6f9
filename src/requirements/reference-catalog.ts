import { FindingCode } from '../domain/compliance.enums';
import { NetworkSegment, SubjectKind } from '../domain/subject.enums';
import { applies, parseAppliesWhen } from './applicability';

/** The reference catalog (requirement-catalog.json in the repository's sibling `shared` folder), as far as the app implements it. */
export interface ReferenceCatalog {
  networkSegments: Record<string, string>;
  appliesWhenGrammar: string;
  requirements: {
    code: string;
    subjectKind: string;
    titleJa: string;
    titleEn: string;
    appliesWhen: unknown;
    source: string | null;
  }[];
  alwaysOnRules: { code: string }[];
}

/** A built-in requirement as the app seeds it, in catalog order. */
export interface BuiltInRequirement {
  code: string;
  subjectKind: SubjectKind;
  titleJa: string;
  titleEn: string;
  appliesWhen: unknown;
  source: string | null;
}

const COMPARED_FIELDS = ['subjectKind', 'titleJa', 'titleEn', 'appliesWhen', 'source'] as const;

/**
 * Every way the app's built-in catalog and rules differ from the reference, one line each; empty when
 * they agree. Order counts: the catalog's order is the order in which people read the requirements.
 */
export function referenceCatalogProblems(reference: ReferenceCatalog, builtIn: readonly BuiltInRequirement[]): string[] {
  const problems: string[] = [];
  const ours = new Map(builtIn.map((requirement) => [requirement.code, requirement]));
  const theirs = new Map(reference.requirements.map((requirement) => [requirement.code, requirement]));
  for (const code of theirs.keys()) if (!ours.has(code)) problems.push(`${code}: 参照カタログにあり、組み込みカタログにありません。`);
  for (const code of ours.keys()) if (!theirs.has(code)) problems.push(`${code}: 組み込みカタログにあり、参照カタログにありません。`);
  for (const [code, expected] of theirs) {
    const actual = ours.get(code);
    if (!actual) continue;
    for (const field of COMPARED_FIELDS) {
      if (!sameJson(actual[field], expected[field])) {
        problems.push(
          `${code}: ${field} が異なります（組み込み: ${JSON.stringify(actual[field])}、参照: ${JSON.stringify(expected[field])}）。`,
        );
      }
    }
  }
  const sharedOrder = (codes: string[], other: Map<string, unknown>) => codes.filter((code) => other.has(code));
  const ourOrder = sharedOrder([...ours.keys()], theirs);
  const theirOrder = sharedOrder([...theirs.keys()], ours);
  if (!sameJson(ourOrder, theirOrder)) {
    problems.push(`並び順が異なります（組み込み: ${ourOrder.join(', ')}、参照: ${theirOrder.join(', ')}）。`);
  }

  for (const requirement of reference.requirements) {
    const parsed = parseAppliesWhen(requirement.appliesWhen);
    if (!parsed.ok) problems.push(`${requirement.code}: appliesWhen を解釈できません（${parsed.errors.join(' ')}）。`);
    if (!(Object.values(SubjectKind) as string[]).includes(requirement.subjectKind)) {
      problems.push(`${requirement.code}: subjectKind ${requirement.subjectKind} は登録対象の種類にありません。`);
    }
  }
  for (const kind of Object.values(SubjectKind)) {
    const lowest = { kind, confidentiality: 1, integrity: 1, availability: 1 };
    const always = builtIn.filter((requirement) => {
      const parsed = parseAppliesWhen(requirement.appliesWhen);
      return requirement.subjectKind === kind && parsed.ok && applies(parsed.value, lowest);
    });
    if (always.length === 0) problems.push(`${kind}: 最も低い格付けの登録対象に適用される要件がありません。`);
  }

  const segments = Object.keys(reference.networkSegments).sort();
  const ourSegments = Object.values(NetworkSegment).sort();
  if (!sameJson(segments, ourSegments)) {
    problems.push(`networkSegments が異なります（アプリ: ${ourSegments.join(', ')}、参照: ${segments.join(', ')}）。`);
  }
  for (const key of grammarKeys(reference.appliesWhenGrammar)) {
    const parsed = parseAppliesWhen({ [key]: 'not a valid value' });
    if (!parsed.ok && parsed.errors.some((error) => error.startsWith('不明なキー'))) {
      problems.push(`appliesWhenGrammar のキー ${key} を appliesWhen の解釈が受け付けません。`);
    }
  }
  for (const { code } of reference.alwaysOnRules) {
    if (!(Object.values(FindingCode) as string[]).includes(code))
      problems.push(`${code}: 常時適用ルールに対応する指摘コードがありません。`);
  }
  return problems;
}

/** The keys the grammar text names: "Keys: always (true), confidentialityAtLeast (1-3), ...". */
function grammarKeys(grammar: string): string[] {
  const start = grammar.indexOf('Keys:');
  if (start < 0) return [];
  const keysText = grammar.slice(start, grammar.indexOf('.', start));
  return [...keysText.matchAll(/(\w+) \(/g)].map((match) => match[1]);
}

/** Equality of JSON values, whatever the order of object keys (jsonb does not keep it). */
function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, inner]) => [key, canonical(inner)]),
    );
  }
  return value;
}
