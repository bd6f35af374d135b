// A minimal EvalContext for calling builtin implementations directly on already-forced values:
// force is the identity (thunks are not expected), coercion follows src/eval/operators.ts, and
// the store and host are stubs. Also helpers to print results the way `nix-instantiate --json` does.

import type { EvalContext } from "../../src/eval/context.js";
import { pureHost, type Host } from "../../src/eval/host.js";
import { coerceToString, equals, lessThan } from "../../src/eval/operators.js";
import { typeError } from "../../src/eval/machine.js";
import { formatFloat } from "../../src/eval/format.js";
import {
  Lambda,
  NixAttrs,
  NixFloat,
  NixPath,
  NixString,
  PrimOp,
  PrimOpApp,
  type Value,
} from "../../src/eval/value.js";

/** Builds a fake context; `host` may supply files for hashFile. */
export function fakeCtx(host: Host = pureHost): EvalContext {
  const ctx: EvalContext = {
    attrOrder: (s) => s.sortedKeys(),
    force: (v) => v,
    deepForce: (v) => v,
    call(fn, ...args) {
      let f = fn;
      for (const a of args) {
        if (f instanceof PrimOp) f = f.impl([a], ctx);
        else if (typeof f === "function") f = (f as (x: Value) => Value)(a);
        else throw new Error("fake ctx: cannot call " + String(f));
      }
      return f;
    },
    lazyApply: (fn, arg) => ctx.call(fn, arg),
    callUnsited: (fn, ...args) => ctx.call(fn, ...args),
    forceInt(v) {
      if (typeof v === "number" || typeof v === "bigint") return v;
      throw typeError("an integer", v);
    },
    forceNumber(v) {
      if (typeof v === "number" || typeof v === "bigint") return Number(v);
      if (v instanceof NixFloat) return v.value;
      throw typeError("an integer", v);
    },
    forceBool(v) {
      if (typeof v === "boolean") return v;
      throw typeError("a Boolean", v);
    },
    forceList(v) {
      if (Array.isArray(v)) return v;
      throw typeError("a list", v);
    },
    forceAttrs(v) {
      if (v instanceof NixAttrs) return v;
      throw typeError("a set", v);
    },
    forceFunction(v) {
      if (v instanceof Lambda || v instanceof PrimOp || v instanceof PrimOpApp) return v;
      throw typeError("a function", v);
    },
    forceString(v) {
      if (typeof v === "string") return v;
      if (v instanceof NixString) return v.s;
      throw typeError("a string", v);
    },
    forceStringWithContext(v) {
      if (typeof v === "string") return { s: v, context: new Set() };
      if (v instanceof NixString) return { s: v.s, context: new Set(v.context) };
      throw typeError("a string", v);
    },
    coerceToString: (v, context, opts) => coerceToString(ctx, v, context, opts),
    coerceToPath(v) {
      if (v instanceof NixPath) return v.path;
      const s = coerceToString(ctx, v, new Set(), { coerceMore: false, copyToStore: false });
      if (!s.startsWith("/")) throw new Error(`string '${s}' doesn't represent an absolute path`);
      return s;
    },
    copyPathToStore: (p) => "/nix/store/00000000000000000000000000000000-" + p.slice(p.lastIndexOf("/") + 1),
    equals: (a, b) => equals(ctx, a, b),
    lessThan: (a, b) => lessThan(ctx, a, b),
    makeAttrs: (entries) => new NixAttrs(new Map(entries)),
    host,
    currentSpan: () => undefined,
  };
  return ctx;
}

/** A JS rendering of a forced value comparable with `nix-instantiate --eval --strict --json` output. */
export function toPlain(v: Value): unknown {
  if (v === null || typeof v === "boolean" || typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string") return v;
  if (v instanceof NixString) return v.s;
  // `--json` prints floats like `%g`: compare at that precision.
  if (v instanceof NixFloat) return Number(formatFloat(v.value));
  if (v instanceof NixPath) return v.path;
  if (Array.isArray(v)) return v.map(toPlain);
  if (v instanceof NixAttrs) {
    const o: Record<string, unknown> = {};
    for (const k of v.sortedKeys()) o[k] = toPlain(v.get(k)!);
    return o;
  }
  return "<function>";
}
