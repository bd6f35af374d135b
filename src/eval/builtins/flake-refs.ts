// Nix 2.26's flake-reference builtins (with the `flakes` experimental feature): `parseFlakeRef`
// reads a flake reference (`github:o/r/ref?dir=d`, `nixpkgs/ref`, `/abs/path`, ...) into input
// attributes, `flakeRefToString` writes attributes back as a reference, and `getFlake` checks its
// reference but cannot fetch. The input schemes themselves are in input-schemes.ts.

import { EvalError, HostError, NixError } from "../../errors.js";
import type { EvalContext } from "../context.js";
import { NixAttrs, NixPath, NixString, Thunk, ThunkState, normInt, showType, type Value } from "../value.js";
import {
  FLAKE_ID,
  REF_NAME,
  attrsJSON,
  indirectFromPath,
  inputFromAttrs,
  inputFromURL,
  inputToURL,
  isBadURL,
  type InputAttr,
  type InputAttrs,
  type SchemeContext,
} from "./input-schemes.js";
import { forceStringNoContext } from "./string-context.js";
import type { BuiltinDef } from "./types.js";
import { decodeQuery, parseURL, percentDecode, renderURL, type ParsedURL } from "./url.js";

/** What input schemes need, from an evaluation. */
export function schemeContext(ctx: EvalContext): SchemeContext {
  return { warn: (m) => ctx.host.printError(`warning: ${m}`), hasFeature: (f) => ctx.experimentalFeatures.has(f) };
}

/** A flake reference: an input and the subdirectory (`dir`) of the flake in it. */
export interface FlakeRef {
  readonly input: InputAttrs;
  readonly dir: string;
}

/** `id`, `id/ref`, `id/rev`, `id/ref/rev`: the registry shorthand (no query). */
const SHORTHAND = new RegExp(`^${FLAKE_ID.source.slice(1, -1)}(?:/${REF_NAME.source.slice(1, -1)})?$`);

/** Takes the `dir` parameter out of a URL's query. */
function withoutDir(u: ParsedURL): { url: ParsedURL; dir: string } {
  const query = new Map(u.query);
  const dir = query.get("dir") ?? "";
  query.delete("dir");
  return { url: { ...u, query }, dir };
}

/**
 * Reads a flake reference as Nix 2.26's `parseFlakeRef` does, without a base directory: the
 * registry shorthand, then a URL (a failure to read it as its scheme falls back to the next
 * form), then an absolute path with an optional query.
 */
export function parseFlakeRef(s: string, sc: SchemeContext): FlakeRef {
  const hash = s.indexOf("#");
  const base = hash < 0 ? s : s.slice(0, hash);
  const fragment = hash < 0 ? "" : percentDecode(s.slice(hash + 1));
  const ref = readFlakeRef(s, base, sc);
  if (fragment !== "") throw new EvalError(`unexpected fragment '${fragment}' in flake reference '${s}'`);
  return ref;
}

function readFlakeRef(s: string, base: string, sc: SchemeContext): FlakeRef {
  if (SHORTHAND.test(base)) return { input: indirectFromPath(base, `flake://${base}`, (m) => new EvalError(m)), dir: "" };
  const parsed = parseURL(base, sc.warn);
  if (parsed) {
    const { url, dir } = withoutDir(parsed);
    try {
      return { input: inputFromURL(url, renderURL(url), sc), dir };
    } catch (e) {
      if (!isBadURL(e)) throw e;
    }
  }
  if (!base.startsWith("/")) throw new EvalError(`flake reference '${s}' is not an absolute path`);
  const q = base.indexOf("?");
  const path = q < 0 ? base : base.slice(0, q);
  const { url, dir } = withoutDir({ scheme: "path", authority: "", path, query: decodeQuery(q < 0 ? "" : base.slice(q + 1), sc.warn), fragment: "" });
  return { input: inputFromURL(url, renderURL(url), sc), dir };
}

/** A flake reference from attributes (`dir` and the input's), checked as Nix's `FlakeRef::fromAttrs`. */
export function flakeRefFromAttrs(attrs: InputAttrs): FlakeRef {
  const dir = attrs.get("dir");
  if (dir !== undefined && typeof dir !== "string") throw new EvalError(`input attribute 'dir' is not a string ${attrsJSON(attrs)}`);
  const rest = new Map(attrs);
  rest.delete("dir");
  if (!rest.has("type")) throw new EvalError("'type' attribute to specify input scheme is required but not provided");
  return { input: inputFromAttrs(rest), dir: dir ?? "" };
}

/** A flake reference as Nix writes one (`github:NixOS/nixpkgs/23.05?dir=lib`). */
export function flakeRefToString(ref: FlakeRef): string {
  const url = inputToURL(ref.input);
  if (ref.dir === "") return renderURL(url);
  const query = new Map(url.query);
  query.set("dir", ref.dir);
  return renderURL({ ...url, query });
}

