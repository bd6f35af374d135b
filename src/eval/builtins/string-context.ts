// String-context builtins of Nix 2.8: getContext, appendContext, hasContext,
// unsafeDiscardStringContext and unsafeDiscardOutputDependency. Context elements are stored as
// Nix stores them: `/nix/store/p` (a path), `=/nix/store/x.drv` (all outputs of a derivation)
// and `!out!/nix/store/x.drv` (one output).

import { EvalError } from "../../errors.js";
import type { EvalContext } from "../context.js";
import { compareBytes, type Value } from "../value.js";
import { mkString } from "./strings.js";
import type { BuiltinDef } from "./types.js";
import { inContext } from "./value-contexts.js";
import { contextNotAllowed, positioned } from "../operators.js";

const STORE_DIR = "/nix/store";
const BASE32 = /^[0-9a-df-np-sv-z]{32}$/;
const NAME = /^[0-9a-zA-Z+\-._?=]{1,211}$/;

/** True if `p` is a store path (`/nix/store/<32 base-32 chars>-<name>`, nothing below it). */
export function isStorePath(p: string): boolean {
  if (!p.startsWith(STORE_DIR + "/")) return false;
  const base = p.slice(STORE_DIR.length + 1);
  if (base.length < 34 || base[32] !== "-") return false;
  return BASE32.test(base.slice(0, 32)) && NAME.test(base.slice(33));
}

