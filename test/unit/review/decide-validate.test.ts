import { describe, expect, it } from 'vitest';
import { validateDecision } from '../../../src/review/decide.ts';
import { InvalidInputError } from '../../../src/review/errors.ts';

const base = { flagId: 1, version: 3 };

describe('validateDecision', () => {
  it('needs an SKB item to confirm', () => {
    expect(() => validateDecision({ ...base, decision: 'confirm' })).toThrow(/SKB 2022 item/);
    expect(() => validateDecision({ ...base, decision: 'confirm', skbItem: 12 })).toThrow(InvalidInputError);
    expect(validateDecision({ ...base, decision: 'confirm', skbItem: 6 }).skbItem).toBe(6);
  });

  it('needs a listed reason to dismiss, and text for "other"', () => {
    expect(() => validateDecision({ ...base, decision: 'dismiss' })).toThrow(/needs a reason/);
    expect(() => validateDecision({ ...base, decision: 'dismiss', dismissReason: 'bosan' })).toThrow(/needs a reason/);
    expect(() => validateDecision({ ...base, decision: 'dismiss', dismissReason: 'other', dismissText: '  ' })).toThrow(/explanation/);
    expect(validateDecision({ ...base, decision: 'dismiss', dismissReason: 'neutral_context' }).dismissReason).toBe('neutral_context');
  });

  it('needs known, distinct labels to correct', () => {
    expect(() => validateDecision({ ...base, decision: 'correct' })).toThrow(/corrected labels/);
    expect(() => validateDecision({ ...base, decision: 'correct', labels: ['spam'] })).toThrow(/labels must be/);
    expect(() => validateDecision({ ...base, decision: 'correct', labels: ['hate', 'hate'] })).toThrow(/distinct/);
    expect(validateDecision({ ...base, decision: 'correct', labels: ['hate'] }).labels).toEqual(['hate']);
  });

  it('needs the version the person saw', () => {
    expect(() => validateDecision({ flagId: 1, version: 0, decision: 'escalate' })).toThrow(/version/);
  });
});
