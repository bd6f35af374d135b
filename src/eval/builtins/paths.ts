// Builtins that reach files and the environment through the host: import, scopedImport,
// readFile, readDir, pathExists, findFile (search path), getEnv, toPath, and the builtins that
// copy sources into the store (path, filterSource) or name store paths (storePath).

import { showSymbol } from "../../parser/print.js";
import type { Span } from "../../parser/ast.js";
import { EvalError, HostError, missingPath, NixError, NixTypeError, positionless, ThrownError, typeError } from "../../errors.js";
import type { NixVersion } from "../../nix-version.js";
import type { EvalContext } from "../context.js";
import { COREPKGS_PREFIX } from "../corepkgs.js";
import { canonPath } from "../format.js";
import { hostFS } from "../host.js";
import { Lambda, NixPath, NixString, PrimOp, PrimOpApp, compareBytes, showType, type Value } from "../value.js";
import type { BuiltinDef } from "./types.js";
import { requireAttr } from "./attrs.js";
import { positioned } from "../operators.js";
import { isStorePath, makeFixedOutputPath, parseHashAllowEmpty, StoreError, type Hash } from "../../derivation/index.js";
import { decodeContext, forceStringNoContext } from "./string-context.js";
import { RestrictedPathError } from "../restrictions.js";

/** Resolves `<name>` against the search path entries (`findFile`), as Nix 2.8 does: every entry
 * is checked first; an entry whose path does not exist is skipped with a warning (once); the
 * built-in `nix/` files come last. */
function findFile(ctx: EvalContext, searchPathV: Value, nameV: Value): string {
  const entries: Array<{ prefix: string; path: string }> = [];
  for (const entryV of ctx.forceList(searchPathV)) {
    const entry = ctx.forceAttrs(entryV);
    const prefixV = entry.get("prefix");
    const prefix = prefixV === undefined ? "" : forceStringNoContext(ctx, prefixV);
    const pathV = requireAttr(ctx, entry, "path", "findFile", "in an element of the __nixPath");
    entries.push({ prefix, path: ctx.coerceToString(pathV, new Set(), { coerceMore: false, copyToStore: false }) });
  }
  const name = forceStringNoContext(ctx, nameV);
  for (const { prefix, path } of entries) {
    let rest: string;
    if (prefix === "") rest = "/" + name;
    else if (name === prefix) rest = "";
    else if (name.startsWith(prefix + "/")) rest = name.slice(prefix.length);
    else continue;
    const base = canonPath(path.startsWith("/") ? path : ctx.cwd + "/" + path);
    if (!ctx.searchPathEntryExists(path, base)) continue;
    const candidate = base + rest;
    if (ctx.host.lstat(candidate) !== null) return canonPath(candidate);
  }
  if (name.startsWith("nix/")) return COREPKGS_PREFIX + name.slice(4);
  const e = new ThrownError(
    ctx.access.pure
      ? `cannot look up '<${name}>' in pure evaluation mode (use '--impure' to override)`
      : `file '${name}' was not found in the Nix search path (add it using $NIX_PATH or -I)`,
  );
  e.showPosition = true;
  throw e;
}

/** How each version checks filterSource's arguments: which first, and the error for a filter
 * that is no function. */
const FILTER_SOURCE: Readonly<Record<NixVersion, { readonly pathFirst: boolean; readonly notAFunction: (f: Value) => NixError }>> = {
  "2.8": { pathFirst: false, notAFunction: (f) => new NixTypeError(`first argument in call to 'filterSource' is not a function but ${showType(f)}`) },
  "2.26": { pathFirst: true, notAFunction: (f) => typeError("a function", f) },
};

/** Whether a version shows a position with the frames path builtins add (`while realising the
 * context of a path`, `while adding path`): Nix 2.8 does, at the call; Nix 2.26 does not. */
const PATH_FRAMES_POSITIONED: Readonly<Record<NixVersion, boolean>> = { "2.8": true, "2.26": false };

