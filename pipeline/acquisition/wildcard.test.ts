import { describe, expect, it } from 'vitest';
import { wildcardMatcher } from './wildcard.js';

const anywhere = { start: false, end: false };

describe('wildcard patterns', () => {
  it.each([
    ['/events/', 'https://site.example/events/2024', true],
    ['/events/', 'https://site.example/news', false],
    ['*.pdf', 'https://site.example/a/b.pdf', true],
    ['/tender/*/lot*', 'https://site.example/tender/17/lot-3', true],
    ['/tender/*/lot*', 'https://site.example/lot/tender/17', false],
    ['a*b*c', 'xxaxxbxxcxx', true],
    ['a*b*c', 'xxcxxbxxaxx', false],
    ['ab*ba', 'aba', false],
    ['**', '', true],
  ])('%s found anywhere in %s: %s', (pattern, text, expected) => {
    expect(wildcardMatcher(pattern, anywhere)(text)).toBe(expected);
  });

  it('anchors at the start, the end or both when asked', () => {
    expect(wildcardMatcher('/a*z', { start: true, end: false })('/a-z/more')).toBe(true);
    expect(wildcardMatcher('/a*z', { start: true, end: false })('x/a-z')).toBe(false);
    expect(wildcardMatcher('*.php', { start: false, end: true })('/x.php')).toBe(true);
    expect(wildcardMatcher('*.php', { start: false, end: true })('/x.php?y')).toBe(false);
    expect(wildcardMatcher('/x', { start: true, end: true })('/x')).toBe(true);
    expect(wildcardMatcher('/x', { start: true, end: true })('/xy')).toBe(false);
  });

  // A regular expression of ten `.*`s took about nine seconds on such a text; the test's time limit is what fails.
  it('answers at once for a pattern full of wildcards on a text that almost matches', { timeout: 1_000 }, () => {
    const hostile = wildcardMatcher(`${'*a'.repeat(10)}*b`, anywhere);
    expect(hostile(`https://site.example/${'a'.repeat(36)}`)).toBe(false);
    expect(hostile(`https://site.example/${'a'.repeat(36)}b`)).toBe(true);
  });
});
