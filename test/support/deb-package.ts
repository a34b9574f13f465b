// Hand-made Debian binary packages for the sysroot tests: an `ar` archive with debian-binary, a
// control.tar.xz and a data.tar of the given entries (xz, zstd, gzip or none), and the Packages
// stanza an index lists it with.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { tarBytes, type TarEntry } from './zig-server.ts';

export type DebCompression = 'xz' | 'zst' | 'gz' | 'none';

function compress(bytes: Buffer, kind: DebCompression): Buffer {
  if (kind === 'gz') return gzipSync(bytes);
  if (kind === 'xz') return execFileSync('xz', ['-c', '-1'], { input: bytes });
  if (kind === 'zst') return execFileSync('zstd', ['-q', '-c'], { input: bytes });
  return bytes;
}

function arMember(name: string, data: Buffer): Buffer {
  const header = `${name.padEnd(16)}${'0'.padEnd(12)}${'0'.padEnd(6)}${'0'.padEnd(6)}${'100644'.padEnd(8)}${String(data.length).padEnd(10)}\`\n`;
  return Buffer.concat([Buffer.from(header, 'latin1'), data, data.length % 2 ? Buffer.from('\n') : Buffer.alloc(0)]);
}

export interface DebSpec {
  readonly name: string;
  readonly version?: string;
  readonly arch: string;
  readonly depends?: string;
  readonly entries: readonly TarEntry[];
  readonly compression?: DebCompression;
}

/** The `.deb` file's bytes. */
export function debBytes(spec: DebSpec): Buffer {
  const kind = spec.compression ?? 'xz';
  const control = `Package: ${spec.name}\nVersion: ${spec.version ?? '1.0'}\nArchitecture: ${spec.arch}\nMaintainer: tszig tests\nDescription: test package\n`;
  const controlTar = compress(tarBytes([{ name: './', type: 'dir' }, { name: './control', data: control }]), 'xz');
  return Buffer.concat([
    Buffer.from('!<arch>\n', 'latin1'),
    arMember('debian-binary', Buffer.from('2.0\n')),
    arMember('control.tar.xz', controlTar),
    arMember(kind === 'none' ? 'data.tar' : `data.tar.${kind}`, compress(tarBytes(spec.entries), kind)),
  ]);
}

/** Where an archive keeps the package, and its Packages stanza. */
export function debStanza(spec: DebSpec, bytes: Buffer): { filename: string; stanza: string } {
  const version = spec.version ?? '1.0';
  const filename = `pool/main/t/${spec.name}/${spec.name}_${version}_${spec.arch}.deb`;
  const stanza = [
    `Package: ${spec.name}`,
    `Version: ${version}`,
    `Architecture: ${spec.arch}`,
    ...(spec.depends ? [`Depends: ${spec.depends}`] : []),
    `Filename: ${filename}`,
    `Size: ${bytes.length}`,
    `SHA256: ${createHash('sha256').update(bytes).digest('hex')}`,
    'Description: test package',
    '',
  ].join('\n');
  return { filename, stanza };
}
