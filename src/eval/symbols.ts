// Nix 2.8 keeps attribute sets sorted by symbol, and compares symbols by the address of their
// interned string: in practice, by when each name was first seen. That order shows wherever Nix
// walks a set without sorting names first: `==` on sets, forcing a value deeply (which failing
// attribute is reported), the first unexpected argument of a call. This module reproduces it.

import type { AttrName, Expr } from "../parser/ast.js";

/** Names Nix's evaluator creates before anything is parsed, in its order. */
const PRECREATED = [
  "<with>", "outPath", "drvPath", "type", "meta", "name", "value", "system", "__overrides", "outputs",
  "outputName", "__ignoreNulls", "file", "line", "column", "__functor", "__toString", "right", "wrong",
  "__structuredAttrs", "builder", "args", "__contentAddressed", "__impure", "outputHash", "outputHashAlgo",
  "outputHashMode", "recurseForDerivations", "description", "self", "", "startSet", "operator", "key",
  "path", "prefix",
];

/** The names of `builtins` in the order Nix 2.8 creates their symbols at start-up: its constants,
 * then its primops in registration order, `derivation` last (as `builtins.mapAttrs` over
 * `builtins` shows when forced deeply). */
export const BUILTIN_SYMBOL_ORDER: readonly string[] = [
  "path", "builtins", "true", "false", "null", "currentTime", "currentSystem", "nixVersion", "storeDir",
  "langVersion", "nixPath", "scopedImport", "import", "typeOf", "isNull", "isFunction", "isInt", "isFloat",
  "isString", "isBool", "isPath", "genericClosure", "abort", "throw", "addErrorContext", "ceil", "floor",
  "tryEval", "getEnv", "seq", "deepSeq", "trace", "derivationStrict", "placeholder", "toPath", "storePath",
  "pathExists", "baseNameOf", "dirOf", "readFile", "findFile", "hashFile", "readDir", "toXML", "toJSON",
  "fromJSON", "toFile", "filterSource", "attrNames", "attrValues", "getAttr", "unsafeGetAttrPos", "hasAttr",
  "isAttrs", "removeAttrs", "listToAttrs", "intersectAttrs", "catAttrs", "functionArgs", "mapAttrs",
  "zipAttrsWith", "isList", "elemAt", "head", "tail", "map", "filter", "elem", "concatLists", "length",
  "foldl'", "any", "all", "genList", "sort", "partition", "groupBy", "concatMap", "add", "sub", "mul", "div",
  "bitAnd", "bitOr", "bitXor", "lessThan", "toString", "substring", "stringLength", "hashString", "match",
  "split", "concatStringsSep", "replaceStrings", "parseDrvName", "compareVersions", "splitVersion",
  "unsafeDiscardStringContext", "hasContext", "unsafeDiscardOutputDependency", "getContext", "appendContext",
  "fetchMercurial", "fetchTree", "fetchurl", "fetchTarball", "fetchGit", "fromTOML", "derivation",
];

/** Names only Nix's own derivation.nix uses. Nix parses that file at start-up, yet (by the way
 * its allocator reuses memory) these symbols sort after the names a program introduces. */
const AFTER_PROGRAM_NAMES = ["drvAttrs", "strict", "commonAttrs", "outputsList", "x", "outputToAttrListElement"];

/** Ranks names by first sight; one table per evaluation, as Nix has one symbol table. */
export class SymbolOrder {
  private readonly ranks = new Map<string, number>();

  constructor(initial: Iterable<string> = []) {
    for (const n of PRECREATED) this.rank(n);
    for (const n of initial) this.rank(n);
    AFTER_PROGRAM_NAMES.forEach((n, i) => this.ranks.set(n, 2 ** 40 + i));
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
    // Each new name's first occurrence: ranks follow those, in source order.
    const first = new Map<string, number>();
    const ranks = this.ranks;
    const add = (at: number, name: string) => {
      if (ranks.has(name)) return;
      const seen = first.get(name);
      if (seen === undefined || at < seen) first.set(name, at);
    };
    const attrPath = (path: readonly AttrName[]) => {
      for (const p of path) {
        if ("name" in p) add(p.span.start, p.name);
        else work.push(p.expr);
      }
    };
    const work: Expr[] = [e];
    while (work.length > 0) {
      const x = work.pop()!;
      switch (x.kind) {
        case "Var":
          add(x.span.start, x.name);
          break;
        case "Select":
          work.push(x.expr);
          if (x.default) work.push(x.default);
          attrPath(x.path);
          break;
        case "HasAttr":
          work.push(x.expr);
          attrPath(x.path);
          break;
        case "Attrs":
        case "Let":
          for (const a of x.attrs) {
            add(a.span.start, a.name);
            work.push(a.value);
          }
          if (x.kind === "Attrs") for (const d of x.dynamic) work.push(d.nameExpr, d.value);
          else work.push(x.body);
          break;
        case "Lambda":
          if (x.arg !== undefined) add(x.span.start, x.arg);
          if (x.formals)
            for (const f of x.formals.entries) {
              add(f.span.start, f.name);
              if (f.default) work.push(f.default);
            }
          work.push(x.body);
          break;
        case "Interpolation":
        case "PathInterpolation":
        case "List":
          for (const y of x.kind === "List" ? x.elems : x.parts) work.push(y);
          break;
        case "Call":
          work.push(x.fn, ...x.args);
          break;
        case "With":
          work.push(x.attrs, x.body);
          break;
        case "If":
          work.push(x.cond, x.then, x.else);
          break;
        case "Assert":
          work.push(x.cond, x.body);
          break;
        case "Not":
        case "Negate":
          work.push(x.expr);
          break;
        case "Binary":
          work.push(x.left, x.right);
          break;
      }
    }
    const order = [...first].sort((a, b) => a[1] - b[1]);
    for (const [name] of order) this.rank(name);
  }

  /** A set's names in this order (names never seen rank after all others, in the order given). */
  order(names: Iterable<string>): string[] {
    const withRanks = [...names].map((n) => [this.rank(n), n] as const);
    withRanks.sort((a, b) => a[0] - b[0]);
    return withRanks.map((p) => p[1]);
  }
}
