// minisign signature verification with node:crypto (Ed25519 over BLAKE2b-512, "prehashed" ED).
// Format: https://jedisct1.github.io/minisign/. Zig signs every release archive this way.

import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { TszigError } from '../errors.js';

/** The Zig Software Foundation's release key, as published on ziglang.org/download. */
export const ZSF_PUBLIC_KEY = 'RWSGOq2NVecA2UPNdBUZykf1CCb147pkmdtYxgb3Ti+JO/wCYvhbAb/U';

export class SignatureError extends TszigError {
  constructor(message: string) {
    super('E_SIGNATURE', message);
  }
}

export interface PublicKey {
  readonly keyId: Buffer;
  readonly key: KeyObject;
}

const parsedKeys = new Map<string, PublicKey>();

/** A minisign public key (parsed once per process: lookups of installs ask on every run). */
export function parsePublicKey(text: string): PublicKey {
  const known = parsedKeys.get(text);
  if (known) return known;
  const key = parseKey(text);
  parsedKeys.set(text, key);
  return key;
}

function parseKey(text: string): PublicKey {
  const raw = Buffer.from(text.trim(), 'base64');
  if (raw.length !== 42 || raw.subarray(0, 2).toString('latin1') !== 'Ed') {
    throw new TszigError('E_MINISIGN_KEY', `not a minisign public key: ${text.trim().slice(0, 60)}`, {
      hint: 'a minisign public key is one base64 line starting with RW (the second line of a minisign.pub file)',
    });
  }
  // DER SubjectPublicKeyInfo for Ed25519: a fixed 12-byte prefix, then the 32-byte key.
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw.subarray(10)]);
  // The key object only when a signature is checked: finding an install needs the key id alone.
  let key: KeyObject | undefined;
  return {
    keyId: raw.subarray(2, 10),
    get key() {
      return (key ??= createPublicKey({ key: spki, format: 'der', type: 'spki' }));
    },
  };
}

export interface ParsedSignature {
  readonly algorithm: string;
  readonly keyId: Buffer;
  readonly signature: Buffer;
  readonly trustedComment: string;
  readonly globalSignature: Buffer;
}

export function parseSignature(text: string): ParsedSignature {
  const lines = text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
  const [untrusted, sigLine, trusted, globalLine] = lines;
  if (lines.length !== 4 || !untrusted?.startsWith('untrusted comment:') || !trusted?.startsWith('trusted comment: ')) {
    throw new SignatureError('the .minisig file is not a minisign signature (an error page or a truncated download?)');
  }
  const sig = Buffer.from(sigLine ?? '', 'base64');
  const global = Buffer.from(globalLine ?? '', 'base64');
  if (sig.length !== 74 || global.length !== 64) throw new SignatureError('the .minisig file has a malformed signature line');
  return {
    algorithm: sig.subarray(0, 2).toString('latin1'),
    keyId: sig.subarray(2, 10),
    signature: sig.subarray(10),
    trustedComment: trusted.slice('trusted comment: '.length),
    globalSignature: global,
  };
}

/**
 * Verifies a signature of a file whose BLAKE2b-512 digest is given, by `key`, naming `file` in its
 * trusted comment. Throws a SignatureError saying what failed.
 */
export function verifySignature(sigText: string, blake2b512: Buffer, key: PublicKey, file: string): void {
  const s = parseSignature(sigText);
  if (s.algorithm !== 'ED') throw new SignatureError(`signature algorithm ${JSON.stringify(s.algorithm)} is not the prehashed ED that Zig uses`);
  if (!s.keyId.equals(key.keyId)) {
    throw new SignatureError(`signed by key ${hex(s.keyId)}, not the expected key ${hex(key.keyId)}`);
  }
  if (!verify(null, blake2b512, key.key, s.signature)) throw new SignatureError('signature does not match the file');
  const named = signedFileName(s, key);
  // Any genuine archive verifies under the key; the signed file name stops a mirror from
  // substituting another version or platform.
  if (named !== file) throw new SignatureError(`the signature is for ${named ?? 'an unnamed file'}, not ${file}`);
}

/** Checks the global signature over signature and trusted comment; returns the comment's `file:`. */
export function signedFileName(s: ParsedSignature, key: PublicKey): string | undefined {
  if (!verify(null, Buffer.concat([s.signature, Buffer.from(s.trustedComment, 'utf8')]), key.key, s.globalSignature)) {
    throw new SignatureError('the trusted comment is not signed by the key');
  }
  return /(?:^|\s)file:(\S+)/.exec(s.trustedComment)?.[1];
}

function hex(b: Buffer): string {
  return b.toString('hex');
}
