// Scope resolution, run after parsing and before evaluation (as Nix 2.8 does): every variable
// becomes (depth, index) into the run-time environment chain, or a `with` lookup listing the
// enclosing `with` environments. An undefined variable is a NixParseError here.
// Each lambda, `let`, `rec` set and `with` makes exactly one environment level.

import { NixParseError } from "../errors.js";
import type { AttrDef, AttrName, Expr, Resolution, Span } from "./ast.js";
import { GLOBAL_NAMES } from "./global-names.js";

/** One level of the static scope chain. `names` is null for a `with` level. */
interface Scope {
  readonly names: ReadonlyMap<string, number> | null;
  readonly up: Scope | null;
}

const globalScopeCache = new WeakMap<readonly string[], Scope>();

function globalScope(globals: readonly string[]): Scope {
  let s = globalScopeCache.get(globals);
  if (!s) {
    s = { names: new Map(globals.map((n, i) => [n, i])), up: null };
    globalScopeCache.set(globals, s);
  }
  return s;
}

/** Slot layout of a lambda's environment: formals in source order, then the `@` name (or the plain argument). */
export function lambdaSlots(e: Extract<Expr, { kind: "Lambda" }>): string[] {
  const names = e.formals ? e.formals.entries.map((f) => f.name) : [];
  if (e.arg !== undefined) names.push(e.arg);
  return names;
}

/**
 * Resolves every variable in `expr` (mutating `Var` nodes' `resolution`). The outermost scope is
 * the base environment `globals` (slot = index). Throws NixParseError on an undefined variable.
 */
export function resolveScopes(expr: Expr, globals: readonly string[] = GLOBAL_NAMES): void {
  resolve(expr, globalScope(globals));
}

function bindingScope(attrs: readonly AttrDef[], up: Scope): Scope {
  return { names: new Map(attrs.map((a, i) => [a.name, i])), up };
}

function resolvePath(path: readonly AttrName[], scope: Scope): void {
  for (const p of path) if ("expr" in p) resolve(p.expr, scope);
}

function resolveBindings(attrs: readonly AttrDef[], inner: Scope, outer: Scope): void {
  for (const a of attrs) resolve(a.value, a.inherited ? outer : inner);
}

/** Finds a name in the scope chain: a lexical slot, or a `with` lookup; else an undefined variable. */
function lookup(name: string, scope: Scope, span: Span): Resolution {
  const withDepths: number[] = [];
  let depth = 0;
  for (let s: Scope | null = scope; s; s = s.up, depth++) {
    if (s.names === null) {
      withDepths.push(depth);
      continue;
    }
    const idx = s.names.get(name);
    if (idx !== undefined) return { kind: "local", depth, index: idx };
  }
  if (withDepths.length === 0) throw new NixParseError(`undefined variable '${name}'`, span);
  return { kind: "with", withDepths };
}

function resolve(e: Expr, scope: Scope): void {
  switch (e.kind) {
    case "Int":
    case "Float":
    case "String":
    case "Path":
    case "CurPos":
      return;
    case "SearchPath":
      e.findFile = lookup("__findFile", scope, e.span);
      e.nixPath = lookup("__nixPath", scope, e.span);
      return;
    case "Var":
      e.resolution = lookup(e.name, scope, e.span);
      return;
    case "Interpolation":
    case "PathInterpolation":
      for (const p of e.parts) resolve(p, scope);
      return;
    case "Select":
      resolve(e.expr, scope);
      resolvePath(e.path, scope);
      if (e.default) resolve(e.default, scope);
      return;
    case "HasAttr":
      resolve(e.expr, scope);
      resolvePath(e.path, scope);
      return;
    case "Attrs": {
      const inner = e.rec ? bindingScope(e.attrs, scope) : scope;
      resolveBindings(e.attrs, inner, scope);
      for (const d of e.dynamic) {
        resolve(d.nameExpr, inner);
        resolve(d.value, inner);
      }
      return;
    }
    case "List":
      for (const x of e.elems) resolve(x, scope);
      return;
    case "Lambda": {
      const names = lambdaSlots(e);
      const inner: Scope = { names: new Map(names.map((n, i) => [n, i])), up: scope };
      if (e.formals) for (const f of e.formals.entries) if (f.default) resolve(f.default, inner);
      resolve(e.body, inner);
      return;
    }
    case "Call":
      resolve(e.fn, scope);
      for (const a of e.args) resolve(a, scope);
      return;
    case "Let": {
      const inner = bindingScope(e.attrs, scope);
      resolveBindings(e.attrs, inner, scope);
      resolve(e.body, inner);
      return;
    }
    case "With":
      resolve(e.attrs, scope);
      resolve(e.body, { names: null, up: scope });
      return;
    case "If":
      resolve(e.cond, scope);
      resolve(e.then, scope);
      resolve(e.else, scope);
      return;
    case "Assert":
      resolve(e.cond, scope);
      resolve(e.body, scope);
      return;
    case "Not":
    case "Negate":
      resolve(e.expr, scope);
      return;
    case "Binary":
      // Nix 2.8 reads `a > b` and `a <= b` as `__lessThan b a`: `b` is resolved (and reported) first.
      if (e.op === ">" || e.op === "<=") {
        resolve(e.right, scope);
        resolve(e.left, scope);
      } else {
        resolve(e.left, scope);
        resolve(e.right, scope);
      }
      return;
  }
}