function pathFrameSpan(ctx: EvalContext): Span | undefined {
  return PATH_FRAMES_POSITIONED[ctx.nixVersion] ? ctx.currentSpan() : undefined;
}

/** Nix's realisePath: a path argument of import, readFile, readDir, pathExists or hashFile,
 * whose coercion failures are traced "while realising the context of a path"; in restricted
 * evaluation it must be readable (`check`), and comes back with its symlinks resolved. */
export function realisePath(ctx: EvalContext, v: Value, check = true): string {
  const context = new Set<string>();
  let path: string;
  try {
    path = ctx.coerceToPath(v, context);
  } catch (e) {
    if (e instanceof NixError) e.addTrace("while realising the context of a path", pathFrameSpan(ctx));
    throw e;
  }
  try {
    realiseContext(ctx, context);
    if (check) path = ctx.access.checkSourcePath(path);
  } catch (e) {
    if (e instanceof NixError) e.addTrace(`while realising the context of path '${path}'`, ctx.currentSpan());
    throw e;
  }
  return path;
}

/** Nix's realiseContext: every store path a context names must be valid; a derivation output
 * would have to be built first (import from derivation), which nixts does not do, so it must
 * exist already. */
function realiseContext(ctx: EvalContext, context: ReadonlySet<string>): void {
  for (const c of [...context].sort(compareBytes)) {
    const d = decodeContext(c);
    const path = d.kind === "path" ? d.path : d.drv;
    if (!ctx.isPathValid(path)) throw positionless(new EvalError(`path '${path}' is not valid`));
    if (d.kind === "output") {
      let built: string | undefined;
      try {
        built = ctx.store.readDerivation(d.drv).outputs[d.output]?.path;
      } catch {
        built = undefined; // a derivation this store cannot read: nixts cannot tell where it builds to
      }
      if (built === undefined || !ctx.isPathValid(built))
        throw new EvalError(`cannot build '${d.drv}!${d.output}' during evaluation: nixts does not build derivations (import from derivation)`);
    }
  }
}

function storeString(path: string): NixString {
  return new NixString(path, new Set([path]));
}

/**
 * Copies `path` into the store under `name`, keeping what `filter` accepts. With an expected
 * hash (`builtins.path`'s sha256), a store path already valid is used without reading the
 * source, and a copy that comes out different is an error, as in Nix.
 */
function addFiltered(
  ctx: EvalContext,
  path: string,
  name: string,
  filter: Value | undefined,
  recursive: boolean,
  expected?: Hash,
): string {
  try {
    const source = ctx.access.checkSourcePath(path);
    const want = expected && makeFixedOutputPath(recursive ? "recursive" : "flat", expected, name, ctx.store.storeDir);
    if (want !== undefined && ctx.store.isValidPath(want)) return want;
    const got = addFilteredUntraced(ctx, source, name, filter, recursive);
    ctx.access.allowPath(got);
    if (want !== undefined && got !== want) throw new StoreError(`store path mismatch in (possibly filtered) path added from '${path}'`);
    return got;
  } catch (e) {
    if (e instanceof NixError) e.addTrace(`while adding path '${path}'`, pathFrameSpan(ctx));
    throw e;
  }
}

function addFilteredUntraced(ctx: EvalContext, path: string, name: string, filter: Value | undefined, recursive: boolean): string {
  if (ctx.host.lstat(path) === null) throw missingPath(path);
  const fsFilter =
    filter === undefined
      ? undefined
      : (p: string, type: string) => {
          const t = type === "other" ? "unknown" : type;
          return ctx.forceBool(ctx.call(filter, new NixPath(p), t));
        };
  return ctx.store.addPathToStore(name, { fs: hostFS(ctx.host), path }, { method: recursive ? "recursive" : "flat", filter: fsFilter });
}

/** Path and filesystem builtins. */
/** Nix's `canonPath(path, true)`: every component lstat'ed (a missing one is an error), symlinks
 * followed (at most 1024). */
