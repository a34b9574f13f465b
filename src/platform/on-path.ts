// Finding programs on PATH (cold paths only: `which` is loaded on first use).

/** The full path of `name` on `path` (default: this process's PATH), or undefined. */
export async function onPath(name: string, path: string | undefined = process.env.PATH): Promise<string | undefined> {
  const { default: which } = await import('which');
  return (await which(name, { nothrow: true, path: path ?? '' })) ?? undefined;
}
