/** Phone numbers normalised to DocuSign's {countryCode, number}, refused when they are not numbers. */
import { describe, expect, test } from 'vitest';
import { normalizePhone } from './phone.ts';

describe('normalizePhone', () => {
  test.each<[{ countryCode?: string; number: string }, { countryCode: string; number: string }]>([
    [{ number: '+1 (415) 555-0100' }, { countryCode: '1', number: '4155550100' }],
    [{ number: '+49 (0)151 2345-678' }, { countryCode: '49', number: '1512345678' }],
    [{ number: '0049 151 2345678' }, { countryCode: '49', number: '1512345678' }],
    [{ countryCode: '+49', number: '0151 2345678' }, { countryCode: '49', number: '1512345678' }],
    [{ countryCode: '353', number: '87.123.4567' }, { countryCode: '353', number: '871234567' }],
    [{ number: '+39 06 1234 5678' }, { countryCode: '39', number: '0612345678' }],
  ])('%j → %j', (input, expected) => {
    expect(normalizePhone(input)).toEqual({ ok: true, value: expected });
  });

  test.each<[string, { countryCode?: string; number: string }]>([
    ['letters', { number: '+1 415 CALL NOW' }],
    ['no country code', { number: '0151 2345678' }],
    ['an unassigned country code', { countryCode: '999', number: '12345678' }],
    ['a number starting with an unassigned code', { number: '+999 12345678' }],
    ['too few digits', { number: '+1 415' }],
    ['more than 15 digits', { number: '+49 1512345678901234' }],
    ['a country code that contradicts the number', { countryCode: '44', number: '+49 151 2345678' }],
  ])('refuses %s', (_name, input) => {
    const result = normalizePhone(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('phone_invalid');
  });
});
