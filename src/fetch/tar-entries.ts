// The one check every archive entry passes before it is written: a model of the tree the entries
// build, in archive order, against which each path and link is resolved as the file system will
// resolve it (through the links made by earlier entries), so a chain such as `d -> .` followed by
// `d/d/d/x -> ../../../y` is seen to leave the tree. Modes are normalised: no setuid, setgid or
// sticky bit, no group or other write.
//
//   no absolute or Windows paths, no `..`; inside `top/` when the archive must have one top directory
//   files, directories, symbolic links and hard links only (no devices, FIFOs …)
//   a symbolic link must resolve inside (absolute ones are refused, or with `absoluteLinks:
//   'rebase'` rewritten to point at the same path under the root, as a sysroot needs)
//   a hard link must name an earlier regular file; nothing may replace an earlier symbolic link
//   (with `dirOverLink: 'keep'`, a directory entry at a link to a directory inside means that
//   directory and keeps the link, as dpkg does)
//   at the end, every link is resolved again against the finished tree

import { posix } from 'node:path';
import { TszigError } from '../errors.js';

export class ArchiveError extends TszigError {
  constructor(message: string) {
    super('E_ARCHIVE', message);
  }
}

export type EntryKind = 'file' | 'dir' | 'symlink' | 'hardlink';

/** An entry as an archive reader reports it (node-tar's type names). */
export interface RawEntry {
  readonly path: string;
  readonly type: string;
  readonly linkpath?: string | undefined;
  readonly mode?: number | undefined;
}

export interface CheckedEntry {
  /** Relative to the root, without `./` or a trailing slash ('' for the root itself). */
  readonly path: string;
  /** Where it lands once earlier links are followed (differs from `path` under a linked directory). */
  readonly realPath: string;
  readonly kind: EntryKind;
  /** Symbolic links: the target to write (rebased if it was absolute). Hard links: the real path of the file. */
  readonly linkpath?: string;
  /** Permission bits to give it (see normalMode). */
  readonly mode: number;
  /** Whether `mode` differs from the archive's. */
  readonly modeChanged: boolean;
}

export interface EntryRules {
  /** Every entry must be `top` or inside `top/` (Zig's archives have one top directory). */
  readonly top?: string;
  /** Absolute symbolic links: refused (default), or rewritten relative so they stay under the root. */
  readonly absoluteLinks?: 'refuse' | 'rebase';
  /**
   * A directory entry where an earlier entry made a symbolic link: refused (default), or, when the
   * link resolves to a directory inside, kept, the entry meaning that directory (dpkg's rule, which
   * a sysroot of many packages needs: one package's link, another's directory of the same name).
   */
  readonly dirOverLink?: 'refuse' | 'keep';
}

const KINDS: Readonly<Record<string, EntryKind>> = {
  File: 'file',
  OldFile: 'file',
  ContiguousFile: 'file',
  Directory: 'dir',
  SymbolicLink: 'symlink',
  Link: 'hardlink',
};

/** Owner keeps read/write (and search, for directories); setuid, setgid, sticky and group/other write go. */
export function normalMode(kind: EntryKind, mode: number | undefined): number {
  if (kind === 'dir') return ((mode ?? 0o755) & 0o755) | 0o700;
  if (kind === 'symlink') return 0o777;
  return ((mode ?? 0o644) & 0o755) | 0o600;
}

type Node = { readonly kind: 'dir' | 'file' } | { readonly kind: 'symlink'; readonly target: string };

const MAX_HOPS = 40;

/** Checks the entries of one archive, in order; throws an ArchiveError at the first bad one. */
export class ArchiveTree {
  private readonly nodes = new Map<string, Node>([['', { kind: 'dir' }]]);
  private readonly links: { path: string; parent: string }[] = [];
  private symlinks = 0;

  constructor(private readonly rules: EntryRules = {}) {}

