// String builtins of Nix 2.8: stringLength, substring, replaceStrings, concatStringsSep, toString,
// baseNameOf and dirOf. Strings are byte strings (one JS char per byte); every result carries the
// union of the contexts of the inputs that Nix 2.8 propagates (checked with `builtins.getContext`).

import { inContext } from "./value-contexts.js";
import { EvalError, ForeignError } from "../../errors.js";
import type { NixVersion } from "../../nix-version.js";
import type { EvalContext } from "../context.js";
import { baseNameOfString, dirOfString } from "../format.js";
import { NixPath, NixString, type Value } from "../value.js";
import type { BuiltinDef } from "./types.js";

/** A string value: plain when the context is empty, {@link NixString} otherwise. */
export function mkString(s: string, context: ReadonlySet<string>): Value {
  return context.size > 0 ? new NixString(s, context) : s;
}

/** Truncates a Nix integer to a C `int` (32-bit), as Nix 2.8's `substring` does with its arguments. */
function toCInt(n: number | bigint): number {
  if (typeof n === "number" && n >= -2147483648 && n <= 2147483647) return n;
  return Number(BigInt.asIntN(32, BigInt(n)));
}

function stringLength(args: Value[], ctx: EvalContext): Value {
  const context = new Set<string>();
  return ctx.coerceToString(args[0]!, context, { coerceMore: false, copyToStore: true }).length;
}

/** How each version takes substring's start and length: Nix 2.8 as C ints (32 bits); Nix 2.26
 * as 64-bit ints, but it checks the start against the string's size in 32 bits, so a start of
 * 2^32 or more past the end fails in its C++ library instead of giving "". */
const SUBSTRING_64: Readonly<Record<NixVersion, boolean>> = { "2.8": false, "2.26": true };

function substring(args: Value[], ctx: EvalContext): Value {
  const wide = SUBSTRING_64[ctx.nixVersion];
  const start0 = ctx.forceInt(args[0]!);
  const len0 = ctx.forceInt(args[1]!);
  const start = wide ? Number(start0) : toCInt(start0);
  const len = wide ? Number(len0) : toCInt(len0);
  const context = new Set<string>();
  const s = ctx.coerceToString(args[2]!, context, { coerceMore: false, copyToStore: true });
  if (start < 0) throw new EvalError("negative start position in 'substring'");
  if (len === 0 && wide) return mkString("", context);
  const checked = wide ? Number(BigInt.asUintN(32, BigInt(start0))) : start;
  if (checked >= s.length) return mkString("", context);
  if (start > s.length) throw new ForeignError(`basic_string_view::substr: __pos (which is ${start0}) > __size (which is ${s.length})`);
  // A negative length is a huge `size_t` in C++: everything up to the end.
  const out = len < 0 ? s.slice(start) : s.slice(start, start + len);
  return mkString(out, context);
}

/** `replaceStrings from to s`. Nix 2.8 forces every replacement first; Nix 2.26 forces one when
 * it is first used (`lazyTo`), so an unused one may fail. */
function replaceStringsWith(lazyTo: boolean): (args: Value[], ctx: EvalContext) => Value {
  return (args, ctx) => replaceStrings(args, ctx, lazyTo);
}

/** Each version's words for `from` and `to` lists of different lengths. */
const REPLACE_LENGTHS: Readonly<Record<NixVersion, string>> = {
  "2.8": "'from' and 'to' arguments to 'replaceStrings' have different lengths",
  "2.26": "'from' and 'to' arguments passed to builtins.replaceStrings have different lengths",
};

function replaceStrings(args: Value[], ctx: EvalContext, lazyTo: boolean): Value {
  const fromList = ctx.forceList(args[0]!);
  const toList = ctx.forceList(args[1]!);
  if (fromList.length !== toList.length)
    throw new EvalError(REPLACE_LENGTHS[ctx.nixVersion]);
  const from = fromList.map((e) => {
    try {
      return ctx.forceString(e);
    } catch (err) {
      throw inContext(ctx, err, "while evaluating one of the strings to replace passed to builtins.replaceStrings");
    }
  });
  const forceTo = (e: Value) => {
    try {
      return ctx.forceStringWithContext(e);
    } catch (err) {
      throw inContext(ctx, err, "while evaluating one of the replacement strings passed to builtins.replaceStrings");
    }
  };
  const forced: ({ s: string; context: ReadonlySet<string> } | undefined)[] = lazyTo ? new Array(toList.length) : toList.map(forceTo);
  const toAt = (i: number) => (forced[i] ??= forceTo(toList[i]!));
  const sv = ctx.forceStringWithContext(args[2]!);
  const s = sv.s;
  const context = new Set(sv.context);
  // Copy unmatched stretches in slices, not byte by byte.
  let res = "";
  let copied = 0;
  for (let p = 0; p <= s.length; ) {
    let i = 0;
    while (i < from.length && !s.startsWith(from[i]!, p)) i++;
    if (i === from.length) {
      p++;
      continue;
    }
    const f = from[i]!;
    const t = toAt(i);
    res += s.slice(copied, p) + t.s;
    for (const c of t.context) context.add(c);
    if (f.length === 0) {
      if (p < s.length) res += s[p];
      p++;
    } else p += f.length;
    copied = p;
  }
  if (copied < s.length) res += s.slice(copied);
  return mkString(res, context);
}

