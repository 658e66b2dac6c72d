/** The fixture documents under test/pages/files, as the browser tests compare them with what was sent. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const FILES = resolve(import.meta.dirname, '../pages/files');

export const fileBytes = (file: string): Buffer => readFileSync(join(FILES, file));
export const sha256 = (file: string): string => createHash('sha256').update(fileBytes(file)).digest('hex');
