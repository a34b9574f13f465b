// tszig.toml: settings a project commits, found in the working directory or the nearest ancestor.
//
//   [zig]
//   version = "0.15.2"                       # the project's Zig pin
//   mirrors = ["https://mirror.example/zig"] # optional: replaces the community mirrors
//   path = "tools/zig/zig"                   # optional: this zig, whatever its version (like --zig)
//   pypi = false                             # optional: never fall back to PyPI's ziglang wheel
//
//   [shims]
//   kind = "sh"                              # optional: POSIX sh shims instead of compiled launchers
//
//   [zig.hosts.x86_64-linux]                 # optional: your own archive for that host
//   url = "https://files.example/zig-x86_64-linux-0.15.2.tar.xz"
//   sha256 = "…"                             # required for a build not in tszig's manifest
//   size = 53733924                          # optional
//   minisign-key = "RW…"                     # optional: also check url + ".minisig" with this key
//
//   [target.aarch64-unknown-linux-gnu]       # per Rust target (no glibc suffix)
//   packages = ["libssl-dev", "zlib1g-dev"]  # Debian packages for the target's sysroot
//
//   [target.aarch64-apple-darwin]
//   sdk = "sdks/MacOSX11.3.sdk"              # macOS targets: an SDK, like SDKROOT (which wins)
//
//   [sysroot]                                # optional: where sysroot packages come from
//   mirror = "http://mirror.example/debian"  # else TSZIG_DEBIAN_MIRROR, else the host's apt sources
//   suite = "bookworm"                       # else TSZIG_DEBIAN_SUITE, else the host's apt sources
//   components = ["main"]                    # optional (default: main)
//   keyring = "keys/debian.gpg"              # optional: OpenPGP keys that sign the suite

import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ConfigError, type TszigError } from '../errors.js';
import type { CustomEntry } from '../zig/install.js';
import { parsePublicKey } from '../zig/minisign.js';
import { findTarget, UNIVERSAL2 } from '../target/table.js';
import { currentUid, untrustedBecause } from './trust.js';

export const PROJECT_FILE = 'tszig.toml';

export interface ProjectConfig {
  /** The file read, if any. */
  readonly path: string | undefined;
  /** Files found on the way up that were not obeyed, and why (see trust.ts). */
  readonly ignored?: readonly IgnoredFile[];
  readonly zig: {
    readonly version?: string;
    readonly mirrors?: readonly string[];
    /** zig binary, absolute (a relative path in the file is taken from the file's directory). */
    readonly path?: string;
    readonly pypi?: boolean;
    /** Per host key (`x86_64-linux`); they apply to `version` only. */
    readonly hosts: Readonly<Record<string, CustomEntry>>;
  };
  readonly shims: {
    readonly kind?: 'launcher' | 'sh';
  };
  /** `[target.<triple>]` tables, by Rust triple. */
  readonly targets: Readonly<Record<string, TargetSettings>>;
  readonly sysroot?: SysrootSettings;
}

/** One `[target.<triple>]` table: everything tszig.toml says about one Rust target. */
export interface TargetSettings {
  /** macOS targets: the SDK, absolute (a relative path in the file is taken from its directory). */
  readonly sdk?: string;
  /** Debian packages for the target's sysroot. */
  readonly packages?: readonly string[];
}

/** `[sysroot]`: the Debian archive sysroot packages come from. */
export interface SysrootSettings {
  readonly mirror?: string;
  readonly suite?: string;
  readonly components?: readonly string[];
  /** Absolute (a relative path in the file is taken from the file's directory). */
  readonly keyring?: string;
}

export interface IgnoredFile {
  readonly path: string;
  /** Why it may not be trusted: `it is owned by uid 1001`. */
  readonly why: string;
}

export interface ProjectFileOptions {
  /** Whose files may be obeyed (besides root's); undefined: no ownership checks (Windows). */
  readonly uid?: number | undefined;
}

