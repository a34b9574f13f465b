// The external functions and variables a C header declares, read from clang's JSON AST dump.

export interface AstNode {
  readonly kind?: string;
  readonly name?: string;
  readonly storageClass?: string;
  readonly inline?: boolean;
  readonly isImplicit?: boolean;
  readonly loc?: AstLoc;
  readonly range?: { readonly begin?: AstLoc; readonly end?: AstLoc };
  readonly inner?: readonly AstNode[];
}

interface AstLoc {
  readonly file?: string;
  readonly spellingLoc?: AstLoc;
  readonly expansionLoc?: AstLoc;
}

/**
 * Names of the external functions and variables declared at file scope in any of `files`. clang's JSON
 * names a location's file only when it differs from the last one printed, so the walk follows the
 * locations in the order clang printed them; a declaration made by a macro counts where the macro
 * was used.
 */
export function externalDeclarations(ast: AstNode, files: readonly string[]): string[] {
  let last: string | undefined;
  const see = (loc: AstLoc | undefined): void => {
    if (loc?.file !== undefined) last = loc.file;
  };
  const visit = (loc: AstLoc | undefined): string | undefined => {
    if (loc && (loc.spellingLoc || loc.expansionLoc)) {
      see(loc.spellingLoc);
      see(loc.expansionLoc);
    } else {
      see(loc);
    }
    return last;
  };
  const names = new Set<string>();
  const walk = (node: AstNode, top: boolean): void => {
    const where = visit(node.loc);
    visit(node.range?.begin);
    visit(node.range?.end);
    const external = (node.kind === 'FunctionDecl' || node.kind === 'VarDecl') && node.storageClass !== 'static' && !node.inline && !node.isImplicit;
    if (top && external && where !== undefined && files.includes(where) && node.name) names.add(node.name);
    for (const child of node.inner ?? []) walk(child, false);
  };
  for (const node of ast.inner ?? []) walk(node, true);
  return [...names].sort();
}
