import { END_BEFORE_START, MY_NUMBER_IS_PERSONAL_INFORMATION, ruleProblems } from './subject-rules';

describe('the rules between a subject’s fields', () => {
  it('refuses an end date before the start date, on endDate; the same day is fine', () => {
    expect(ruleProblems({ startDate: '2026-04-01', endDate: '2026-03-31' })).toEqual([{ field: 'endDate', message: END_BEFORE_START }]);
    expect(ruleProblems({ startDate: '2026-04-01', endDate: '2026-04-01' })).toEqual([]);
    expect(ruleProblems({ startDate: '2026-04-01', endDate: null })).toEqual([]);
    expect(ruleProblems({ endDate: '2026-03-31' })).toEqual([]);
  });

  it('refuses My Number data without personal information, on handlesPersonalInformation', () => {
    expect(ruleProblems({ handlesMyNumber: true, handlesPersonalInformation: false })).toEqual([
      { field: 'handlesPersonalInformation', message: MY_NUMBER_IS_PERSONAL_INFORMATION },
    ]);
    for (const facts of [
      { handlesMyNumber: true, handlesPersonalInformation: true },
      { handlesMyNumber: false, handlesPersonalInformation: false },
      { handlesMyNumber: false, handlesPersonalInformation: true },
      // An update that leaves one of them out: the service checks what it would store.
      { handlesMyNumber: true },
      { handlesPersonalInformation: false },
    ]) {
      expect({ facts, problems: ruleProblems(facts) }).toEqual({ facts, problems: [] });
    }
    expect(MY_NUMBER_IS_PERSONAL_INFORMATION).toMatch(/個人情報/);
  });

  it('lists every broken rule at once', () => {
    const problems = ruleProblems({
      startDate: '2026-04-01',
      endDate: '2026-01-01',
      handlesMyNumber: true,
      handlesPersonalInformation: false,
    });
    expect(problems.map((p) => p.field)).toEqual(['endDate', 'handlesPersonalInformation']);
  });

  it('applies only the rules that read a changed field when told what changed', () => {
    const stored = { startDate: '2026-04-01', endDate: '2026-01-01', handlesMyNumber: true, handlesPersonalInformation: false };
    expect(ruleProblems(stored, (field) => field === 'name')).toEqual([]);
    expect(ruleProblems(stored, (field) => field === 'startDate').map((p) => p.field)).toEqual(['endDate']);
    expect(ruleProblems(stored, (field) => field === 'handlesMyNumber').map((p) => p.field)).toEqual(['handlesPersonalInformation']);
    expect(ruleProblems(stored, (field) => field === 'handlesPersonalInformation').map((p) => p.field)).toEqual([
      'handlesPersonalInformation',
    ]);
  });
});