/** An input attribute as a Nix value (integers are unsigned 64-bit in Nix). */
const attrValue = (v: InputAttr): Value => (typeof v === "bigint" ? normInt(BigInt.asIntN(64, v)) : v);

/** A flake reference's attributes as a set. */
function flakeRefAttrs(ctx: EvalContext, ref: FlakeRef): NixAttrs {
  const entries: [string, Value][] = [...ref.input].map(([k, v]) => [k, attrValue(v)]);
  if (ref.dir !== "") entries.push(["dir", ref.dir]);
  return ctx.makeAttrs(entries);
}

/** A builtin's argument checked by `f`, a failure framed as Nix 2.26 frames it. Nix frames a
 * failure to evaluate the argument too where it wants a string (`forcedInFrame`), not where it
 * wants a set. */
export function checkedArgument<T>(ctx: EvalContext, who: string, arg: Value, forcedInFrame: boolean, f: (v: Value) => T): T {
  const v = forcedInFrame ? arg : ctx.force(arg);
  try {
    return f(v);
  } catch (e) {
    if (e instanceof NixError) {
      if (e.span === undefined) e.positionless = true;
      e.addTrace(`while evaluating the argument passed to builtins.${who}`);
    }
    throw e;
  }
}

/**
 * A set's attributes as input attributes, in Nix's symbol order: strings, Booleans and
 * non-negative integers. `what` names the caller in the messages (`flake ref`, `fetchTree`),
 * `other` words the failure for any other value. `fetchTree` forces each value and reads paths
 * as strings (`forcing`); `flakeRefToString` takes values as they are (an unevaluated one is
 * "a thunk").
 */
export function inputAttrsOf(ctx: EvalContext, set: NixAttrs, what: string, other: (name: string, v: Value) => string, forcing: boolean): InputAttrs {
  const attrs: InputAttrs = new Map();
  const coercePath = forcing;
  for (const name of ctx.attrOrder(set)) {
    const a = set.get(name)!;
    const v = forcing ? ctx.force(a) : a instanceof Thunk && a.state === ThunkState.Done ? a.value : a;
    if (typeof v === "string" || v instanceof NixString) attrs.set(name, typeof v === "string" ? v : v.s);
    else if (coercePath && v instanceof NixPath) attrs.set(name, ctx.coerceToString(v, new Set(), { coerceMore: false, copyToStore: false }));
    else if (typeof v === "boolean") attrs.set(name, v);
    else if (typeof v === "number" || typeof v === "bigint") {
      if (v < 0) throw new EvalError(`negative value given for ${what} attr ${name}: ${v}`);
      attrs.set(name, BigInt(v));
    } else throw new EvalError(other(name, v));
  }
  return attrs;
}

function parseFlakeRefImpl(args: Value[], ctx: EvalContext): Value {
  const s = checkedArgument(ctx, "parseFlakeRef", args[0]!, true, (v) => forceStringNoContext(ctx, v));
  return flakeRefAttrs(ctx, parseFlakeRef(s, schemeContext(ctx)));
}

function flakeRefToStringImpl(args: Value[], ctx: EvalContext): Value {
  const set = checkedArgument(ctx, "flakeRefToString", args[0]!, false, (v) => ctx.forceAttrs(v));
  const attrs = inputAttrsOf(
    ctx,
    set,
    "flake ref",
    (name, v) => `flake reference attribute sets may only contain integers, Booleans, and strings, but attribute '${name}' is ${showType(v)}`,
    false,
  );
  return flakeRefToString(flakeRefFromAttrs(attrs));
}

function getFlakeImpl(args: Value[], ctx: EvalContext): Value {
  const s = checkedArgument(ctx, "getFlake", args[0]!, true, (v) => forceStringNoContext(ctx, v));
  const ref = parseFlakeRef(s, schemeContext(ctx));
  throw new HostError(`cannot fetch flake '${flakeRefToString(ref)}': nixts does not fetch flakes`);
}

/** The flake-reference builtins (Nix 2.26 with the `flakes` feature; global-names.ts binds them). */
export const flakeRefBuiltins: BuiltinDef[] = [
  {
    name: "parseFlakeRef",
    arity: 1,
    impl: parseFlakeRefImpl,
    lazy: true,
    versions: ["2.26"],
    doc: "(Nix 2.26, flakes) The attributes of a flake reference: `parseFlakeRef \"github:NixOS/nixpkgs/23.05?dir=lib\"`.",
  },
  {
    name: "flakeRefToString",
    arity: 1,
    impl: flakeRefToStringImpl,
    lazy: true,
    versions: ["2.26"],
    doc: "(Nix 2.26, flakes) A flake reference written from its attributes (`{ type = \"github\"; owner; repo; ... }`).",
  },
  {
    name: "getFlake",
    arity: 1,
    impl: getFlakeImpl,
    lazy: true,
    versions: ["2.26"],
    doc: "(Nix 2.26, flakes) Would fetch and evaluate a flake; nixts checks the reference and then fails (it fetches no flakes).",
  },
];
