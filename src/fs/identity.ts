// A file's identity for cache keys: resolved path, size and mtime (whole milliseconds).

import { realpathSync, statSync } from 'node:fs';

export interface FileIdentity {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

export function fileIdentity(path: string): FileIdentity | undefined {
  try {
    const real = realpathSync(path);
    const st = statSync(real);
    if (!st.isFile()) return undefined;
    return { path: real, size: st.size, mtimeMs: Math.floor(st.mtimeMs) };
  } catch {
    return undefined;
  }
}

export function sameIdentity(a: FileIdentity | undefined, b: FileIdentity | undefined): boolean {
  return a !== undefined && b !== undefined && a.path === b.path && a.size === b.size && a.mtimeMs === b.mtimeMs;
}
