/**
 * Structured logging that redacts secrets by construction: every field passes through `redact`, which
 * replaces the values of sensitive keys (tokens, secrets, codes, signing URLs, document bytes) and any
 * string that looks like a bearer credential. Callers cannot opt out.
 */

export type Level = 'debug' | 'info' | 'warn' | 'error';
export type Fields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
  child(fields: Fields): Logger;
}

export const REDACTED = '[redacted]';

/** Keys whose values never reach a log line, whatever their nesting. */
const SENSITIVE_KEY =
  /(token|secret|password|passwd|authorization|cookie|assertion|verifier|^code$|private.?key|signing.?url|^url$|view.?url|document.?base64|^bytes$|^body$|^content$)/i;
/** Values that are credentials whatever key they sit under. */
const SENSITIVE_VALUE = /^(Bearer|Basic)\s+\S+/i;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[depth]';
  if (typeof value === 'string') return SENSITIVE_VALUE.test(value) ? REDACTED : value;
  if (value instanceof Error) {
    // Only name and message: errors from HTTP clients carry request options (headers, bodies) as fields.
    return { name: value.name, message: redact(value.message, depth + 1) };
  }
  if (Array.isArray(value)) return value.slice(0, 50).map((item) => redact(item, depth + 1));
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) return `[${value.byteLength} bytes]`;
  if (typeof value === 'object' && value !== null) {
    const out: Fields = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = SENSITIVE_KEY.test(key) ? REDACTED : redact(inner, depth + 1);
    }
    return out;
  }
  return value;
}

const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  level?: Level;
  /** Where a finished line goes; defaults to stdout. Tests pass a collector. */
  write?: (line: string) => void;
  now?: () => number;
}

export function createLogger(options: LoggerOptions = {}, bound: Fields = {}): Logger {
  const min = ORDER[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? Date.now;
  const emit = (level: Level, msg: string, fields: Fields = {}) => {
    if (ORDER[level] < min) return;
    const record = redact({ ...bound, ...fields }) as Fields;
    write(JSON.stringify({ time: new Date(now()).toISOString(), level, msg: redact(msg), ...record }));
  };
  return {
    debug: (msg, fields) => emit('debug', msg, fields),
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
    child: (fields) => createLogger(options, { ...bound, ...fields }),
  };
}

/** A logger that keeps lines in memory, for tests that assert what was (and was not) logged. */
export function memoryLogger(level: Level = 'debug'): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(createLogger({ level, write: (line) => lines.push(line) }), { lines });
}
