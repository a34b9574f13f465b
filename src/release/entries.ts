// The files of an archive or image layer, as data: paths, kinds, modes and bytes, in one order.

export interface ArchiveEntry {
  /** Relative path with `/` separators; a directory's path has no trailing slash. */
  readonly path: string;
  readonly type: 'file' | 'dir';
  /** Permission bits (0o755, 0o644). */
  readonly mode: number;
  /** File content (files only). */
  readonly data?: Buffer;
}

/** Byte order of the UTF-8 paths: the same on every machine and locale. */
export function compareArchivePaths(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Checks a relative path: no empty, `.` or `..` segments, no leading slash, no NUL. */
export function checkArchivePath(path: string): void {
  const bad = path === '' || path.startsWith('/') || path.includes('\0') || path.includes('\\') || path.split('/').some((s) => s === '' || s === '.' || s === '..');
  if (bad) throw new Error(`not a relative archive path: ${JSON.stringify(path)}`);
}

/**
 * The entries with every missing parent directory added (mode 0o755), sorted by path so a
 * directory precedes what it holds; a path given twice is an error.
 */
export function normalizeEntries(entries: readonly ArchiveEntry[]): ArchiveEntry[] {
  const byPath = new Map<string, ArchiveEntry>();
  for (const e of entries) {
    checkArchivePath(e.path);
    if (byPath.has(e.path)) throw new Error(`archive path given twice: ${e.path}`);
    byPath.set(e.path, e);
  }
  for (const e of entries) {
    const parts = e.path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      const existing = byPath.get(dir);
      if (existing && existing.type !== 'dir') throw new Error(`${dir} is both a file and a directory`);
      if (!existing) byPath.set(dir, { path: dir, type: 'dir', mode: 0o755 });
    }
  }
  return [...byPath.values()].sort((a, b) => compareArchivePaths(a.path, b.path));
}

/** The mode a shipped file gets, whatever the build machine's umask made of it. */
export function shippedMode(executable: boolean): number {
  return executable ? 0o755 : 0o644;
}
