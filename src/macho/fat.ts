// Universal ("fat") Mach-O files: one file holding a thin Mach-O (or static library) per
// architecture, as lipo makes them. Format: a big-endian fat_header {magic 0xcafebabe, nfat_arch}
// followed by fat_arch {cputype, cpusubtype, offset, size, align} per slice; each slice starts at
// an offset aligned to 2^align.

import { TszigError } from '../errors.js';

const MH_MAGIC_64 = 0xfeedfacf;
const MH_MAGIC = 0xfeedface;
const FAT_MAGIC = 0xcafebabe;
const AR_MAGIC = '!<arch>\n';

export interface SliceArch {
  readonly cputype: number;
  readonly cpusubtype: number;
}

/** CPU type and subtype of a thin Mach-O, or of the first Mach-O member of a static library. */
export function sliceArch(data: Buffer): SliceArch | undefined {
  if (data.length >= 12) {
    const magic = data.readUInt32LE(0);
    if (magic === MH_MAGIC_64 || magic === MH_MAGIC) return { cputype: data.readInt32LE(4), cpusubtype: data.readInt32LE(8) };
  }
  if (data.subarray(0, 8).toString('latin1') === AR_MAGIC) {
    // ar members: a 60-byte header (name 16, ..., size 10 at offset 48), data padded to 2 bytes.
    for (let off = 8; off + 60 <= data.length; ) {
      const name = data.subarray(off, off + 16).toString('latin1').trim();
      const size = Number.parseInt(data.subarray(off + 48, off + 58).toString('latin1').trim(), 10);
      if (!Number.isFinite(size)) return undefined;
      let start = off + 60;
      let length = size;
      // BSD long names: "#1/<n>" means the name occupies the first n bytes of the member data.
      const long = /^#1\/(\d+)$/.exec(name);
      if (long) {
        start += Number(long[1]);
        length -= Number(long[1]);
      }
      const member = data.subarray(start, start + length);
      if (!name.startsWith('__.SYMDEF') && name !== '/' && name !== '//') {
        const arch = sliceArch(member);
        if (arch) return arch;
      }
      off += 60 + size + (size % 2);
    }
  }
  return undefined;
}

const CPU_ARCH_ABI64 = 0x01000000;
const CPU_TYPE_X86 = 7;
const CPU_TYPE_ARM = 12;

/** Slice alignment lipo uses: 16 KiB pages on arm64, 4 KiB elsewhere (as a power of two). */
function alignFor(cputype: number): number {
  return cputype === (CPU_TYPE_ARM | CPU_ARCH_ABI64) ? 14 : 12;
}

export function archName(a: SliceArch): string {
  if (a.cputype === (CPU_TYPE_X86 | CPU_ARCH_ABI64)) return 'x86_64';
  if (a.cputype === (CPU_TYPE_ARM | CPU_ARCH_ABI64)) return 'arm64';
  return `cputype ${a.cputype}`;
}

export function isFat(data: Buffer): boolean {
  return data.length >= 8 && data.readUInt32BE(0) === FAT_MAGIC;
}

/** A universal file holding `slices` (thin Mach-O files or static libraries), in the given order. */
export function makeFat(slices: readonly Buffer[]): Buffer {
  const archs = slices.map((s, i) => {
    const a = sliceArch(s);
    if (!a) throw new TszigError('E_MACHO', `slice ${i + 1} is neither a Mach-O file nor a static library of Mach-O objects`);
    return a;
  });
  const seen = new Set(archs.map((a) => a.cputype));
  if (seen.size !== archs.length) throw new TszigError('E_MACHO', 'two slices have the same architecture');
  const header = Buffer.alloc(8 + 20 * slices.length);
  header.writeUInt32BE(FAT_MAGIC, 0);
  header.writeUInt32BE(slices.length, 4);
  const parts: Buffer[] = [header];
  let offset = header.length;
  slices.forEach((slice, i) => {
    const arch = archs[i] as SliceArch;
    const align = alignFor(arch.cputype);
    const aligned = Math.ceil(offset / 2 ** align) * 2 ** align;
    if (aligned > offset) parts.push(Buffer.alloc(aligned - offset));
    const entry = 8 + 20 * i;
    header.writeInt32BE(arch.cputype, entry);
    header.writeInt32BE(arch.cpusubtype, entry + 4);
    header.writeUInt32BE(aligned, entry + 8);
    header.writeUInt32BE(slice.length, entry + 12);
    header.writeUInt32BE(align, entry + 16);
    parts.push(slice);
    offset = aligned + slice.length;
  });
  return Buffer.concat(parts);
}