function resolveSymlinks(ctx: EvalContext, path: string): string {
  let todo = path.split("/").filter((c) => c !== "" && c !== ".");
  let out = "";
  let follows = 0;
  while (todo.length) {
    const c = todo.shift()!;
    if (c === "..") {
      out = out.slice(0, Math.max(0, out.lastIndexOf("/")));
      continue;
    }
    const next = `${out}/${c}`;
    const stat = ctx.host.lstat(next);
    if (stat === null) throw missingPath(next);
    if (stat.type !== "symlink") {
      out = next;
      continue;
    }
    if (++follows > 1024) throw new HostError(`infinite symlink recursion in path '${path}'`);
    const target = ctx.host.readLink(next);
    if (target.startsWith("/")) out = "";
    todo = [...target.split("/").filter((x) => x !== "" && x !== "."), ...todo];
  }
  return out === "" ? "/" : out;
}

export const pathBuiltins: BuiltinDef[] = [
  {
    name: "import",
    arity: 1,
    // Unforced: realisePath forces it, so its failures get that trace, as in Nix.
    lazy: true,
    doc: "Evaluates the Nix file at a path (a directory means its default.nix).",
    impl: ([p], ctx) => ctx.importFile(realisePath(ctx, p!)),
  },
  {
    name: "scopedImport",
    arity: 2,
    lazy: true,
    doc: "Like import, with the attributes of a set in scope.",
    impl: ([scope, p], ctx) => ctx.scopedImport(ctx.forceAttrs(scope!), realisePath(ctx, p!)),
  },
  {
    name: "readFile",
    arity: 1,
    // Unforced: realisePath forces it, so its failures get that trace, as in Nix.
    lazy: true,
    doc: "The contents of a file as a string.",
    impl: ([p], ctx) => {
      const path = realisePath(ctx, p!);
      return ctx.host.readFile(path);
    },
  },
  {
    name: "pathExists",
    arity: 1,
    // Unforced: realisePath forces it, so its failures get that trace, as in Nix.
    lazy: true,
    doc: "Whether a path exists.",
    impl: ([p], ctx) => {
      // A path restricted evaluation may not read does not exist for it (but a failure to
      // compute the path still fails).
      let path = realisePath(ctx, p!, false);
      try {
        path = ctx.access.checkSourcePath(path);
      } catch (e) {
        if (e instanceof RestrictedPathError) return false;
        throw e;
      }
      // A string ending in `/` or `/.` names a directory: a file there does not count (Nix's
      // canonical path would have dropped the slash).
      const v = ctx.force(p!);
      const text = typeof v === "string" ? v : v instanceof NixString ? v.s : "";
      const mustBeDir = text.endsWith("/") || text.endsWith("/.");
      try {
        const st = ctx.host.lstat(ctx.host.realPath(path));
        return st !== null && (!mustBeDir || st.type === "directory");
      } catch {
        return false;
      }
    },
  },
  {
    name: "readDir",
    arity: 1,
    // Unforced: realisePath forces it, so its failures get that trace, as in Nix.
    lazy: true,
    doc: "The entries of a directory as a set of names to `regular`, `directory`, `symlink` or `unknown`.",
    impl: ([p], ctx) => {
      const path = realisePath(ctx, p!);
      if (ctx.host.lstat(path) === null) throw missingPath(path, true);
      return ctx.makeAttrs(ctx.host.readDir(path).map(([n, t]) => [n, t] as [string, Value]));
    },
  },
  {
    name: "readFileType",
    arity: 1,
    lazy: true,
    doc: "(Nix 2.26) The type of a file: `regular`, `directory`, `symlink` or `unknown`.",
    impl: ([p], ctx) => {
      const path = realisePath(ctx, p!);
      const st = ctx.host.lstat(path);
      if (st === null) throw new HostError(`path '${path}' does not exist`);
      return st.type;
    },
  },
  {
    name: "toPath",
    arity: 1,
    doc: "Converts an absolute path string to a canonical path string (deprecated).",
    impl: ([p], ctx) => {
      const context = new Set<string>();
      const s = ctx.coerceToPath(p!, context);
      return context.size > 0 ? new NixString(s, context) : s;
    },
  },
  {
    name: "findFile",
    arity: 2,
    lazy: true,
    doc: "Looks a name up in a search path list (what `<name>` means).",
    impl: ([sp, name], ctx) => new NixPath(findFile(ctx, sp!, name!)),
  },
  {
    name: "getEnv",
    arity: 1,
    doc: "The value of an environment variable, or the empty string.",
    impl: ([n], ctx) => {
      const name = forceStringNoContext(ctx, n!);
      return ctx.access.restricted ? "" : (ctx.host.getEnv(name) ?? "");
    },
  },
  {
    name: "storePath",
    arity: 1,
    doc: "Declares a store path as a dependency, returning it with context.",
    impl: ([p], ctx) => {
      if (ctx.access.pure) throw new EvalError("'builtins.storePath' is not allowed in pure evaluation mode");
      let path = ctx.access.checkSourcePath(ctx.coerceToPath(p!));
      const dir = ctx.store.storeDir + "/";
      // Anything but a store path itself has its symlinks resolved first (a missing component
      // fails there), then must lie in the store.
      if (!isStorePath(path, ctx.store.storeDir)) path = resolveSymlinks(ctx, path);
      if (!path.startsWith(dir)) throw new EvalError(`path '${path}' is not in the Nix store`);
      const top = path.slice(0, path.indexOf("/", dir.length) < 0 ? path.length : path.indexOf("/", dir.length));
      return new NixString(path, new Set([top]));
    },
  },
  {
    name: "filterSource", argContexts: ["the first argument passed to builtins.filterSource", "the second argument (the path to filter) passed to 'builtins.filterSource'"],
    arity: 2,
    lazy: true,
    doc: "Copies a path into the store, keeping the files the filter function accepts.",
    impl: ([filter, p], ctx) => {
      const rules = FILTER_SOURCE[ctx.nixVersion];
      const early = rules.pathFirst ? ctx.coerceToPath(p!) : undefined;
      const f = ctx.force(filter!);
      if (!(f instanceof Lambda || f instanceof PrimOp || f instanceof PrimOpApp)) throw rules.notAFunction(f);
      const path = early ?? ctx.coerceToPath(p!);
      const name = path.slice(path.lastIndexOf("/") + 1);
      return storeString(addFiltered(ctx, path, name, f, true));
    },
  },
  {
    name: "path", argContexts: ["the argument passed to 'builtins.path'"],
    arity: 1,
    doc: "Copies a path into the store with an optional name, filter and expected hash.",
    impl: ([argsV], ctx) => {
      const args = ctx.forceAttrs(argsV!);
      let path: string | undefined;
      let name: string | undefined;
      let filter: Value | undefined;
      let recursive = true;
      let expected: Hash | undefined;
      // In Nix's symbol order; errors at the argument concerned.
      for (const k of ctx.attrOrder(args)) {
        const v = args.get(k)!;
        const at = args.positions?.get(k);
        if (k === "path") path = positioned(at, () => ctx.coerceToPath(v));
        else if (k === "name") name = positioned(at, () => forceStringNoContext(ctx, v));
        else if (k === "filter") filter = ctx.force(v); // called (and type-checked) per file
        else if (k === "recursive") recursive = positioned(at, () => ctx.forceBool(v));
        else if (k === "sha256")
          expected = parseHashAllowEmpty(positioned(at, () => forceStringNoContext(ctx, v)), "sha256", (m) => ctx.host.printError(`warning: ${m}`));
        else throw new EvalError(`unsupported argument '${showSymbol(k)}' to 'addPath'`, at);
      }
      if (path === undefined) throw new EvalError("'path' required");
      return storeString(addFiltered(ctx, path, name ?? path.slice(path.lastIndexOf("/") + 1), filter, recursive, expected));
    },
  },
];

