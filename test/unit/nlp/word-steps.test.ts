import { describe, expect, it } from 'vitest';
import { deElongate } from '../../../src/nlp/elongation.ts';
import { deLeet } from '../../../src/nlp/leet.ts';
import { NUM, ballotValue, numberNorm, splitAmount } from '../../../src/nlp/numbers.ts';

const known = new Set([
  'banget',
  'maaf',
  'saat',
  'tunggu',
  'anjing',
  'saya',
  'goblok',
  'coblos',
  'salam',
  'jari',
  'bagi',
  'kata',
  'pemilu',
  'wkwk',
]);
const isKnown = (w: string) => known.has(w);

describe('deElongate', () => {
  it('squeezes repeated letters to the known word', () => {
    expect(deElongate('bangeeeet', isKnown)).toBe('banget');
    expect(deElongate('bangett', isKnown)).toBe('banget');
  });
  it('keeps doubles that belong to the word', () => {
    expect(deElongate('maaaaf', isKnown)).toBe('maaf');
    expect(deElongate('saaaat', isKnown)).toBe('saat');
    expect(deElongate('tungguuu', isKnown)).toBe('tunggu');
  });
  it('shortens laughter', () => {
    expect(deElongate('wkwkwkwkwk', isKnown)).toBe('wkwk');
    expect(deElongate('hahahaha', isKnown)).toBe('haha');
  });
  it('squeezes runs of three or more when no form is known, and keeps unknown doubles', () => {
    expect(deElongate('mantuuul', isKnown)).toBe('mantul');
    expect(deElongate('jaddi', isKnown)).toBe('jaddi');
  });
});

describe('deLeet', () => {
  it('decodes leet digits into known words', () => {
    expect(deLeet('4nj1ng', isKnown)).toEqual(['anjing']);
    expect(deLeet('s4y4', isKnown)).toEqual(['saya']);
    expect(deLeet('g0bl0k', isKnown)).toEqual(['goblok']);
    expect(deLeet('b4ng3t', isKnown)).toEqual(['banget']);
    expect(deLeet('p3m1lu', isKnown)).toEqual(['pemilu']);
  });
  it('leaves numbers and unknown mixes alone', () => {
    expect(deLeet('02', isKnown)).toBeNull();
    expect(deLeet('2024', isKnown)).toBeNull();
    expect(deLeet('covid19', isKnown)).toBeNull();
    expect(deLeet('5g', isKnown)).toBeNull();
  });
  it('splits words glued to numbers and reads alay reduplication', () => {
    expect(deLeet('coblos02', isKnown)).toEqual(['coblos', '02']);
    expect(deLeet('salam3jari', isKnown)).toEqual(['salam', '3', 'jari']);
    expect(deLeet('bagi2', isKnown)).toEqual(['bagi', 'bagi']);
  });
});

describe('numbers', () => {
  it('keeps ballot numbers and years, hides other numbers', () => {
    expect(numberNorm('02')).toBe('02');
    expect(numberNorm('3')).toBe('3');
    expect(numberNorm('24')).toBe('24');
    expect(numberNorm('2024')).toBe('2024');
    expect(numberNorm('25')).toBe(NUM);
    expect(numberNorm('100.000')).toBe(NUM);
    expect(numberNorm('00')).toBe(NUM);
  });
  it('reads ballot values alike with or without the leading zero', () => {
    expect(ballotValue('02')).toBe(2);
    expect(ballotValue('2')).toBe(2);
    expect(ballotValue('2024')).toBeNull();
    expect(ballotValue('<num>')).toBeNull();
  });
  it('splits amounts into a number and a unit, never a ballot number', () => {
    expect(splitAmount('100rb')).toEqual([NUM, 'ribu']);
    expect(splitAmount('2jt')).toEqual([NUM, 'juta']);
    expect(splitAmount('rp50.000')).toEqual(['rp', NUM]);
    expect(splitAmount('50')).toBeNull();
    expect(splitAmount('abc')).toBeNull();
  });
});
