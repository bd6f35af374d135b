// `builtins.match` and `builtins.split` of Nix 2.8 on byte strings, through src/regex (an
// emulation of libstdc++'s std::regex, extended syntax). Compiled patterns are cached by source;
// a pattern is compiled before the subject is forced, as in Nix, so its errors come first.

import { EvalError } from "../../errors.js";
import {
  compileRegex,
  matchWhole,
  RegexComplexityError,
  RegexSyntaxError,
  searchAll,
  type ExecOptions,
  type RegexProgram,
} from "../../regex/index.js";
import type { EvalContext } from "../context.js";
import type { Value } from "../value.js";
import { forceStringNoContext } from "./string-context.js";
import type { BuiltinDef } from "./types.js";

const cache = new Map<string, RegexProgram | RegexSyntaxError>();

/** Compiles a Nix regular expression, throwing Nix's error for an invalid one. Cached. */
export function compileNixRegex(re: string): RegexProgram {
  let c = cache.get(re);
  if (c === undefined) {
    try {
      c = compileRegex(re);
    } catch (e) {
      if (!(e instanceof RegexSyntaxError)) throw e;
      c = e;
    }
    if (cache.size > 1000) cache.clear();
    cache.set(re, c);
  }
  if (c instanceof RegexSyntaxError)
    throw new EvalError(
      c.code === "space" ? `memory limit exceeded by regular expression '${re}'` : `invalid regular expression '${re}'`,
    );
  return c;
}

/** Runs the engine, turning a blown step budget into an EvalError. */
function guarded<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof RegexComplexityError) throw new EvalError(e.message);
    throw e;
  }
}

/**
 * `builtins.match re s`: the groups of a whole-string match, or null when there is none.
 * @throws EvalError for an invalid pattern, as Nix words it.
 */
export function regexMatch(re: string, s: string, options?: ExecOptions): Array<string | null> | null {
  const p = compileNixRegex(re);
  const m = guarded(() => matchWhole(p, s, options));
  if (m === null) return null;
  const out: Array<string | null> = [];
  for (let g = 1; g < p.groupCount; g++) {
    const a = m.spans[2 * g]!;
    out.push(a < 0 ? null : s.slice(a, m.spans[2 * g + 1]!));
  }
  return out;
}

/**
 * `builtins.split re s`: the text between matches alternating with each match's groups, or
 * null when nothing matches (Nix then returns a list of the original string value).
 */
export function regexSplit(
  re: string,
  s: string,
  options?: ExecOptions,
): Array<string | Array<string | null>> | null {
  const p = compileNixRegex(re);
  const ms = guarded(() => searchAll(p, s, options));
  if (ms.count === 0) return null;
  const out: Array<string | Array<string | null>> = [];
  for (let i = 0; i < ms.count; i++) {
    out.push(s.slice(ms.prefixStart(i), ms.start(i, 0)));
    const groups: Array<string | null> = [];
    for (let g = 1; g < p.groupCount; g++) {
      const a = ms.start(i, g);
      groups.push(a < 0 ? null : s.slice(a, ms.end(i, g)));
    }
    out.push(groups);
  }
  out.push(s.slice(ms.end(ms.count - 1, 0)));
  return out;
}

function match(args: Value[], ctx: EvalContext): Value {
  const re = forceStringNoContext(ctx, args[0]!);
  compileNixRegex(re);
  return regexMatch(re, ctx.forceString(args[1]!));
}

function split(args: Value[], ctx: EvalContext): Value {
  const re = forceStringNoContext(ctx, args[0]!);
  compileNixRegex(re);
  const r = regexSplit(re, ctx.forceString(args[1]!));
  return r === null ? [args[1]!] : r;
}

/** `match` and `split`. */
export const regexBuiltins: BuiltinDef[] = [
  {
    name: "match",
    arity: 2,
    lazy: true,
    impl: match,
    doc: "Matches a whole string against a POSIX extended regex: the list of groups, or null.",
  },
  {
    name: "split",
    arity: 2,
    lazy: true,
    impl: split,
    doc: "Splits a string at the matches of a POSIX extended regex, keeping each match's groups.",
  },
];
