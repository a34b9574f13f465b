// Which images `--oci` makes: one per Linux target, on the base image's platform or FROM scratch
// (static musl), checked before anything is built.

import { TszigError } from '../errors.js';
import { goTarget } from '../target/go.js';
import type { TargetSpec } from '../target/table.js';
import { platformKey, type OciPlatform } from './oci-image.js';

export class OciError extends TszigError {
  constructor(message: string, hint: string) {
    super('E_OCI', message, { hint });
  }
}

/** The OCI platform of a Linux target (GOOS/GOARCH/GOARM as image-spec wants them). */
export function ociPlatform(spec: TargetSpec): OciPlatform | undefined {
  const go = goTarget(spec.rust);
  if (spec.os !== 'linux' || !go) return undefined;
  return { os: go.goos, architecture: go.goarch, variant: go.goarm ? `v${go.goarm}` : undefined };
}

export interface PlannedImage {
  /** The target as requested (its dist run). */
  readonly requested: string;
  readonly platform: OciPlatform;
  /** glibc targets need a base image with a C library; static musl ones start from scratch. */
  readonly needsBase: boolean;
}

export interface ImagePlan {
  readonly images: readonly PlannedImage[];
  /** Requested targets that get no image (not Linux). */
  readonly skipped: readonly string[];
}

export function planImages(targets: readonly { readonly requested: string; readonly spec: TargetSpec | undefined }[], haveBase: boolean): ImagePlan {
  const images: PlannedImage[] = [];
  const skipped: string[] = [];
  for (const t of targets) {
    const platform = t.spec ? ociPlatform(t.spec) : undefined;
    if (!platform || !t.spec) skipped.push(t.requested);
    else images.push({ requested: t.requested, platform, needsBase: t.spec.libc !== 'musl' });
  }
  if (images.length === 0) {
    throw new OciError(
      `--oci makes Linux images, and none of the targets is a Linux target (${targets.map((t) => t.requested).join(', ')})`,
      'add a Linux target, e.g. --target x86_64-unknown-linux-musl (static, runs FROM scratch), or drop --oci',
    );
  }
  const seen = new Map<string, string>();
  for (const i of images) {
    const key = platformKey(i.platform);
    const other = seen.get(key);
    if (other) throw new OciError(`${other} and ${i.requested} would both be the ${key} image`, 'an image index holds one image per platform: build the other one without --oci, in a separate run');
    seen.set(key, i.requested);
  }
  const glibc = images.filter((i) => i.needsBase);
  if (glibc.length > 0 && !haveBase) {
    throw new OciError(
      `${glibc.map((i) => i.requested).join(', ')} link${glibc.length === 1 ? 's' : ''} against glibc, which an image FROM scratch does not have`,
      'give a base image with glibc as a local OCI layout (--oci-base DIR[:REF], e.g. made with `skopeo copy docker://debian:bookworm-slim oci:base:bookworm`), or use a static -musl target',
    );
  }
  return { images, skipped };
}