/**
 * The nearest tszig.toml from `cwd` upwards that the user may trust; untrusted ones on the way are
 * listed in `ignored` and the search goes on above them.
 */
export function findProjectFile(cwd: string, options: ProjectFileOptions = { uid: currentUid() }): { path: string | undefined; ignored: IgnoredFile[] } {
  const ignored: IgnoredFile[] = [];
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const file = join(dir, PROJECT_FILE);
    if (existsSync(file)) {
      const why = untrustedBecause(file, options.uid);
      if (why === undefined) return { path: file, ignored };
      ignored.push({ path: file, why });
    }
    if (dirname(dir) === dir) return { path: undefined, ignored };
  }
}

/** Reads the project's tszig.toml; a project without one gets empty settings. */
export async function loadProjectConfig(cwd: string, options?: ProjectFileOptions): Promise<ProjectConfig> {
  const { path, ignored } = findProjectFile(cwd, options);
  if (!path) return { path: undefined, ignored, zig: { hosts: {} }, shims: {}, targets: {} };
  const { parse } = await import('smol-toml');
  let data: Record<string, unknown>;
  try {
    data = parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(`${path} is not valid TOML: ${(err as Error).message.split('\n')[0]}`, 'fix the syntax (see the README, "tszig.toml")', err);
  }
  for (const key of Object.keys(data)) {
    if (!['zig', 'shims', 'target', 'sysroot'].includes(key)) fail(path, `unknown section [${key}]`, 'known sections: [zig], [zig.hosts.<host>], [shims], [target.<triple>], [sysroot]');
  }
  return { path, ignored, zig: readZig(data.zig, path), shims: readShims(data.shims, path), targets: readTargets(data.target, path), sysroot: readSysroot(data.sysroot, path) };
}

/** Debian package names (policy 5.6.7). */
const DEBIAN_PACKAGE = /^[a-z0-9][a-z0-9+.-]+$/;

function readTargets(value: unknown, path: string): ProjectConfig['targets'] {
  const out: Record<string, TargetSettings> = {};
  for (const [triple, entry] of Object.entries(table(value, path, 'target'))) {
    const where = `target.${triple}`;
    const spec = findTarget(triple);
    if (!spec && triple !== UNIVERSAL2) {
      fail(path, `[${where}]: ${triple} is not a target tszig knows`, 'use a Rust target triple without a glibc suffix (`tszig targets` lists them), e.g. [target.aarch64-unknown-linux-gnu]');
    }
    const t = table(entry, path, where);
    for (const key of Object.keys(t)) {
      // [target.aarch64-unknown-linux-gnu.2.17] is TOML for a table "2" inside the target's.
      if (/^\d+$/.test(key)) fail(path, `[${where}.${key}…]: tables are per Rust target, without a glibc suffix`, `write [${where}]; the glibc version goes on --target`);
      if (key !== 'packages' && key !== 'sdk') fail(path, `unknown setting ${where}.${key}`, `known settings: ${where}.packages, ${where}.sdk`);
    }
    const settings: { sdk?: string; packages?: string[] } = {};
    if (t.sdk !== undefined) {
      if (spec?.os !== 'macos' && triple !== UNIVERSAL2) fail(path, `${where}.sdk: an SDK is for macOS targets only`, 'move sdk = "…" under [target.aarch64-apple-darwin] or [target.x86_64-apple-darwin]');
      if (typeof t.sdk !== 'string' || t.sdk === '') fail(path, `${where}.sdk must be a non-empty string`, 'e.g. sdk = "sdks/MacOSX11.3.sdk"');
      settings.sdk = resolve(dirname(path), t.sdk);
    }
    if (t.packages !== undefined) {
      if (!Array.isArray(t.packages) || !t.packages.every((p): p is string => typeof p === 'string')) {
        fail(path, `${where}.packages must be a list of Debian package names`, 'e.g. packages = ["libssl-dev", "zlib1g-dev"]');
      }
      const bad = t.packages.find((p) => !DEBIAN_PACKAGE.test(p));
      if (bad !== undefined) fail(path, `${where}.packages: ${JSON.stringify(bad)} is not a Debian package name`, 'names are lower case: letters, digits, + - . (e.g. libssl-dev)');
      settings.packages = [...new Set(t.packages)];
    }
    out[triple] = settings;
  }
  return out;
}

