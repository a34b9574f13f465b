// The host's apt sources: `/etc/apt/sources.list` and `sources.list.d/*.list` (one-line format)
// and `sources.list.d/*.sources` (deb822), read to find a Debian archive when none is configured.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { field, parseStanzas } from './deb822.js';

export interface AptSource {
  readonly uri: string;
  readonly suite: string;
  readonly components: readonly string[];
  /** Signed-By: a keyring file, or an inline armored key block (deb822 only). */
  readonly signedBy?: string;
  /** The file it came from. */
  readonly file: string;
}

/** `deb [arch=amd64 signed-by=/usr/share/keyrings/x.gpg] http://mirror/debian bookworm main contrib` */
export function parseOneLine(text: string, file: string): AptSource[] {
  const out: AptSource[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line.startsWith('deb ') && !line.startsWith('deb\t')) continue;
    let rest = line.slice(3).trim();
    const options: Record<string, string> = {};
    if (rest.startsWith('[')) {
      const close = rest.indexOf(']');
      if (close === -1) continue;
      for (const opt of rest.slice(1, close).trim().split(/\s+/)) {
        const eq = opt.indexOf('=');
        if (eq > 0) options[opt.slice(0, eq).toLowerCase()] = opt.slice(eq + 1);
      }
      rest = rest.slice(close + 1).trim();
    }
    const [uri, suite, ...components] = rest.split(/\s+/);
    if (!uri || !suite) continue;
    out.push({ uri, suite, components, ...(options['signed-by'] ? { signedBy: options['signed-by'] } : {}), file });
  }
  return out;
}

/** deb822 `.sources`: each stanza may list several URIs and Suites; `Enabled: no` is skipped. */
export function parseDeb822Sources(text: string, file: string): AptSource[] {
  const out: AptSource[] = [];
  for (const stanza of parseStanzas(text)) {
    const words = (name: string): string[] => (field(stanza, name) ?? '').split(/\s+/).filter(Boolean);
    if (!words('Types').includes('deb')) continue;
    if ((field(stanza, 'Enabled') ?? 'yes').toLowerCase() === 'no') continue;
    const signedBy = field(stanza, 'Signed-By');
    for (const uri of words('URIs')) {
      for (const suite of words('Suites')) {
        out.push({ uri, suite, components: words('Components'), ...(signedBy ? { signedBy } : {}), file });
      }
    }
  }
  return out;
}

/** Every `deb` source of the host, in apt's order (sources.list first, then sources.list.d by name). */
export function readAptSources(aptDir = '/etc/apt'): AptSource[] {
  const read = (file: string): string | undefined => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  };
  const out: AptSource[] = [];
  const main = join(aptDir, 'sources.list');
  const text = read(main);
  if (text !== undefined) out.push(...parseOneLine(text, main));
  let names: string[] = [];
  try {
    names = readdirSync(join(aptDir, 'sources.list.d')).sort();
  } catch {
    // no directory
  }
  for (const name of names) {
    const file = join(aptDir, 'sources.list.d', name);
    if (name.endsWith('.list')) out.push(...parseOneLine(read(file) ?? '', file));
    else if (name.endsWith('.sources')) out.push(...parseDeb822Sources(read(file) ?? '', file));
  }
  return out;
}

/**
 * The source to take packages from: the first http(s) one with a `main` component whose suite is
 * a release itself (`bookworm`, not `bookworm-security` or `bookworm-updates`), else the first
 * http(s) one with `main`.
 */
export function pickAptSource(sources: readonly AptSource[]): AptSource | undefined {
  const usable = sources.filter((s) => /^https?:\/\//.test(s.uri) && s.components.includes('main'));
  return usable.find((s) => !s.suite.includes('-') && !s.suite.includes('/')) ?? usable[0];
}
