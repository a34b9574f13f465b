// The `ar` archive format a `.deb` is: `!<arch>\n`, then members with 60-byte headers, each
// member's data padded to an even length.

import { TszigError } from '../errors.js';

export interface ArMember {
  readonly name: string;
  readonly data: Buffer;
}

export class DebFormatError extends TszigError {
  constructor(message: string) {
    super('E_ARCHIVE', message);
  }
}

const MAGIC = '!<arch>\n';

export function readAr(bytes: Buffer, label: string): ArMember[] {
  if (bytes.subarray(0, MAGIC.length).toString('latin1') !== MAGIC) throw new DebFormatError(`${label} is not an ar archive (a .deb starts with !<arch>)`);
  const members: ArMember[] = [];
  let at = MAGIC.length;
  while (at + 60 <= bytes.length) {
    const header = bytes.subarray(at, at + 60).toString('latin1');
    if (header.slice(58, 60) !== '`\n') throw new DebFormatError(`${label}: corrupt ar member header at byte ${at}`);
    const size = Number(header.slice(48, 58).trim());
    if (!Number.isInteger(size) || size < 0 || at + 60 + size > bytes.length) throw new DebFormatError(`${label}: ar member at byte ${at} runs past the end of the file`);
    // GNU ar ends names with `/`; dpkg writes them without.
    const name = header.slice(0, 16).trim().replace(/\/$/, '');
    members.push({ name, data: bytes.subarray(at + 60, at + 60 + size) });
    at += 60 + size + (size % 2);
  }
  return members;
}
