// Go's names for the targets (GOOS, GOARCH and the per-architecture level variables), which are
// also the OCI image platforms of the Linux ones (image-spec: `architecture` and `os` take GOARCH
// and GOOS values; `variant` is GOARM as v5/v6/v7).

import type { KnownRustTarget } from './table.js';

export interface GoTarget {
  readonly goos: string;
  readonly goarch: string;
  /** GOARM: 5 (soft float), 6, 7. */
  readonly goarm?: '5' | '6' | '7';
  /** GO386: sse2, or softfloat for CPUs without SSE2 (i586). */
  readonly go386?: 'sse2' | 'softfloat';
  /** GOAMD64: v1 matches rustc's x86-64 baseline. */
  readonly goamd64?: 'v1';
  /** Why Go cannot build for it with cgo, when it cannot (tszig env --go refuses it). */
  readonly unsupported?: string;
}

export const GO_TARGETS: Readonly<Record<KnownRustTarget, GoTarget>> = {
  'x86_64-unknown-linux-gnu': { goos: 'linux', goarch: 'amd64', goamd64: 'v1' },
  'aarch64-unknown-linux-gnu': { goos: 'linux', goarch: 'arm64' },
  'armv7-unknown-linux-gnueabihf': { goos: 'linux', goarch: 'arm', goarm: '7' },
  // Soft-float C ABI: Go's GOARM=5 uses no VFP either.
  'armv7-unknown-linux-gnueabi': { goos: 'linux', goarch: 'arm', goarm: '5' },
  'arm-unknown-linux-gnueabihf': { goos: 'linux', goarch: 'arm', goarm: '6' },
  'arm-unknown-linux-gnueabi': { goos: 'linux', goarch: 'arm', goarm: '5' },
  'i686-unknown-linux-gnu': { goos: 'linux', goarch: '386', go386: 'sse2' },
  'i586-unknown-linux-gnu': { goos: 'linux', goarch: '386', go386: 'softfloat' },
  'riscv64gc-unknown-linux-gnu': { goos: 'linux', goarch: 'riscv64' },
  'powerpc64le-unknown-linux-gnu': { goos: 'linux', goarch: 'ppc64le' },
  's390x-unknown-linux-gnu': { goos: 'linux', goarch: 's390x' },
  'loongarch64-unknown-linux-gnu': { goos: 'linux', goarch: 'loong64' },
  'x86_64-unknown-linux-musl': { goos: 'linux', goarch: 'amd64', goamd64: 'v1' },
  'aarch64-unknown-linux-musl': { goos: 'linux', goarch: 'arm64' },
  'armv7-unknown-linux-musleabihf': { goos: 'linux', goarch: 'arm', goarm: '7' },
  'arm-unknown-linux-musleabihf': { goos: 'linux', goarch: 'arm', goarm: '6' },
  'arm-unknown-linux-musleabi': { goos: 'linux', goarch: 'arm', goarm: '5' },
  'i686-unknown-linux-musl': { goos: 'linux', goarch: '386', go386: 'sse2' },
  'riscv64gc-unknown-linux-musl': { goos: 'linux', goarch: 'riscv64' },
  'x86_64-pc-windows-gnu': { goos: 'windows', goarch: 'amd64', goamd64: 'v1' },
  'x86_64-pc-windows-gnullvm': { goos: 'windows', goarch: 'amd64', goamd64: 'v1' },
  'i686-pc-windows-gnu': { goos: 'windows', goarch: '386', go386: 'sse2' },
  'aarch64-pc-windows-gnullvm': { goos: 'windows', goarch: 'arm64' },
  'x86_64-apple-darwin': { goos: 'darwin', goarch: 'amd64', goamd64: 'v1' },
  'aarch64-apple-darwin': { goos: 'darwin', goarch: 'arm64' },
  'x86_64-unknown-freebsd': { goos: 'freebsd', goarch: 'amd64', goamd64: 'v1' },
  'aarch64-unknown-freebsd': { goos: 'freebsd', goarch: 'arm64' },
  'wasm32-wasip1': { goos: 'wasip1', goarch: 'wasm', unsupported: 'Go has no cgo for wasip1' },
};

export function goTarget(rust: string): GoTarget | undefined {
  return (GO_TARGETS as Readonly<Record<string, GoTarget>>)[rust];
}

/** The variables `go build` reads for the target, besides CC, CXX and CGO_ENABLED. */
export function goTargetVariables(go: GoTarget): { name: string; value: string }[] {
  return [
    { name: 'GOOS', value: go.goos },
    { name: 'GOARCH', value: go.goarch },
    ...(go.goarm ? [{ name: 'GOARM', value: go.goarm }] : []),
    ...(go.go386 ? [{ name: 'GO386', value: go.go386 }] : []),
    ...(go.goamd64 ? [{ name: 'GOAMD64', value: go.goamd64 }] : []),
  ];
}
