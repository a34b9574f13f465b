// Which Debian archive a sysroot's packages come from, and which keys sign it:
// environment > tszig.toml [sysroot] > the host's apt sources > an error saying how to name one.

import { existsSync } from 'node:fs';
import { TszigError } from '../errors.js';
import type { SysrootSettings } from '../config/project-file.js';
import type { Env } from '../platform/cache-dir.js';
import { pickAptSource, readAptSources, type AptSource } from './apt-sources.js';

/** Where Debian's own archive keys are installed (package debian-archive-keyring). */
export const DEBIAN_KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg';

export interface Keyring {
  /** A keyring file (binary or armored), or an inline armored key block from apt. */
  readonly file?: string;
  readonly inline?: string;
  readonly from: string;
}

export interface DebianArchive {
  /** Base URL without a trailing slash: `<mirror>/dists/<suite>/InRelease`. */
  readonly mirror: string;
  readonly suite: string;
  readonly components: readonly string[];
  readonly keyring: Keyring;
  /** Where mirror and suite came from, for messages. */
  readonly from: string;
}

export class ArchiveConfigError extends TszigError {
  constructor(message: string, hint: string) {
    super('E_SYSROOT_ARCHIVE', message, { hint });
  }
}

export interface ArchiveInput {
  readonly env: Env;
  readonly settings: SysrootSettings;
  /** The tszig.toml the settings come from. */
  readonly projectFile: string | undefined;
  /** The host's apt sources (a parameter for tests). */
  readonly aptSources?: () => readonly AptSource[];
  /** Whether a file exists (a parameter for tests). */
  readonly exists?: (path: string) => boolean;
}

const NAME_ONE =
  'set TSZIG_DEBIAN_MIRROR and TSZIG_DEBIAN_SUITE, or [sysroot] mirror and suite in tszig.toml: the base URL of a Debian archive (the directory holding dists/ and pool/) and a suite such as bookworm';

export function resolveArchive(input: ArchiveInput): DebianArchive {
  const { env, settings } = input;
  const file = input.projectFile ?? 'tszig.toml';
  let apt: AptSource | undefined;
  let aptRead = false;
  const host = (): AptSource | undefined => {
    if (!aptRead) apt = pickAptSource((input.aptSources ?? (() => readAptSources()))());
    aptRead = true;
    return apt;
  };
  const mirror = env.TSZIG_DEBIAN_MIRROR ? { value: env.TSZIG_DEBIAN_MIRROR, from: 'TSZIG_DEBIAN_MIRROR' } : settings.mirror ? { value: settings.mirror, from: `${file} [sysroot]` } : host() ? { value: host()?.uri as string, from: host()?.file as string } : undefined;
  if (!mirror) throw new ArchiveConfigError('no Debian archive to take sysroot packages from: none is configured and the host has no apt source with a main component', NAME_ONE);
  if (!/^https?:\/\/\S+$/.test(mirror.value)) throw new ArchiveConfigError(`${mirror.from}: ${mirror.value} is not an http(s) URL`, NAME_ONE);
  const fromApt = mirror.from === host()?.file && !env.TSZIG_DEBIAN_MIRROR && !settings.mirror;
  const suite = env.TSZIG_DEBIAN_SUITE ? { value: env.TSZIG_DEBIAN_SUITE, from: 'TSZIG_DEBIAN_SUITE' } : settings.suite ? { value: settings.suite, from: `${file} [sysroot]` } : host() ? { value: host()?.suite as string, from: host()?.file as string } : undefined;
  if (!suite) throw new ArchiveConfigError(`no suite named for the Debian archive ${mirror.value} (from ${mirror.from})`, 'set TSZIG_DEBIAN_SUITE or [sysroot] suite in tszig.toml, e.g. bookworm');
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(suite.value)) throw new ArchiveConfigError(`${suite.from}: ${suite.value} is not a suite name`, 'e.g. bookworm');
  const components = settings.components ?? (fromApt ? host()?.components.filter((c) => c === 'main') : undefined) ?? ['main'];
  return {
    mirror: mirror.value.replace(/\/+$/, ''),
    suite: suite.value,
    components: components.length > 0 ? components : ['main'],
    keyring: resolveKeyring(input, fromApt ? host() : undefined),
    from: mirror.from === suite.from ? mirror.from : `${mirror.from}, suite from ${suite.from}`,
  };
}

function resolveKeyring(input: ArchiveInput, apt: AptSource | undefined): Keyring {
  const exists = input.exists ?? existsSync;
  const named = input.env.TSZIG_DEBIAN_KEYRING ? { file: input.env.TSZIG_DEBIAN_KEYRING, from: 'TSZIG_DEBIAN_KEYRING' } : input.settings.keyring ? { file: input.settings.keyring, from: `${input.projectFile ?? 'tszig.toml'} [sysroot] keyring` } : undefined;
  if (named) {
    if (!exists(named.file)) throw new ArchiveConfigError(`the keyring ${named.file} (${named.from}) does not exist`, 'name an OpenPGP key file (binary .gpg or armored .asc) holding the keys that sign the archive');
    return named;
  }
  const signedBy = apt?.signedBy;
  if (signedBy?.includes('BEGIN PGP PUBLIC KEY BLOCK')) return { inline: signedBy, from: `Signed-By in ${apt?.file ?? 'apt sources'}` };
  if (signedBy && exists(signedBy)) return { file: signedBy, from: `Signed-By in ${apt?.file ?? 'apt sources'}` };
  if (exists(DEBIAN_KEYRING)) return { file: DEBIAN_KEYRING, from: 'debian-archive-keyring' };
  throw new ArchiveConfigError(
    `no OpenPGP keys to check the Debian archive with (${DEBIAN_KEYRING} is missing)`,
    'install debian-archive-keyring, or name a key file with TSZIG_DEBIAN_KEYRING or [sysroot] keyring in tszig.toml',
  );
}
