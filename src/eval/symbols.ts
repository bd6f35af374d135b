// Nix 2.8 keeps attribute sets sorted by symbol, and compares symbols by the address of their
// interned string: in practice, by when each name was first seen. That order shows wherever Nix
// walks a set without sorting names first: `==` on sets, forcing a value deeply (which failing
// attribute is reported), the first unexpected argument of a call. This module reproduces it.

import type { Expr } from "../parser/ast.js";

/** Names Nix's evaluator creates before anything is parsed, in its order. */
const PRECREATED = [
  "<with>", "outPath", "drvPath", "type", "meta", "name", "value", "system", "__overrides", "outputs",
  "outputName", "__ignoreNulls", "file", "line", "column", "__functor", "__toString", "right", "wrong",
  "__structuredAttrs", "builder", "args", "__contentAddressed", "__impure", "outputHash", "outputHashAlgo",
  "outputHashMode", "recurseForDerivations", "description", "self", "", "startSet", "operator", "key",
  "path", "prefix",
];

/** Ranks names by first sight; one table per evaluation, as Nix has one symbol table. */
export class SymbolOrder {
  private readonly ranks = new Map<string, number>();

  constructor(initial: Iterable<string> = []) {
    for (const n of PRECREATED) this.rank(n);
    for (const n of initial) this.rank(n);
  }

  /** The rank of a name, assigning the next one on first sight. */
  rank(name: string): number {
    let r = this.ranks.get(name);
    if (r === undefined) {
      r = this.ranks.size;
      this.ranks.set(name, r);
    }
    return r;
  }

  /** Ranks every name an expression mentions (variables, attributes, arguments) in source
   * order, as parsing the expression would create them. */
  internExpr(e: Expr): void {
    const found: Array<[number, string]> = [];
    const visit = (x: unknown): void => {
      if (x === null || typeof x !== "object") return;
      if (Array.isArray(x)) {
        for (const y of x) visit(y);
        return;
      }
      const o = x as { name?: unknown; arg?: unknown; span?: { start: number } };
      if (o.span !== undefined) {
        if (typeof o.name === "string") found.push([o.span.start, o.name]);
        if (typeof o.arg === "string") found.push([o.span.start, o.arg]);
      }
      for (const [k, v] of Object.entries(o)) if (k !== "span" && k !== "resolution" && typeof v === "object") visit(v);
    };
    visit(e);
    found.sort((a, b) => a[0] - b[0]);
    for (const [, n] of found) this.rank(n);
  }

  /** A set's names in this order (names never seen rank after all others, in the order given). */
  order(names: Iterable<string>): string[] {
    const withRanks = [...names].map((n) => [this.rank(n), n] as const);
    withRanks.sort((a, b) => a[0] - b[0]);
    return withRanks.map((p) => p[1]);
  }
}
