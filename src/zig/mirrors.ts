// Where Zig archives come from: the community mirrors (ziglang.org's published list, cached for a
// day, with an embedded copy when it cannot be fetched), shuffled, then ziglang.org itself.
// A user's own list (TSZIG_ZIG_MIRRORS, or tszig.toml zig.mirrors) replaces all of that: those base
// URLs (http allowed), in the user's order, and nothing else.

import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic.js';
import type { Env } from '../platform/cache-dir.js';

export const MIRROR_LIST_URL = 'https://ziglang.org/download/community-mirrors.txt';

/** The published list as of mid-2026 (ziglang.org via mitchellh/zig-overlay mirrors.json). */
export const EMBEDDED_MIRRORS: readonly string[] = [
  'https://pkg.hexops.org/zig',
  'https://zigmirror.hryx.net/zig',
  'https://zig.linus.dev/zig',
  'https://zig.squirl.dev',
  'https://zig.mirror.mschae23.de/zig',
  'https://ziglang.freetls.fastly.net',
  'https://zig.tilok.dev',
  'https://zig-mirror.tsimnet.eu/zig',
  'https://zig.karearl.com/zig',
  'https://pkg.earth/zig',
  'https://fs.liujiacai.net/zigbuilds',
  'https://zigmirror.com',
  'https://zig.chainsafe.dev',
  'https://zig.savalione.com',
  'https://zig.bcr.ist',
  'https://zig.vortan.dev/zig',
];

const DAY_MS = 24 * 60 * 60 * 1000;

export interface Source {
  /** Where the archive is fetched. */
  readonly url: string;
  /** Where its .minisig is fetched. */
  readonly sigUrl: string;
  /** For people: the mirror's host. */
  readonly label: string;
}

/** Mirrors want to know who calls (`?source=`); the path comes first, then the query. */
export function mirrorSource(base: string, file: string): Source {
  const root = base.replace(/\/+$/, '');
  return {
    url: `${root}/${file}?source=tszig`,
    sigUrl: `${root}/${file}.minisig?source=tszig`,
    label: hostOf(root),
  };
}

/** ziglang.org keeps releases under /download/<version>/ and development builds under /builds/. */
export function ziglangOrgSource(version: string, file: string): Source {
  const dir = version.includes('-dev') ? 'builds' : `download/${version}`;
  return { url: `https://ziglang.org/${dir}/${file}`, sigUrl: `https://ziglang.org/${dir}/${file}.minisig`, label: 'ziglang.org' };
}

/** A user's own URL for the archive (its signature, if any, at the same URL plus `.minisig`). */
export function customSource(url: string): Source {
  const q = url.indexOf('?');
  const sigUrl = q === -1 ? `${url}.minisig` : `${url.slice(0, q)}.minisig${url.slice(q)}`;
  return { url, sigUrl, label: hostOf(url) };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function parseMirrorList(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('https://'));
}

export function shuffle<T>(items: readonly T[], random: () => number = Math.random): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
}

export interface MirrorPlan {
  readonly bases: readonly string[];
  /** Whether ziglang.org is tried after them (not when the user gave the list). */
  readonly ziglangOrg: boolean;
  readonly from: string;
}

/** The user's own mirror list: TSZIG_ZIG_MIRRORS (comma-separated) > the project's zig.mirrors. */
export function userMirrors(env: Env, project: readonly string[] | undefined, projectFile: string | undefined): { bases: string[]; from: string } | undefined {
  const fromEnv = env.TSZIG_ZIG_MIRRORS?.split(',').map((m) => m.trim()).filter(Boolean);
  if (fromEnv && fromEnv.length > 0) return { bases: fromEnv, from: 'TSZIG_ZIG_MIRRORS' };
  if (project && project.length > 0) return { bases: [...project], from: projectFile ?? 'tszig.toml' };
  return undefined;
}

/** The mirror bases to try, in order. `fetchText` fetches the published list (with a timeout). */
export async function planMirrors(
  user: { bases: readonly string[]; from: string } | undefined,
  cacheDir: string,
  fetchText: (url: string) => Promise<string>,
): Promise<MirrorPlan> {
  if (user) return { bases: user.bases, ziglangOrg: false, from: user.from };
  const cached = join(cacheDir, 'zig', 'community-mirrors.txt');
  try {
    if (Date.now() - statSync(cached).mtimeMs < DAY_MS) {
      const list = parseMirrorList(readFileSync(cached, 'utf8'));
      if (list.length > 0) return { bases: shuffle(list), ziglangOrg: true, from: 'the cached community mirror list' };
    }
  } catch {
    // no cached list yet
  }
  try {
    const list = parseMirrorList(await fetchText(MIRROR_LIST_URL));
    if (list.length > 0) {
      writeFileAtomic(cached, `${list.join('\n')}\n`, 0o644, { private: true });
      return { bases: shuffle(list), ziglangOrg: true, from: MIRROR_LIST_URL };
    }
  } catch {
    // unreachable: use the embedded list
  }
  return { bases: shuffle(EMBEDDED_MIRRORS), ziglangOrg: true, from: "tszig's embedded mirror list" };
}