function readSysroot(value: unknown, path: string): SysrootSettings {
  const s = table(value, path, 'sysroot');
  for (const key of Object.keys(s)) {
    if (!['mirror', 'suite', 'components', 'keyring'].includes(key)) fail(path, `unknown setting sysroot.${key}`, 'known settings: sysroot.mirror, sysroot.suite, sysroot.components, sysroot.keyring');
  }
  if (s.mirror !== undefined && (typeof s.mirror !== 'string' || !/^https?:\/\/\S+$/.test(s.mirror))) {
    fail(path, 'sysroot.mirror must be an http(s) URL', 'the base URL of a Debian archive, e.g. mirror = "http://mirror.example/debian"');
  }
  if (s.suite !== undefined && (typeof s.suite !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(s.suite))) {
    fail(path, 'sysroot.suite must be a suite or codename', 'e.g. suite = "bookworm"');
  }
  if (s.components !== undefined && (!Array.isArray(s.components) || s.components.length === 0 || !s.components.every((c): c is string => typeof c === 'string' && /^[a-z0-9][a-z0-9/-]*$/.test(c)))) {
    fail(path, 'sysroot.components must be a non-empty list of component names', 'e.g. components = ["main"]');
  }
  if (s.keyring !== undefined && (typeof s.keyring !== 'string' || s.keyring === '')) fail(path, 'sysroot.keyring must be a path', 'e.g. keyring = "keys/archive.gpg"');
  return {
    ...(typeof s.mirror === 'string' ? { mirror: s.mirror } : {}),
    ...(typeof s.suite === 'string' ? { suite: s.suite } : {}),
    ...(Array.isArray(s.components) ? { components: s.components } : {}),
    ...(typeof s.keyring === 'string' ? { keyring: resolve(dirname(path), s.keyring) } : {}),
  };
}

function readShims(value: unknown, path: string): ProjectConfig['shims'] {
  const shims = table(value, path, 'shims');
  for (const key of Object.keys(shims)) {
    if (key !== 'kind') fail(path, `unknown setting shims.${key}`, 'known settings: shims.kind');
  }
  if (shims.kind === undefined) return {};
  if (shims.kind !== 'launcher' && shims.kind !== 'sh') fail(path, `shims.kind ${JSON.stringify(shims.kind)} is not a shim kind`, 'use kind = "launcher" (the default) or kind = "sh"');
  return { kind: shims.kind };
}

function fail(path: string, what: string, fix: string): never {
  throw new ConfigError(`${path}: ${what}`, fix);
}

function table(value: unknown, path: string, where: string): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, `${where} must be a table`, `write it as [${where}]`);
  return value as Record<string, unknown>;
}

