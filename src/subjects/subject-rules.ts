/**
 * The rules between a subject's fields, free of any framework: the input classes check them along
 * with every other field (so one answer names every bad field), and the service checks them again on
 * what an update would store (an update gives only the fields it changes).
 */

/** A rule a field breaks, reported on that field. */
export interface RuleProblem {
  field: string;
  message: string;
}

/** The facts the rules read, named as the inputs and the stored details name them. */
export interface SubjectFacts {
  startDate?: string | null;
  endDate?: string | null;
  handlesPersonalInformation?: boolean | null;
  handlesMyNumber?: boolean | null;
}

export const END_BEFORE_START = '契約終了日は契約開始日以降の日付にしてください。';
export const MY_NUMBER_IS_PERSONAL_INFORMATION =
  'マイナンバー（個人番号）を含む情報は個人情報です。マイナンバーを取り扱う場合は、個人情報の取扱いも「有」（true）にしてください。';

interface Rule {
  /** The fields the rule reads: an update that changes none of them is not refused by it. */
  fields: readonly (keyof SubjectFacts)[];
  broken(facts: SubjectFacts): RuleProblem | null;
}

const RULES: readonly Rule[] = [
  {
    fields: ['startDate', 'endDate'],
    // YYYY-MM-DD compares as text.
    broken: ({ startDate, endDate }) =>
      startDate && endDate && endDate < startDate ? { field: 'endDate', message: END_BEFORE_START } : null,
  },
  {
    fields: ['handlesPersonalInformation', 'handlesMyNumber'],
    broken: ({ handlesPersonalInformation, handlesMyNumber }) =>
      handlesMyNumber === true && handlesPersonalInformation === false
        ? { field: 'handlesPersonalInformation', message: MY_NUMBER_IS_PERSONAL_INFORMATION }
        : null,
  },
];

/**
 * Every rule the facts break. With `changed`, only the rules that read a changed field: a stored
 * subject that predates a rule can still have its other fields edited.
 */
export function ruleProblems(facts: SubjectFacts, changed?: (field: string) => boolean): RuleProblem[] {
  return RULES.filter((rule) => !changed || rule.fields.some(changed))
    .map((rule) => rule.broken(facts))
    .filter((problem): problem is RuleProblem => problem !== null);
}
