// The output directories of --dist and --oci, checked before anything is built: writable, and
// holding nothing tszig would overwrite or remove that it did not write itself. What --dist wrote
// is recorded in DIR/.tszig-dist.json (path → SHA-256), so a later run knows its own files.

import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { TszigError } from '../errors.js';
import { writeFileAtomic } from '../fs/atomic.js';

export const DIST_RECORD = '.tszig-dist.json';
export const SHA256SUMS = 'SHA256SUMS';

export class OutputDirError extends TszigError {
  constructor(message: string, hint: string, cause?: unknown) {
    super('E_OUTPUT_DIR', message, { hint, cause });
  }
}

/** Throws unless `dir` is a directory tszig can write into, or one it can create. */
export function checkWritable(dir: string, flag: string): void {
  let existing = dir;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  const stat = lstatSync(existing, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) {
    throw new OutputDirError(
      existing === dir ? `${flag} ${dir} exists and is not a directory` : `cannot create ${flag} ${dir}: ${existing} is not a directory`,
      `choose a directory path for ${flag}`,
    );
  }
  try {
    rmdirSync(mkdtempSync(join(existing, '.tszig-write-test-')));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new OutputDirError(`cannot write ${flag} ${dir}: ${existing} is not writable (${code})`, `choose a writable directory for ${flag}, or fix the permissions of ${existing}`, err);
  }
}

/** Every file (or link, or other non-directory) under dir, as `/`-separated relative paths. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out.sort();
}

function sha256File(path: string): string | undefined {
  try {
    if (!lstatSync(path).isFile()) return undefined;
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return undefined;
  }
}

interface DistRecord {
  readonly version: 1;
  readonly files: Readonly<Record<string, string>>;
}

export function readDistRecord(dir: string): Record<string, string> {
  try {
    const rec = JSON.parse(readFileSync(join(dir, DIST_RECORD), 'utf8')) as Partial<DistRecord>;
    return rec.version === 1 && rec.files && typeof rec.files === 'object' ? { ...rec.files } : {};
  } catch {
    return {};
  }
}

export function writeDistRecord(dir: string, files: Readonly<Record<string, string>>): void {
  const sorted = Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  writeFileAtomic(join(dir, DIST_RECORD), `${JSON.stringify({ version: 1, files: sorted } satisfies DistRecord, null, 2)}\n`);
}

export interface DistDirState {
  /** Files an earlier --dist wrote and nobody changed since (path → SHA-256): tszig may replace or remove them. */
  readonly ours: Readonly<Record<string, string>>;
  /** Other files: never overwritten or removed, and not in SHA256SUMS. */
  readonly foreign: readonly string[];
}

/**
 * What is in the dist directory now. A file tszig did not write (or one changed since) inside a
 * platform directory this run fills, or a SHA256SUMS of someone else's, is an error: tszig would
 * have to overwrite it or mix it into the checksums.
 */
export function inspectDistDir(dir: string, platforms: readonly string[]): DistDirState {
  checkWritable(dir, '--dist');
  const record = readDistRecord(dir);
  const ours: Record<string, string> = {};
  const foreign: string[] = [];
  for (const path of listFiles(dir)) {
    if (path === DIST_RECORD) continue;
    const recorded = record[path];
    if (recorded !== undefined && sha256File(join(dir, path)) === recorded) ours[path] = recorded;
    else foreign.push(path);
  }
  const inTheWay = foreign.filter((p) => p === SHA256SUMS || platforms.some((pl) => p.startsWith(`${pl}/`)));
  if (inTheWay.length > 0) {
    const shown = inTheWay.slice(0, 8).join(', ') + (inTheWay.length > 8 ? `, and ${inTheWay.length - 8} more` : '');
    throw new OutputDirError(
      `--dist ${dir} holds files tszig did not write where it writes: ${shown}`,
      'tszig only replaces files an earlier --dist wrote (recorded in .tszig-dist.json) and never deletes anything else: move these files away, or choose an empty directory',
    );
  }
  return { ours, foreign };
}

/**
 * The OCI layout directory: missing, empty, or already an image layout (images are added to it;
 * nothing in it is removed). Anything else is an error.
 */
export function inspectOciDir(dir: string): void {
  checkWritable(dir, '--oci');
  if (!existsSync(dir)) return;
  const entries = readdirSync(dir);
  if (entries.length === 0) return;
  if (entries.includes('oci-layout') && entries.includes('index.json')) return;
  throw new OutputDirError(
    `--oci ${dir} is neither empty nor an OCI image layout (it holds ${entries.slice(0, 5).join(', ')}${entries.length > 5 ? ', …' : ''})`,
    'give --oci an empty or new directory, or an existing image layout to add the images to',
  );
}