function readZig(value: unknown, path: string): ProjectConfig['zig'] {
  const zig = table(value, path, 'zig');
  for (const key of Object.keys(zig)) {
    if (!['version', 'mirrors', 'path', 'pypi', 'hosts'].includes(key)) {
      fail(path, `unknown setting zig.${key}`, 'known settings: zig.version, zig.mirrors, zig.path, zig.pypi, [zig.hosts.<host>]');
    }
  }
  let version: string | undefined;
  if (zig.version !== undefined) {
    if (typeof zig.version !== 'string') fail(path, 'zig.version must be a string', 'quote it: version = "0.15.2"');
    if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.+-]+)?$/.test(zig.version)) fail(path, `zig.version ${JSON.stringify(zig.version)} is not a Zig version`, 'e.g. version = "0.15.2"');
    version = zig.version;
  }
  let mirrors: string[] | undefined;
  if (zig.mirrors !== undefined) {
    if (!Array.isArray(zig.mirrors) || !zig.mirrors.every((m): m is string => typeof m === 'string' && /^https?:\/\//.test(m))) {
      fail(path, 'zig.mirrors must be a list of http(s) URLs', 'e.g. mirrors = ["https://mirror.example/zig"]');
    }
    mirrors = zig.mirrors;
  }
  if (zig.path !== undefined && (typeof zig.path !== 'string' || zig.path === '')) fail(path, 'zig.path must be a non-empty string', 'e.g. path = "tools/zig/zig"');
  if (zig.pypi !== undefined && typeof zig.pypi !== 'boolean') fail(path, 'zig.pypi must be true or false', 'e.g. pypi = false');
  const hosts: Record<string, CustomEntry> = {};
  for (const [host, entry] of Object.entries(table(zig.hosts, path, 'zig.hosts'))) {
    hosts[host] = readHost(entry, path, host);
  }
  const [firstHost] = Object.keys(hosts);
  if (firstHost !== undefined && version === undefined) {
    fail(path, `[zig.hosts.${firstHost}] needs [zig] version: a host's archive is one Zig version`, 'add version = "<the version of that archive>" under [zig]');
  }
  return {
    ...(version === undefined ? {} : { version }),
    ...(mirrors === undefined ? {} : { mirrors }),
    ...(typeof zig.path === 'string' ? { path: resolve(dirname(path), zig.path) } : {}),
    ...(typeof zig.pypi === 'boolean' ? { pypi: zig.pypi } : {}),
    hosts,
  };
}

function readHost(value: unknown, path: string, host: string): CustomEntry {
  const where = `zig.hosts.${host}`;
  if (!/^[a-z0-9_]+-[a-z]+$/.test(host)) fail(path, `[${where}]: ${host} is not a host key`, 'use Zig\'s <arch>-<os> names, e.g. [zig.hosts.x86_64-linux]');
  const e = table(value, path, where);
  const str = (key: string): string | undefined => {
    const v = e[key];
    if (v !== undefined && typeof v !== 'string') fail(path, `${where}.${key} must be a string`, `quote it: ${key} = "…"`);
    return v;
  };
  for (const key of Object.keys(e)) {
    if (!['url', 'file', 'sha256', 'size', 'minisign-key'].includes(key)) fail(path, `unknown setting ${where}.${key}`, 'known: url, file, sha256, size, minisign-key');
  }
  const url = str('url');
  const sha256 = str('sha256');
  const key = str('minisign-key');
  if (url !== undefined && !/^https?:\/\/\S+$/.test(url)) fail(path, `${where}.url is not an http(s) URL`, 'e.g. url = "https://files.example/zig-x86_64-linux-0.15.2.tar.xz"');
  if (sha256 !== undefined && !/^[0-9a-f]{64}$/.test(sha256)) fail(path, `${where}.sha256 is not a SHA-256 (64 lowercase hex digits)`, 'e.g. the output of `sha256sum <archive>`');
  if (key !== undefined) {
    try {
      parsePublicKey(key);
    } catch (err) {
      fail(path, `${where}.minisign-key is not a minisign public key: ${key.trim().slice(0, 60)}`, (err as TszigError).hint ?? 'a minisign public key is one base64 line starting with RW');
    }
  }
  if (e.size !== undefined && (typeof e.size !== 'number' || !Number.isInteger(e.size) || e.size <= 0)) fail(path, `${where}.size must be a positive integer (bytes)`, 'or leave it out');
  const file = str('file') ?? (url ? basename(new URL(url).pathname) : undefined);
  return {
    ...(url === undefined ? {} : { url }),
    ...(file === undefined ? {} : { file }),
    ...(sha256 === undefined ? {} : { sha256 }),
    ...(typeof e.size === 'number' ? { size: e.size } : {}),
    ...(key === undefined ? {} : { minisignKey: key }),
    from: `${path} [${where}]`,
  };
}