function concatStringsSep(args: Value[], ctx: EvalContext): Value {
  const sep = ctx.forceStringWithContext(args[0]!);
  const list = ctx.forceList(args[1]!);
  const context = new Set(sep.context);
  let res = "";
  for (let i = 0; i < list.length; i++) {
    if (i > 0) res += sep.s;
    try {
      res += ctx.coerceToString(list[i]!, context, { coerceMore: false, copyToStore: true });
    } catch (e) {
      throw inContext(ctx, e, "while evaluating one element of the list of strings to concat passed to builtins.concatStringsSep");
    }
  }
  return mkString(res, context);
}

function toStringImpl(args: Value[], ctx: EvalContext): Value {
  const context = new Set<string>();
  const s = ctx.coerceToString(args[0]!, context, { coerceMore: true, copyToStore: false });
  return mkString(s, context);
}

function baseNameOf(args: Value[], ctx: EvalContext): Value {
  const context = new Set<string>();
  const s = ctx.coerceToString(args[0]!, context, { coerceMore: false, copyToStore: false });
  return mkString(baseNameOfString(s), context);
}

/** Nix 2.26's dirOf of a string: the last component and the slashes before it go (`a//b` is
 * `a`); a string of slashes only stays as it is, and what would leave only them is `/`. */
function dirOfString226(p: string): string {
  const i = p.lastIndexOf("/");
  if (i < 0) return ".";
  if (/^\/+$/.test(p)) return p;
  let j = i;
  while (j > 0 && p[j - 1] === "/") j--;
  return j === 0 ? "/" : p.slice(0, j);
}

/** Each version's dirOf of a string. */
const DIR_OF: Readonly<Record<NixVersion, (s: string) => string>> = { "2.8": dirOfString, "2.26": dirOfString226 };

function dirOf(args: Value[], ctx: EvalContext): Value {
  const v = args[0]!;
  if (v instanceof NixPath) return new NixPath(dirOfString(v.path));
  const context = new Set<string>();
  const s = ctx.coerceToString(v, context, { coerceMore: false, copyToStore: false });
  return mkString(DIR_OF[ctx.nixVersion](s), context);
}

/** `stringLength`, `substring`, `replaceStrings`, `concatStringsSep`, `toString`, `baseNameOf`, `dirOf`. */
export const stringBuiltins: BuiltinDef[] = [
  { name: "stringLength", argContexts: ["the argument passed to builtins.stringLength"], arity: 1, impl: stringLength, doc: "The length of a string in bytes." },
  { name: "substring", argContexts: ["the first argument (the start offset) passed to builtins.substring", "the second argument (the substring length) passed to builtins.substring", "the third argument (the string) passed to builtins.substring"], arity: 3, impl: substring, lazy: true, doc: "The bytes of a string from `start`, at most `len` of them." },
  {
    name: "replaceStrings",
    arity: 3,
    lazy: true,
    impl: replaceStringsWith(false),
    versions: ["2.8"],
    doc: "Replaces each occurrence of a string of `from` with the matching string of `to`.",
  },
  {
    name: "replaceStrings",
    arity: 3,
    lazy: true,
    impl: replaceStringsWith(true),
    versions: ["2.26"],
    doc: "Replaces each occurrence of a string of `from` with the matching string of `to` (each forced when first used).",
  },
  { name: "concatStringsSep", argContexts: ["the first argument (the separator string) passed to builtins.concatStringsSep", "the second argument (the list of strings to concat) passed to builtins.concatStringsSep"], arity: 2, impl: concatStringsSep, lazy: true, doc: "Joins strings with a separator." },
  { name: "toString", arity: 1, impl: toStringImpl, doc: "Converts a value to a string (paths are not copied)." },
  { name: "baseNameOf", arity: 1, impl: baseNameOf, doc: "The last component of a path or string." },
  { name: "dirOf", argContexts: ["the first argument passed to 'builtins.dirOf'"], arity: 1, impl: dirOf, doc: "The directory part of a path (a path) or string (a string)." },
];