/** Prints an attribute name as Nix 2.8 prints a symbol in messages: bare if an identifier, else quoted. */
function showSymbol(s: string): string {
  if (/^[a-zA-Z_][a-zA-Z0-9_'-]*$/.test(s)) return s;
  return '"' + s.replace(/[\\"\n\r\t]|\$\{/g, (c) => ({ "\n": "\\n", "\r": "\\r", "\t": "\\t" })[c] ?? "\\" + c) + '"';
}

/** A context element by kind: a plain path, one output of a derivation (`!out!/nix/store/x.drv`),
 * or all its outputs (`=/nix/store/x.drv`). */
export type ContextElement = { kind: "path"; path: string } | { kind: "output"; drv: string; output: string } | { kind: "all"; drv: string };

/** Splits a context element into its kind (see {@link ContextElement}). */
export function decodeContext(c: string): ContextElement {
  if (c.startsWith("=")) return { kind: "all", drv: c.slice(1) };
  if (c.startsWith("!")) {
    const i = c.indexOf("!", 1);
    return { kind: "output", output: c.slice(1, i), drv: c.slice(i + 1) };
  }
  return { kind: "path", path: c };
}

function getContext(args: Value[], ctx: EvalContext): Value {
  const { context } = ctx.forceStringWithContext(args[0]!);
  const info = new Map<string, { path: boolean; all: boolean; outputs: string[] }>();
  const entry = (p: string) => {
    let e = info.get(p);
    if (!e) info.set(p, (e = { path: false, all: false, outputs: [] }));
    return e;
  };
  for (const c of [...context].sort(compareBytes)) {
    const d = decodeContext(c);
    if (d.kind === "all") entry(d.drv).all = true;
    else if (d.kind === "output") entry(d.drv).outputs.push(d.output);
    else entry(d.path).path = true;
  }
  const out: Array<[string, Value]> = [];
  for (const [p, e] of info) {
    const fields: Array<[string, Value]> = [];
    if (e.path) fields.push(["path", true]);
    if (e.all) fields.push(["allOutputs", true]);
    if (e.outputs.length > 0) fields.push(["outputs", e.outputs]);
    out.push([p, ctx.makeAttrs(fields)]);
  }
  return ctx.makeAttrs(out);
}

function appendContext(args: Value[], ctx: EvalContext): Value {
  const orig = ctx.forceStringWithContext(args[0]!);
  const attrs = ctx.forceAttrs(args[1]!);
  const context = new Set(orig.context);
  // Nix walks the set in its symbol order and reports errors at the attribute concerned.
  for (const name of ctx.attrOrder(attrs)) {
    const at = attrs.positions?.get(name);
    if (!isStorePath(name)) throw new EvalError(`Context key '${showSymbol(name)}' is not a store path`, at);
    const info = positioned(at, () => ctx.forceAttrs(attrs.get(name)!));
    const inner = (k: string) => info.positions?.get(k);
    const path = info.get("path");
    if (path !== undefined && positioned(inner("path"), () => ctx.forceBool(path))) context.add(name);
    const all = info.get("allOutputs");
    if (all !== undefined && positioned(inner("allOutputs"), () => ctx.forceBool(all))) {
      if (!name.endsWith(".drv"))
        throw new EvalError(`Tried to add all-outputs context of ${showSymbol(name)}, which is not a derivation, to a string`, at);
      context.add("=" + name);
    }
    const outputs = info.get("outputs");
    if (outputs !== undefined) {
      const list = positioned(inner("outputs"), () => ctx.forceList(outputs));
      if (list.length > 0 && !name.endsWith(".drv"))
        throw new EvalError(`Tried to add derivation output context of ${showSymbol(name)}, which is not a derivation, to a string`, at);
      for (const o of list) context.add("!" + positioned(inner("outputs"), () => forceStringNoContext(ctx, o)) + "!" + name);
    }
  }
  return mkString(orig.s, context);
}

/** Forces a string that must not carry a context (Nix's `forceStringNoCtx`). */
export function forceStringNoContext(ctx: EvalContext, v: Value): string {
  const { s, context } = ctx.forceStringWithContext(v);
  if (context.size > 0) {
    const e = contextNotAllowed(s, context);
    e.about = ctx.force(v);
    throw e;
  }
  return s;
}

/** A string without context (Nix's forceStringNoCtx), a type error in context `why`. */
export function stringNoCtxIn(ctx: EvalContext, v: Value, why: string): string {
  try {
    return forceStringNoContext(ctx, v);
  } catch (e) {
    throw inContext(ctx, e, why);
  }
}

function hasContext(args: Value[], ctx: EvalContext): Value {
  return ctx.forceStringWithContext(args[0]!).context.size > 0;
}

function unsafeDiscardStringContext(args: Value[], ctx: EvalContext): Value {
  return ctx.coerceToString(args[0]!, new Set(), { coerceMore: false, copyToStore: true });
}

function unsafeDiscardOutputDependency(args: Value[], ctx: EvalContext): Value {
  const context = new Set<string>();
  const s = ctx.coerceToString(args[0]!, context, { coerceMore: false, copyToStore: true });
  const out = new Set<string>();
  for (const c of context) out.add(c.startsWith("=") ? c.slice(1) : c);
  return mkString(s, out);
}

/** Nix 2.26's `addDrvOutputDependencies`: a string whose one context element is a `.drv` path
 * gets the derivation's whole closure (every output) as its context instead. */
function addDrvOutputDependencies(args: Value[], ctx: EvalContext): Value {
  const context = new Set<string>();
  const s = ctx.coerceToString(args[0]!, context, { coerceMore: false, copyToStore: true });
  if (context.size !== 1) throw new EvalError(`context of string '${s}' must have exactly one element, but has ${context.size}`);
  const [c] = context as Set<string>;
  const d = decodeContext(c!);
  if (d.kind === "output") throw new EvalError(`\`addDrvOutputDependencies\` can only act on derivations, not on a derivation output such as '${d.output}'`);
  if (d.kind === "all") return mkString(s, new Set([c!]));
  if (!d.path.endsWith(".drv")) throw new EvalError(`path '${d.path}' is not a derivation`);
  return mkString(s, new Set(["=" + d.path]));
}

/** `getContext`, `appendContext`, `hasContext`, `unsafeDiscardStringContext`, `unsafeDiscardOutputDependency`. */
export const contextBuiltins: BuiltinDef[] = [
  { name: "addDrvOutputDependencies", argContexts: ["the argument passed to builtins.addDrvOutputDependencies"], arity: 1, impl: addDrvOutputDependencies, doc: "(Nix 2.26) A `.drv` path's string with the derivation's whole output closure as context." },
  { name: "getContext", argContexts: ["the argument passed to builtins.getContext"], arity: 1, impl: getContext, doc: "The context of a string as a set keyed by store path." },
  { name: "appendContext", arity: 2, impl: appendContext, lazy: true, doc: "Adds context (in getContext's shape) to a string." },
  { name: "hasContext", argContexts: ["the argument passed to builtins.hasContext"], arity: 1, impl: hasContext, doc: "True if a string has a context." },
  {
    name: "unsafeDiscardStringContext", argContexts: ["the argument passed to builtins.unsafeDiscardStringContext"],
    arity: 1,
    impl: unsafeDiscardStringContext,
    doc: "The string without its context.",
  },
  {
    name: "unsafeDiscardOutputDependency", argContexts: ["the argument passed to builtins.unsafeDiscardOutputDependency"],
    arity: 1,
    impl: unsafeDiscardOutputDependency,
    doc: "Turns all-outputs context (`drvPath`) into a plain path dependency on the `.drv`.",
  },
];
