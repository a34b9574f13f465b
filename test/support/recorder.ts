// Builds the recording fake zig once per test process and reads back what it recorded.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

let built: string | undefined;

/** Path of the compiled recorder (built with the machine's C compiler). */
export function recorderPath(): string {
  if (!built) {
    const dir = mkdtempSync(join(tmpdir(), 'tszig-recorder-'));
    built = join(dir, 'zig');
    execFileSync('cc', ['-O1', '-o', built, fileURLToPath(new URL('./recorder.c', import.meta.url))]);
  }
  return built;
}

/** Every call recorded in `file`: each call is its argv (without argv[0]). */
export function readCalls(file: string): string[][] {
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch {
    return [];
  }
  const fields: string[] = [];
  let start = 0;
  for (let i = 0; i < data.length; i++) {
    if (data[i] === 0) {
      fields.push(data.subarray(start, i).toString('utf8'));
      start = i + 1;
    }
  }
  const calls: string[][] = [];
  for (let i = 0; i < fields.length; ) {
    const count = Number(fields[i]);
    calls.push(fields.slice(i + 1, i + 1 + count));
    i += 1 + count;
  }
  return calls;
}

export function cleanup(): void {
  if (built) rmSync(join(built, '..'), { recursive: true, force: true });
}
