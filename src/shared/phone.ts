/**
 * Phone numbers as DocuSign takes them: a country calling code and a national number, digits only
 * (spec `recipientPhoneNumber {countryCode, number}`). Pure, shared by the dialog (which refuses a bad
 * number on its field) and the server (which refuses it again before anything reaches DocuSign).
 */
import { err, ok, type Result } from './result.ts';

/**
 * ITU-T E.164 country calling codes in use. The codes are prefix-free, so the longest match of a
 * `+…` number's first digits is its country.
 */
const CODES = new Set(
  (
    '1 7 20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 ' +
    '81 82 84 86 90 91 92 93 94 95 98 211 212 213 216 218 220 221 222 223 224 225 226 227 228 229 230 231 ' +
    '232 233 234 235 236 237 238 239 240 241 242 243 244 245 246 247 248 249 250 251 252 253 254 255 256 ' +
    '257 258 260 261 262 263 264 265 266 267 268 269 290 291 297 298 299 350 351 352 353 354 355 356 357 ' +
    '358 359 370 371 372 373 374 375 376 377 378 379 380 381 382 383 385 386 387 389 420 421 423 500 501 ' +
    '502 503 504 505 506 507 508 509 590 591 592 593 594 595 596 597 598 599 670 672 673 674 675 676 677 ' +
    '678 679 680 681 682 683 685 686 687 688 689 690 691 692 850 852 853 855 856 880 886 960 961 962 963 ' +
    '964 965 966 967 968 970 971 972 973 974 975 976 977 992 993 994 995 996 998'
  ).split(' '),
);

export interface PhoneNumber {
  /** Digits, no `+`: `1`, `49`. */
  countryCode: string;
  /** The national number, digits only, without the trunk prefix `0`. */
  number: string;
}

// The code as a literal (checked by `err`'s ErrorCode): the ErrorCodes object would ship every code in the dialog.
const invalid = (what: string) => err('phone_invalid', `${what} Enter it with its country code, for example +1 415 555 0100.`);

/**
 * Normalises what a user typed or a page showed: `+49 (0)151 234-5678`, `0049 151 2345678`, or a
 * national number with its country code given apart.
 */
export function normalizePhone(input: { countryCode?: string | undefined; number: string }): Result<PhoneNumber> {
  const raw = input.number.trim();
  if (raw.length > 40) return invalid('The phone number is too long.');
  // "(0)" marks a trunk prefix dropped when dialling from abroad; spaces, dashes, dots and brackets are layout.
  const cleaned = raw.replace(/\(0\)/g, '').replace(/[\s.()/-]/g, '');
  let country = (input.countryCode ?? '').trim().replace(/^(\+|00)/, '');
  let national = cleaned;
  const international = /^(\+|00)(\d+)$/.exec(cleaned);
  if (international) {
    const digits = international[2] ?? '';
    const code = [3, 2, 1].map((n) => digits.slice(0, n)).find((c) => CODES.has(c));
    if (code === undefined) return invalid('The phone number does not start with a country code.');
    if (country !== '' && country !== code) return invalid('The phone number and its country code do not match.');
    country = code;
    national = digits.slice(code.length);
  }
  if (!/^\d+$/.test(national)) return invalid('The phone number may only contain digits.');
  if (country === '') return invalid('The phone number has no country code.');
  if (!CODES.has(country)) return invalid(`+${country.slice(0, 4)} is not a country code.`);
  // Italy keeps its leading 0 internationally; everywhere else it is the trunk prefix.
  if (country !== '39') national = national.replace(/^0+/, '');
  // E.164: at most 15 digits with the country code.
  if (national.length < 4 || country.length + national.length > 15) return invalid('The phone number has too few or too many digits.');
  return ok({ countryCode: country, number: national });
}
