// Checks a suite's InRelease the way apt does: a cleartext-signed message with at least one good
// signature by a key in the trusted keyring, and none that fails. Unsigned text, bad signatures
// and signatures only by unknown keys are refused. The OpenPGP library is loaded here only, when
// an index is actually fetched (never on the warm path).

import { readFileSync } from 'node:fs';
import { TszigError } from '../errors.js';
import type { Keyring } from './archive.js';

export class SignatureError extends TszigError {
  constructor(message: string, hint: string, cause?: unknown) {
    super('E_SIGNATURE', message, { hint, cause });
  }
}

import type * as OpenPgpModule from 'openpgp';

type OpenPgp = typeof OpenPgpModule;
type Key = OpenPgpModule.Key;

async function loadKeys(openpgp: OpenPgp, keyring: Keyring): Promise<Key[]> {
  const where = keyring.file ?? keyring.from;
  try {
    if (keyring.inline) return await openpgp.readKeys({ armoredKeys: keyring.inline });
    const bytes = readFileSync(keyring.file as string);
    const armored = bytes.subarray(0, 64).toString('latin1').includes('-----BEGIN PGP');
    return armored ? await openpgp.readKeys({ armoredKeys: bytes.toString('utf8') }) : await openpgp.readKeys({ binaryKeys: new Uint8Array(bytes) });
  } catch (err) {
    throw new SignatureError(`cannot read the OpenPGP keys in ${where} (${keyring.from}): ${(err as Error).message}`, 'name a keyring file holding public keys (binary .gpg or armored .asc)', err);
  }
}

/** Returns the signed text of `inRelease` once its signature checks out against `keyring`. */
export async function verifyInRelease(inRelease: string, keyring: Keyring, url: string): Promise<string> {
  const hint = `the archive's index is not signed by a key in ${keyring.file ?? 'the keyring'} (${keyring.from}); check the mirror, or name the right key file with TSZIG_DEBIAN_KEYRING`;
  if (!inRelease.startsWith('-----BEGIN PGP SIGNED MESSAGE-----')) {
    throw new SignatureError(`${url} is not signed (no OpenPGP cleartext signature)`, 'refusing an unsigned index: use a mirror that serves signed InRelease files');
  }
  const openpgp: OpenPgp = await import('openpgp');
  const keys = await loadKeys(openpgp, keyring);
  let message;
  try {
    message = await openpgp.readCleartextMessage({ cleartextMessage: inRelease });
  } catch (err) {
    throw new SignatureError(`${url} has a malformed OpenPGP signature: ${(err as Error).message}`, hint, err);
  }
  const result = await openpgp.verify({ message, verificationKeys: keys, expectSigned: false });
  const known = new Set(keys.flatMap((k) => [k.getKeyID().toHex(), ...k.getSubkeys().map((s) => s.getKeyID().toHex())]));
  let good = 0;
  const problems: string[] = [];
  for (const sig of result.signatures) {
    const id = sig.keyID.toHex();
    try {
      await sig.verified;
      good++;
    } catch (err) {
      // A signature by a key we do not have says nothing either way; a failing one by a key we
      // trust means the text was changed.
      if (known.has(id)) problems.push(`signature by key ${id} does not verify: ${(err as Error).message}`);
    }
  }
  if (problems.length > 0) throw new SignatureError(`${url}: ${problems.join('; ')}`, hint);
  if (good === 0) {
    const ids = result.signatures.map((s) => s.keyID.toHex()).join(', ') || 'none';
    throw new SignatureError(`${url} has no good signature by a trusted key (signed by ${ids})`, hint);
  }
  return result.data;
}
