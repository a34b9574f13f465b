// Package name and version from cargo's package ids, in both spellings cargo has used:
// `path+file:///w/app#app@1.2.0`, `path+file:///w/app#1.2.0` (the directory names the package),
// `registry+https://…#serde@1.0.0`, and the older `app 1.2.0 (path+file:///w/app)`.

export interface PackageName {
  readonly name: string;
  readonly version: string;
}

export function parsePackageId(id: string): PackageName | undefined {
  const old = /^(\S+) (\S+) \(.*\)$/.exec(id);
  if (old) return { name: old[1] as string, version: old[2] as string };
  const hash = id.lastIndexOf('#');
  if (hash === -1) return undefined;
  const fragment = id.slice(hash + 1);
  const at = fragment.lastIndexOf('@');
  if (at > 0) return { name: fragment.slice(0, at), version: fragment.slice(at + 1) };
  const url = id.slice(0, hash).replace(/[?].*$/, '').replace(/\/+$/, '');
  const name = decodeURIComponent(url.slice(url.lastIndexOf('/') + 1));
  return name && /^\d/.test(fragment) ? { name, version: fragment } : undefined;
}

/**
 * The package a release is named after: the one whose executables ship, else the only package
 * that ships anything; undefined when that is not one package.
 */
export function releasePackage(artifacts: readonly { readonly packageId: string | undefined; readonly kind: string }[]): PackageName | undefined {
  const names = (list: readonly { readonly packageId: string | undefined }[]): string[] => [...new Set(list.map((a) => a.packageId).filter((p): p is string => p !== undefined))];
  const withBins = names(artifacts.filter((a) => a.kind === 'bin'));
  const all = names(artifacts);
  const pick = withBins.length === 1 ? withBins[0] : all.length === 1 ? all[0] : undefined;
  return pick === undefined ? undefined : parsePackageId(pick);
}
