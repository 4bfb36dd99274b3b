import { describe, expect, it } from 'vitest';
import { localeFormat } from '../../../utils/i18n/format';

const DAY = new Date(2026, 11, 4, 12, 0);

describe('localeFormat', () => {
  it('formats counts with the locale’s grouping', () => {
    expect(localeFormat('en').count(1234567)).toBe('1,234,567');
    expect(localeFormat('de').count(1234567)).toBe('1.234.567');
    expect(localeFormat('fr').count(1234567)).toBe('1\u202f234\u202f567');
    expect(localeFormat('ja').count(1234567)).toBe('1,234,567');
  });

  it('formats days in the locale’s order and words', () => {
    expect(localeFormat('en').day(DAY)).toBe('Dec 4, 2026');
    expect(localeFormat('de').day(DAY)).toBe('04.12.2026');
    expect(localeFormat('fr').day(DAY)).toBe('4 déc. 2026');
    expect(localeFormat('es').day(DAY)).toBe('4 dic 2026');
    expect(localeFormat('ja').day(DAY)).toBe('2026/12/04');
    expect(localeFormat('de').dateTime(new Date(2026, 11, 4, 15, 30))).toBe('04.12.2026, 15:30');
  });

  it('formats UTC day numbers as the same calendar day in every locale', () => {
    const day = Date.UTC(2026, 11, 4) / 86_400_000;
    expect(localeFormat('en').utcDay(day)).toBe('Dec 4, 2026');
    expect(localeFormat('de').utcDay(day)).toBe('04.12.2026');
    expect(localeFormat('ja').utcDay(day)).toBe('2026/12/04');
    expect(localeFormat('en').utcMonthDay(day)).toBe('Dec 4');
    expect(localeFormat('de').utcMonthDay(day)).toBe('4. Dez.');
    expect(localeFormat('fr').utcMonthDay(day)).toBe('4 déc.');
    expect(localeFormat('ja').utcMonthDay(day)).toBe('12月4日');
  });

  it('joins lists with the locale’s conjunction', () => {
    expect(localeFormat('en').list(['Google', 'Meta', 'TikTok'])).toBe('Google, Meta, and TikTok');
    expect(localeFormat('de').list(['Google', 'Meta', 'TikTok'])).toBe('Google, Meta und TikTok');
    expect(localeFormat('ja').list(['Google', 'Meta'])).toBe('Google、Meta');
  });

  it('formats byte sizes', () => {
    expect(localeFormat('en').bytes(1_500_000)).toBe('1.5 MB');
    expect(localeFormat('de').bytes(1_500_000)).toBe('1,5 MB');
    expect(localeFormat('en').bytes(512)).toBe('512 byte');
  });

  it('falls back to English for a malformed tag instead of throwing', () => {
    expect(localeFormat('not a tag!').locale).toBe('en');
    expect(localeFormat(undefined).count(1000)).toBe('1,000');
  });
});
