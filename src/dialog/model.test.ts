import { createHash, randomUUID } from 'node:crypto';
import * as v from 'valibot';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installI18n } from '../../test/support/i18n.ts';
import { messages } from '../shared/messages.ts';
import { clip, formatSize, prefill } from './model.ts';
import { buildRequest, IdempotencyKeys, type FormState } from './later/request.ts';
import { sha256Hex } from './document-effects.ts';

let uninstall: () => void;
beforeAll(() => {
  uninstall = installI18n('en');
});
afterAll(() => uninstall());

const doc = { name: 'Master Services Agreement.pdf', kind: 'pdf' };
const bytes = new Uint8Array([37, 80, 68, 70, 45, 49, 46, 52]);

describe('prefill', () => {
  it('addresses the page contact and mentions the record', () => {
    const p = prefill(doc, { contactName: 'Ada Lovelace', contactEmail: 'ada@acme.example', subject: 'Acme renewal', company: 'Acme Corp', amount: '$48,000.00' });
    expect(p.recipients).toEqual([{ role: 'signer', name: 'Ada Lovelace', email: 'ada@acme.example', routingOrder: 1, signNow: false, delivery: 'email', phone: '', auth: 'none' }]);
    expect(p.subject).toBe('Please sign: Master Services Agreement.pdf (Acme renewal)');
    expect(p.message).toContain('Hello Ada Lovelace,');
    expect(p.message).toContain('(Acme Corp, $48,000.00)');
  });
  it('leaves an empty signer to fill when the page has no valid contact', () => {
    expect(prefill(doc, { contactEmail: 'nobody' }).recipients).toEqual([{ role: 'signer', name: '', email: '', routingOrder: 1, signNow: false, delivery: 'email', phone: '', auth: 'none' }]);
    expect(prefill(doc, { contactEmail: 'x@y.example' }).recipients[0]?.name).toBe('x');
  });
  it("prefills the page contact's phone, leaving delivery by e-mail until the user picks SMS", () => {
    const [r] = prefill(doc, { contactEmail: 'ada@acme.example', contactPhone: '+1 (415) 555-0100' }).recipients;
    expect(r).toMatchObject({ phone: '+1 (415) 555-0100', delivery: 'email', auth: 'none' });
  });
  it('keeps the subject within DocuSign’s 100 characters', () => {
    const p = prefill({ name: `${'Very long name '.repeat(10)}.pdf`, kind: 'pdf' }, { subject: 'x'.repeat(300) });
    expect(p.subject.length).toBeLessThanOrEqual(100);
    expect(clip('a b c', 100)).toBe('a b c');
  });
});