  check(entry: RawEntry): CheckedEntry {
    const reject = (why: string): never => {
      throw new ArchiveError(`archive entry ${JSON.stringify(entry.path)} ${why}`);
    };
    const raw = entry.path;
    if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw) || raw.includes('\\')) reject('has an absolute or Windows path');
    const parts = raw.split('/').filter((p) => p !== '' && p !== '.');
    if (parts.includes('..')) reject('escapes the target directory');
    const path = parts.join('/');
    const top = this.rules.top;
    if (top !== undefined && path !== top && !path.startsWith(`${top}/`)) reject(`is outside the archive's top directory ${top}/`);
    const kind = KINDS[entry.type] ?? reject(`is a ${entry.type}, which is never unpacked`);
    const mode = normalMode(kind, entry.mode);
    const modeChanged = entry.mode !== undefined && kind !== 'symlink' && (entry.mode & 0o7777) !== mode;
    if (path === '') {
      if (kind !== 'dir') reject('names the root as something other than a directory');
      return { path, realPath: '', kind, mode, modeChanged };
    }
    const name = parts[parts.length - 1] as string;
    const parent = this.resolve(parts.slice(0, -1), true, reject);
    const realPath = [...parent, name].join('/');
    if (this.nodes.get(parent.join('/'))?.kind === 'file') reject('is inside a file');
    this.inside(realPath, reject, 'lands');
    const before = this.nodes.get(realPath);
    if (before?.kind === 'symlink') {
      if (kind === 'dir' && this.rules.dirOverLink === 'keep') {
        const target = this.resolve([...parent, name], true, (why) => reject(`is a directory at a link that goes outside (${why})`)).join('/');
        this.inside(target, reject, 'lands');
        if (this.nodes.get(target)?.kind === 'dir') return { path, realPath: target, kind, mode, modeChanged };
      }
      reject('replaces a symbolic link made by an earlier entry');
    }
    if (before?.kind === 'dir' && kind !== 'dir') reject('replaces a directory');
    if (before?.kind === 'file' && kind === 'dir') reject('replaces a file with a directory');

    let linkpath: string | undefined;
    if (kind === 'symlink') {
      const text = entry.linkpath ?? reject('is a link without a target');
      if (text === '') reject('is a link without a target');
      linkpath = text;
      if (text.startsWith('/')) {
        if (this.rules.absoluteLinks !== 'rebase') reject(`links to an absolute path ${text}`);
        linkpath = posix.relative(`/${parent.join('/')}`, posix.normalize(text)) || '.';
      }
      this.nodes.set(realPath, { kind: 'symlink', target: linkpath });
      this.symlinks++;
      this.checkLink(realPath, parent, reject, text);
      this.links.push({ path: realPath, parent: parent.join('/') });
    } else if (kind === 'hardlink') {
      const text = entry.linkpath ?? reject('is a link without a target');
      const tparts = text.split('/').filter((p) => p !== '' && p !== '.');
      if (text.startsWith('/') || tparts.includes('..')) reject(`links outside the archive (${text})`);
      const target = this.resolve(tparts, false, (why) => reject(`links outside the archive (${text}: ${why})`)).join('/');
      this.inside(target, (why) => reject(`links outside the archive (${text}) ${why}`), 'points');
      if (this.nodes.get(target)?.kind !== 'file') reject(`is a hard link to ${text}, which is not a file made by an earlier entry`);
      if (target === realPath) reject('is a hard link to itself');
      linkpath = target;
      this.nodes.set(realPath, { kind: 'file' });
    } else {
      this.nodes.set(realPath, { kind });
    }
    return { path, realPath, kind, ...(linkpath === undefined ? {} : { linkpath }), mode, modeChanged };
  }

  /** Resolves every symbolic link again against the whole tree: later entries may have changed what one means. */
  finish(): void {
    for (const link of this.links) {
      const reject = (why: string): never => {
        throw new ArchiveError(`archive entry ${JSON.stringify(link.path)} ${why}`);
      };
      this.checkLink(link.path, link.parent === '' ? [] : link.parent.split('/'), reject, undefined);
    }
  }

  private checkLink(path: string, parent: string[], reject: (why: string) => never, text: string | undefined): void {
    const node = this.nodes.get(path);
    if (node?.kind !== 'symlink') return;
    const shown = text ?? node.target;
    const target = this.resolve([...parent, ...node.target.split('/')], true, (why) => reject(`links outside the archive (${shown}: ${why})`));
    this.inside(target.join('/'), () => reject(`links outside the archive (${shown})`), 'points');
  }

  private inside(real: string, reject: (why: string) => never, verb: string): void {
    const top = this.rules.top;
    if (top !== undefined && real !== top && !real.startsWith(`${top}/`)) reject(`${verb} outside the archive's top directory ${top}/ (at ${real || '.'})`);
  }

  /** Follows links in `parts` as the file system would; `..` above the root is refused. */
  private resolve(parts: readonly string[], followLast: boolean, reject: (why: string) => never): string[] {
    const queue = [...parts];
    const cur: string[] = [];
    let at = '';
    let hops = 0;
    while (queue.length > 0) {
      const p = queue.shift() as string;
      if (p === '' || p === '.') continue;
      if (p === '..') {
        if (cur.length === 0) reject('goes above the root');
        cur.pop();
        at = cur.join('/');
        continue;
      }
      const next = at === '' ? p : `${at}/${p}`;
      const node = this.symlinks > 0 || queue.length > 0 ? this.nodes.get(next) : undefined;
      if (node?.kind === 'symlink' && (queue.length > 0 || followLast)) {
        if (++hops > MAX_HOPS) reject('goes through too many symbolic links');
        queue.unshift(...node.target.split('/'));
        continue;
      }
      if (node?.kind === 'file' && queue.length > 0) reject(`goes through the file ${next}`);
      cur.push(p);
      at = next;
    }
    return cur;
  }
}
