import { EvidenceDecision, EvidenceState } from '../domain/compliance.enums';
import { decisionOutcome } from './evidence.service';

describe('decisionOutcome', () => {
  // Every state × decision, written out: a state added to the enum fails 'covers every pair'.
  const OUTCOMES: [EvidenceState, EvidenceDecision, EvidenceState | undefined][] = [
    [EvidenceState.RECORDED, EvidenceDecision.ACCEPT, EvidenceState.ACCEPTED],
    [EvidenceState.RECORDED, EvidenceDecision.REJECT, EvidenceState.REJECTED],
    [EvidenceState.WAIVER_REQUESTED, EvidenceDecision.ACCEPT, EvidenceState.WAIVED],
    [EvidenceState.WAIVER_REQUESTED, EvidenceDecision.REJECT, EvidenceState.REJECTED],
    [EvidenceState.NOT_RECORDED, EvidenceDecision.ACCEPT, undefined],
    [EvidenceState.NOT_RECORDED, EvidenceDecision.REJECT, undefined],
    [EvidenceState.ABSENT, EvidenceDecision.ACCEPT, undefined],
    [EvidenceState.ABSENT, EvidenceDecision.REJECT, undefined],
    [EvidenceState.ACCEPTED, EvidenceDecision.ACCEPT, undefined],
    [EvidenceState.ACCEPTED, EvidenceDecision.REJECT, undefined],
    [EvidenceState.REJECTED, EvidenceDecision.ACCEPT, undefined],
    [EvidenceState.REJECTED, EvidenceDecision.REJECT, undefined],
    [EvidenceState.WAIVED, EvidenceDecision.ACCEPT, undefined],
    [EvidenceState.WAIVED, EvidenceDecision.REJECT, undefined],
  ];

  it('covers every pair of state and decision', () => {
    const pairs = OUTCOMES.map(([state, decision]) => `${state}/${decision}`).sort();
    const all = Object.values(EvidenceState)
      .flatMap((state) => Object.values(EvidenceDecision).map((decision) => `${state}/${decision}`))
      .sort();
    expect(pairs).toEqual(all);
  });

  it.each(OUTCOMES)('%s + %s → %s', (state, decision, expected) => {
    expect(decisionOutcome(state, decision)).toBe(expected);
  });

  it('never decides a state into itself', () => {
    for (const state of Object.values(EvidenceState)) {
      for (const decision of Object.values(EvidenceDecision)) expect(decisionOutcome(state, decision)).not.toBe(state);
    }
  });
});
