// Writes generated shims wired to the recording zig, and runs them under a given shell.

import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderShim, type ShimRole } from '../../src/shims/render-sh.ts';
import { parseTarget } from '../../src/target/parse.ts';
import { readCalls, recorderPath } from './recorder.ts';

export const SHELLS = ['dash', 'bash'] as const;
export type Shell = (typeof SHELLS)[number];

export interface ShimRun {
  readonly calls: string[][];
  readonly status: number | null;
  readonly stderr: string;
}

const dir = mkdtempSync(join(tmpdir(), 'tszig-shim-test-'));
let counter = 0;

/** Writes the shim for `target` (a user spelling) and returns its path. */
export function writeShim(target: string, options: { role?: ShimRole; zigVersion?: string; zigCacheDir?: string } = {}): string {
  const zigVersion = options.zigVersion ?? '0.15.2';
  const t = parseTarget(target, { glibcMax: '2.42', zigVersion });
  const text = renderShim({
    role: options.role ?? 'cc',
    target: t,
    zigPath: recorderPath(),
    zigVersion,
    zigCacheDir: options.zigCacheDir ?? join(dir, 'zig cache'),
  });
  const path = join(dir, `shim-${counter++}`);
  writeFileSync(path, text);
  chmodSync(path, 0o755);
  return path;
}

/** Runs `shell shim args…` and returns what the recorder saw. */
export function runShim(shell: Shell, shim: string, args: readonly string[], env: Record<string, string> = {}): ShimRun {
  const record = join(dir, `record-${counter++}`);
  const r = spawnSync(shell, [shim, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env, TSZIG_RECORD: record },
    encoding: 'utf8',
  });
  return { calls: readCalls(record), status: r.status, stderr: r.stderr };
}

export function tempDir(): string {
  return mkdtempSync(join(dir, 'work-'));
}
