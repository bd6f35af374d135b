// Scope resolution, run after parsing and before evaluation (as Nix 2.8 does): every variable
// becomes (depth, index) into the run-time environment chain, or a `with` lookup listing the
// enclosing `with` environments. An undefined variable is a NixParseError here.
// Each lambda, `let`, `rec` set and `with` makes exactly one environment level, as does a plain
// set with `inherit (e)` sources under Nix 2.26's rules (their slots follow a `let`'s or `rec`
// set's own bindings).

import { NixParseError } from "../errors.js";
import type { AttrDef, AttrName, Expr, InheritSource, Resolution, Span } from "./ast.js";
import { GLOBAL_NAMES } from "./global-names.js";
import { inSymbolOrder } from "./print.js";

/** One level of the static scope chain. `names` is null for a `with` level. */
interface Scope {
  readonly names: ReadonlyMap<string, number> | null;
  readonly up: Scope | null;
  /** For a `with` scope: the `with` expression. */
  readonly withSpan?: Span;
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
 * With `rank` (Nix's symbol order, see src/eval/symbols.ts), a set's and a `let`'s bindings and
 * a function's defaults are visited in that order, as Nix binds them, which decides which of
 * several undefined variables is reported; without it, in source order.
 */
export function resolveScopes(expr: Expr, globals: readonly string[] = GLOBAL_NAMES, rank?: (name: string) => number): void {
  resolve(expr, globalScope(globals), rank);
}

/** The scope of a `let`'s or `rec` set's bindings, then the slots of its `inherit (e)` sources. */
function bindingScope(attrs: readonly AttrDef[], up: Scope, sources: readonly InheritSource[] | undefined): Scope {
  const names = new Map(attrs.map((a, i) => [a.name, i]));
  if (sources) sources.forEach((src, i) => names.set(src.slotName, attrs.length + i));
  return { names, up };
}

/** The scope a plain set with `inherit (e)` sources makes: their slots only. */
function sourceScope(sources: readonly InheritSource[], up: Scope): Scope {
  return { names: new Map(sources.map((src, i) => [src.slotName, i])), up };
}

/** Finds a name in the scope chain: a lexical slot, or a `with` lookup; else an undefined variable. */
function lookup(name: string, scope: Scope, span: Span): Resolution {
  const withDepths: number[] = [];
  const withSpans: Span[] = [];
  let depth = 0;
  for (let s: Scope | null = scope; s; s = s.up, depth++) {
    if (s.names === null) {
      withDepths.push(depth);
      withSpans.push(s.withSpan!);
      continue;
    }
    const idx = s.names.get(name);
    if (idx !== undefined) return { kind: "local", depth, index: idx };
  }
  if (withDepths.length === 0) throw new NixParseError(`undefined variable '${name}'`, span);
  return { kind: "with", withDepths, withSpans };
}

/**
 * Visits `root` and everything under it in source order (an explicit stack, not the JS one, so a
 * chain of 100,000 `+` resolves like a short one); children are pushed in reverse so that the
 * first undefined variable reported is the one Nix reports.
 */
function resolve(root: Expr, rootScope: Scope, rank: ((name: string) => number) | undefined): void {
  const exprs: Expr[] = [root];
  const scopes: Scope[] = [rootScope];
  const push = (e: Expr, scope: Scope) => {
    exprs.push(e);
    scopes.push(scope);
  };
  const pushPath = (path: readonly AttrName[], scope: Scope) => {
    for (let i = path.length - 1; i >= 0; i--) {
      const p = path[i]!;
      if ("expr" in p) push(p.expr, scope);
    }
  };
  const pushBindings = (defs: readonly AttrDef[], inner: Scope, outer: Scope) => {
    const attrs = inSymbolOrder(defs, rank);
    for (let i = attrs.length - 1; i >= 0; i--) push(attrs[i]!.value, attrs[i]!.inherited ? outer : inner);
  };
  while (exprs.length > 0) {
    const e = exprs.pop()!;
    const scope = scopes.pop()!;
    switch (e.kind) {
      case "Int":
      case "Float":
      case "String":
      case "Path":
      case "CurPos":
        break;
      case "SearchPath":
        e.findFile = lookup("__findFile", scope, e.span);
        e.nixPath = lookup("__nixPath", scope, e.span);
        break;
      case "Var":
        e.resolution = lookup(e.name, scope, e.span);
        break;
      case "Interpolation":
      case "PathInterpolation":
        for (let i = e.parts.length - 1; i >= 0; i--) push(e.parts[i]!, scope);
        break;
      case "Select":
        if (e.default) push(e.default, scope);
        pushPath(e.path, scope);
        push(e.expr, scope);
        break;
      case "HasAttr":
        pushPath(e.path, scope);
        push(e.expr, scope);
        break;
      case "Attrs": {
        // Nix 2.26 binds a set's `inherit (e)` sources first (in a `rec` set, in its scope).
        const sources = e.inheritFrom;
        const inner = e.rec ? bindingScope(e.attrs, scope, sources) : sources?.length ? sourceScope(sources, scope) : scope;
        for (let i = e.dynamic.length - 1; i >= 0; i--) {
          push(e.dynamic[i]!.value, inner);
          push(e.dynamic[i]!.nameExpr, inner);
        }
        pushBindings(e.attrs, inner, e.rec ? scope : inner);
        if (sources) for (let i = sources.length - 1; i >= 0; i--) push(sources[i]!.expr, inner);
        break;
      }
      case "List":
        for (let i = e.elems.length - 1; i >= 0; i--) push(e.elems[i]!, scope);
        break;
      case "Lambda": {
        const names = lambdaSlots(e);
        const inner: Scope = { names: new Map(names.map((n, i) => [n, i])), up: scope };
        push(e.body, inner);
        if (e.formals) {
          const entries = inSymbolOrder(e.formals.entries, rank);
          for (let i = entries.length - 1; i >= 0; i--) {
            const d = entries[i]!.default;
            if (d) push(d, inner);
          }
        }
        break;
      }
      case "Call":
        for (let i = e.args.length - 1; i >= 0; i--) push(e.args[i]!, scope);
        push(e.fn, scope);
        break;
      case "Let": {
        const inner = bindingScope(e.attrs, scope, e.inheritFrom);
        push(e.body, inner);
        pushBindings(e.attrs, inner, scope);
        if (e.inheritFrom) for (let i = e.inheritFrom.length - 1; i >= 0; i--) push(e.inheritFrom[i]!.expr, inner);
        break;
      }
      case "With":
        push(e.body, { names: null, up: scope, withSpan: e.span });
        push(e.attrs, scope);
        break;
      case "If":
        push(e.else, scope);
        push(e.then, scope);
        push(e.cond, scope);
        break;
      case "Assert":
        push(e.body, scope);
        push(e.cond, scope);
        break;
      case "Not":
      case "Negate":
        push(e.expr, scope);
        break;
      case "Binary":
        // Nix 2.8 reads `a > b` and `a <= b` as `__lessThan b a`: `b` is resolved (and reported) first.
        if (e.op === ">" || e.op === "<=") {
          push(e.left, scope);
          push(e.right, scope);
        } else {
          push(e.right, scope);
          push(e.left, scope);
        }
        break;
    }
  }
}
