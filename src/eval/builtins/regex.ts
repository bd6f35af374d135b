// `builtins.match` and `builtins.split` of Nix 2.8: POSIX extended regular expressions as
// libstdc++'s std::regex reads them, run by re2js. `match` must match the whole string and takes
// its groups from the first path in backtracking order; `split` walks matches like
// std::sregex_iterator, leftmost-longest. Compiled patterns are cached by source.

import { RE2JS } from "re2js";
import { EvalError } from "../../errors.js";
import type { EvalContext } from "../context.js";
import type { Value } from "../value.js";
import { PosixRegexError, translatePosixRegex } from "./posix-regex.js";
import { forceStringNoContext } from "./string-context.js";
import type { BuiltinDef } from "./types.js";

/** A pattern compiled for both uses. */
interface Compiled {
  /** Perl-priority matcher: for `match` (first solution in backtracking order). */
  readonly first: RE2JS;
  /** Leftmost-longest matcher: for `split` (regex_search with POSIX semantics). */
  readonly longest: RE2JS;
  readonly groups: number;
}

const cache = new Map<string, Compiled | string>();

/** True if a POSIX extended regex has no special characters, so it matches exactly itself. */
function isLiteral(re: string): boolean {
  return !/[.[\]()*+?{}|^$\\]/.test(re);
}

/** Compiles a Nix regular expression, throwing Nix's error for invalid ones. Results are cached. */
export function compileRegex(re: string): Compiled {
  let c = cache.get(re);
  if (c === undefined) {
    try {
      const { source, groups } = translatePosixRegex(re);
      c = {
        first: RE2JS.compile(source),
        longest: RE2JS.compile(source, RE2JS.LONGEST_MATCH),
        groups,
      };
    } catch (e) {
      if (!(e instanceof PosixRegexError) && !(e instanceof Error)) throw e;
      c = `invalid regular expression '${re}'`;
    }
    if (cache.size > 1000) cache.clear();
    cache.set(re, c);
  }
  if (typeof c === "string") throw new EvalError(c);
  return c;
}

/**
 * `builtins.match re s` on byte strings: the groups of a whole-string match (null for groups
 * that did not take part), or null when there is no match.
 */
export function regexMatch(re: string, s: string): Array<string | null> | null {
  const c = compileRegex(re);
  if (isLiteral(re)) return s === re ? [] : null;
  const m = c.first.matcher(s);
  if (!m.matches()) return null;
  const out: Array<string | null> = [];
  for (let g = 1; g <= c.groups; g++) out.push(m.group(g));
  return out;
}

/**
 * `builtins.split re s` on byte strings: the text between matches alternating with the groups
 * of each match, or null when nothing matches (Nix then returns the original string value).
 */
export function regexSplit(
  re: string,
  s: string,
  /** `first`: perl-priority matches instead (for tests telling ambiguous patterns apart). */
  mode: "longest" | "first" = "longest",
): Array<string | Array<string | null>> | null {
  const c = compileRegex(re);
  const out: Array<string | Array<string | null>> = [];
  if (isLiteral(re) && re !== "") {
    // A pattern without special characters matches only itself: split on it directly.
    let prev = 0;
    for (let i = s.indexOf(re); i >= 0; i = s.indexOf(re, prev)) {
      out.push(s.slice(prev, i), []);
      prev = i + re.length;
    }
    if (out.length === 0) return null;
    out.push(s.slice(prev));
    return out;
  }
  const m = (mode === "longest" ? c.longest : c.first).matcher(s);
  let prevEnd = 0;
  let from = 0;
  while (from <= s.length && m.find(from)) {
    const start = m.start();
    const end = m.end();
    out.push(s.slice(prevEnd, start));
    const groups: Array<string | null> = [];
    for (let g = 1; g <= c.groups; g++) groups.push(m.group(g));
    out.push(groups);
    prevEnd = end;
    // std::sregex_iterator: after an empty match, the next match starts at least one byte later
    // (a longer match at the same place would already have been found, being leftmost-longest).
    from = end === start ? end + 1 : end;
  }
  if (out.length === 0) return null;
  out.push(s.slice(prevEnd));
  return out;
}

function match(args: Value[], ctx: EvalContext): Value {
  const re = forceStringNoContext(ctx, args[0]!);
  compileRegex(re);
  return regexMatch(re, ctx.forceString(args[1]!));
}

function split(args: Value[], ctx: EvalContext): Value {
  const re = forceStringNoContext(ctx, args[0]!);
  compileRegex(re);
  const r = regexSplit(re, ctx.forceString(args[1]!));
  return r === null ? [args[1]!] : r;
}

/** `match` and `split`. */
export const regexBuiltins: BuiltinDef[] = [
  {
    name: "match",
    arity: 2,
    impl: match,
    doc: "Matches a whole string against a POSIX extended regex: the list of groups, or null.",
  },
  {
    name: "split",
    arity: 2,
    impl: split,
    doc: "Splits a string at the matches of a POSIX extended regex, keeping each match's groups.",
  },
];
