import { describe, expect, it } from 'vitest';
import { memoryLogger, redact, REDACTED } from './log.ts';

describe('redact', () => {
  it('blanks sensitive keys at any depth and bearer credentials under any key', () => {
    const out = redact({
      access_token: 'at-1',
      nested: { refresh_token: 'rt-1', code: 'c-1', code_verifier: 'v', list: [{ client_secret: 's' }] },
      headers: { Authorization: 'Bearer xyz', accept: 'application/json' },
      note: 'Bearer abc.def',
      documentBase64: 'JVBERi0=',
      signingUrl: 'http://sim/signing/abc',
      status: 201,
    });
    expect(out).toEqual({
      access_token: REDACTED,
      nested: { refresh_token: REDACTED, code: REDACTED, code_verifier: REDACTED, list: [{ client_secret: REDACTED }] },
      headers: { Authorization: REDACTED, accept: 'application/json' },
      note: REDACTED,
      documentBase64: REDACTED,
      signingUrl: REDACTED,
      status: 201,
    });
  });

  it('keeps only name and message of errors and summarises bytes', () => {
    const error = Object.assign(new Error('failed'), { config: { headers: { Authorization: 'Bearer t' } } });
    expect(redact({ error, bytes: new Uint8Array(10), file: new Uint8Array(3) })).toEqual({
      error: { name: 'Error', message: 'failed' },
      bytes: REDACTED,
      file: '[3 bytes]',
    });
  });
});

describe('logger', () => {
  it('writes JSON lines with bound fields and never a secret', () => {
    const log = memoryLogger();
    log.child({ requestId: 'r1' }).info('token exchange', { access_token: 'secret-token-value', status: 200 });
    expect(log.lines).toHaveLength(1);
    const line = JSON.parse(log.lines[0] ?? '{}') as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'info', msg: 'token exchange', requestId: 'r1', status: 200 });
    expect(log.lines.join('\n')).not.toContain('secret-token-value');
  });

  it('drops lines below its level', () => {
    const log = memoryLogger('warn');
    log.info('quiet');
    log.warn('loud');
    expect(log.lines).toHaveLength(1);
  });
});