describe('buildRequest', () => {
  const form: FormState = {
    subject: 'Please sign',
    message: 'Hi',
    recipients: [
      { role: 'signer', name: 'Ada', email: 'ada@acme.example', routingOrder: 1, signNow: true, delivery: 'email', phone: '', auth: 'none' },
      { role: 'cc', name: 'Bob', email: 'bob@acme.example', routingOrder: 2, signNow: true, delivery: 'email', phone: '', auth: 'none' },
    ],
  };
  const document = {
    id: 'https://crm.example/a.pdf',
    kind: 'pdf',
    pageUrl: 'https://crm.example/a.pdf',
    name: 'a.pdf',
    mimeType: 'application/pdf',
    size: bytes.length,
    blobUrl: 'blob:chrome-extension://abc/11111111-2222-4333-8444-555555555555',
    sha256: 'a'.repeat(64),
  };

  it('sends the documents in the list’s order, a page document with its URL, a file without one', () => {
    const file = { ...document, id: 'file:1', pageUrl: undefined, name: 'b.pdf', sha256: 'b'.repeat(64), blobUrl: document.blobUrl.replace('1111', '2222') };
    const { pageUrl: _none, ...fileWithout } = file;
    const built = buildRequest(randomUUID(), randomUUID(), form, [fileWithout, document]);
    expect(built.ok && built.request.documents).toEqual([
      { name: 'b.pdf', mimeType: 'application/pdf', size: bytes.length, blobUrl: file.blobUrl, sha256: 'b'.repeat(64) },
      { name: 'a.pdf', mimeType: 'application/pdf', size: bytes.length, blobUrl: document.blobUrl, sha256: 'a'.repeat(64), pageUrl: document.pageUrl },
    ]);
    if (built.ok) expect(v.safeParse(messages.sendEnvelope.request, built.request).success).toBe(true);
    const tooLarge = buildRequest(randomUUID(), randomUUID(), form, [document, { ...fileWithout, size: 26 * 1024 * 1024 }]);
    expect(tooLarge).toEqual({ ok: false, errors: [{ field: 'documents', key: 'dialog_docsErrTooLarge', subs: ['25', 'b.pdf'] }] });
  });

  it('builds a request the worker’s schema accepts; a CC never signs now', () => {
    const built = buildRequest(randomUUID(), randomUUID(), form, [document]);
    expect(built.ok).toBe(true);
    if (built.ok) expect(built.request.recipients.map((r) => r.signNow)).toEqual([true, false]);
  });
  it('names every problem at its field, all at once', () => {
    const noSigner = buildRequest(randomUUID(), randomUUID(), { ...form, recipients: [form.recipients[1]!] }, [document]);
    expect(noSigner).toEqual({ ok: false, errors: [{ field: 'recipients', key: 'dialog_errNoSigner' }] });
    const five = [0, 1, 2, 3, 4].map((i) => ({ ...form.recipients[0]!, email: i === 3 ? 'nope' : `r${i}@acme.example` }));
    const many = buildRequest(randomUUID(), randomUUID(), { ...form, subject: ' ', recipients: five }, [document]);
    expect(many).toEqual({
      ok: false,
      errors: [{ field: 'r3-email', key: 'dialog_errEmail', n: 4 }, { field: 'subject', key: 'dialog_errSubjectEmpty' }],
    });
  });

  it('agrees with the worker’s schema on any form: accepted here exactly when accepted there', () => {
    const text = fc.oneof(fc.constantFrom('', ' ', 'Ada', 'a@b.example', 'x'.repeat(101), 'ada@acme', 'a b@c.example'), fc.string({ maxLength: 12 }));
    const recipient = fc.record({
      role: fc.constantFrom('signer' as const, 'cc' as const),
      name: text,
      email: fc.oneof(text, fc.emailAddress()),
      routingOrder: fc.oneof(fc.integer({ min: -1, max: 101 }), fc.constant(Number.NaN), fc.constant(1.5)),
      signNow: fc.boolean(),
      delivery: fc.constantFrom('email' as const, 'sms' as const, 'email_and_sms' as const),
      phone: fc.constantFrom('', '+1 415 555 0100', '0151 2345678', '+49 151 2345678'),
      auth: fc.constantFrom('none' as const, 'sms' as const, 'phone' as const),
    });
    const forms = fc.record({ subject: text, message: fc.constantFrom('', 'Hi', 'x'.repeat(10_001)), recipients: fc.array(recipient, { maxLength: 22 }) });
    fc.assert(
      fc.property(forms, (candidate) => {
        const built = buildRequest(randomUUID(), randomUUID(), candidate, [document]);
        const raw = { sessionId: randomUUID(), idempotencyKey: randomUUID(), ...candidate, documents: [{ name: document.name, mimeType: document.mimeType, size: document.size, blobUrl: document.blobUrl, sha256: document.sha256 }] };
        const schema = v.safeParse(messages.sendEnvelope.request, raw);
        expect(built.ok).toBe(schema.success);
        if (built.ok && schema.success) expect(v.safeParse(messages.sendEnvelope.request, built.request).success).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
  it('SMS: a signer by SMS alone needs no e-mail but a phone with its country code', () => {
    const sms = { ...form.recipients[0]!, signNow: false, email: '', delivery: 'sms' as const, phone: '+1 (415) 555-0100', auth: 'sms' as const };
    const built = buildRequest(randomUUID(), randomUUID(), { ...form, recipients: [sms] }, [document]);
    expect(built.ok).toBe(true);
    const local = buildRequest(randomUUID(), randomUUID(), { ...form, recipients: [{ ...sms, phone: '0151 2345678' }] }, [document]);
    expect(local).toEqual({ ok: false, errors: [{ field: 'r0-phone', key: 'fields_phone_invalid' }] });
    const letters = buildRequest(randomUUID(), randomUUID(), { ...form, recipients: [{ ...sms, phone: '+1 CALL NOW' }] }, [document]);
    expect(letters.ok).toBe(false);
    const signsNow = buildRequest(randomUUID(), randomUUID(), { ...form, recipients: [{ ...sms, signNow: true }] }, [document]);
    expect(signsNow).toEqual({ ok: false, errors: [{ field: 'r0-email', key: 'dialog_errEmailEmpty', n: 1 }] });
  });
});

describe('IdempotencyKeys', () => {
  it('reuses the key for a retry of the same form and makes a new one when the form changed', () => {
    let n = 0;
    const keys = new IdempotencyKeys(() => `key-${++n}`);
    const form: FormState = { subject: 's', message: 'm', recipients: [{ role: 'signer', name: 'A', email: 'a@b.example', routingOrder: 1, signNow: false, delivery: 'email', phone: '', auth: 'none' }] };
    expect(keys.keyFor(form)).toBe('key-1');
    expect(keys.keyFor({ ...form, recipients: [{ ...form.recipients[0]!, name: ' A ' }] })).toBe('key-1');
    expect(keys.keyFor({ ...form, subject: 'other' })).toBe('key-2');
    expect(keys.keyFor({ ...form, subject: 'other' })).toBe('key-2');
    // Another list of documents, or the same in another order, is another send.
    expect(keys.keyFor({ ...form, subject: 'other', documents: ['a', 'b'] })).toBe('key-3');
    expect(keys.keyFor({ ...form, subject: 'other', documents: ['a', 'b'] })).toBe('key-3');
    expect(keys.keyFor({ ...form, subject: 'other', documents: ['b', 'a'] })).toBe('key-4');
  });
});

describe('bytes', () => {
  it('hashes like Node does', async () => {
    const big = new Uint8Array(100_000).map((_, i) => i % 251);
    expect(await sha256Hex(big)).toBe(createHash('sha256').update(big).digest('hex'));
    expect(formatSize(655)).toBe('655 B');
    expect(formatSize(2048)).toBe('2.0 KB');
  });
});
