// Differential suite for `builtins.match` and `builtins.split` against real Nix 2.8 (libstdc++'s
// std::regex): generated patterns and subjects, syntax errors first (one oracle run per invalid
// pattern we reject, one batch for those we accept), then every valid case in one batched run.
// Every case must agree. REGEX_FUZZ_RUNS / REGEX_FUZZ_SEED widen or move the search.

import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { regexMatch, regexSplit } from "../../src/eval/builtins/regex.js";
import { compileRegex, matchWhole, RegexComplexityError, searchAll } from "../../src/regex/index.js";
import { filterTerminalText, layoutErrorMessage } from "../../src/errors.js";
import { announceSkip, evalNixListOutcome, skipReason } from "../support/oracle.js";
import { nixString as nixStr } from "../support/oracle.js";
import { soupPattern, structuredPattern, subject } from "./arbitraries.js";

const skip = skipReason();
announceSkip("regex differential", skip);

const runs = Number(process.env["REGEX_FUZZ_RUNS"] ?? 3000);
/** Backtracking steps beyond which a case is left out: std::regex takes exponential time on
 * some nested loops over empty alternatives, and Nix would not finish either. */
const STEP_BUDGET = 200_000;

/** Whether both calls of a case stay within the step budget in our engine. */
function tractable(p: string, s: string): boolean {
  const prog = compileRegex(p);
  try {
    matchWhole(prog, s, { stepLimit: STEP_BUDGET, pruneAfter: Infinity });
    searchAll(prog, s, { stepLimit: STEP_BUDGET, pruneAfter: Infinity });
    return true;
  } catch (e) {
    if (e instanceof RegexComplexityError) return false;
    throw e;
  }
}
const seed = Number(process.env["REGEX_FUZZ_SEED"] ?? 20261129);

/** Our outcome of an expression's worth of work: a value, or `error: MESSAGE` laid out as Nix
 * prints it (which is how the oracle reports it). */
function ours(f: () => unknown): unknown {
  try {
    return f();
  } catch (e) {
    return filterTerminalText(`error: ${layoutErrorMessage((e as Error).message)}`);
  }
}

/** Nix's outcome for one expression on its own: its value, or `error: MESSAGE`. */
function nixOne(expr: string): unknown {
  const r = evalNixListOutcome([expr]);
  return r.error !== undefined ? `error: ${r.error}` : r.values[0];
}

/**
 * Compares which patterns Nix rejects, and with what message, with our compiler. Patterns we
 * reject go to Nix one by one; those we accept go in one batch, which must then succeed.
 */
function compareSyntax(patterns: string[]): { valid: string[]; invalid: number; bad: string[] } {
  const bad: string[] = [];
  const valid: string[] = [];
  let invalid = 0;
  for (const p of patterns) {
    const mine = ours(() => regexMatch(p, ""));
    if (typeof mine === "string" && mine.startsWith("error: ")) {
      invalid++;
      const nix = nixOne(`builtins.match ${nixStr(p)} ""`);
      if (nix !== mine) bad.push(`${JSON.stringify(p)}: nix ${JSON.stringify(nix)}, ours ${mine}`);
    } else valid.push(p);
  }
  const r = evalNixListOutcome(valid.map((p) => `builtins.match ${nixStr(p)} ""`));
  if (r.error !== undefined) bad.push(`Nix rejects a pattern we accept: ${r.error}`);
  return { valid, invalid, bad };
}

describe.skipIf(skip !== undefined)("match and split against Nix 2.8", () => {
  test(`syntax errors of ${Math.round(runs / 10)} token-soup patterns`, () => {
    const patterns = [...new Set(fc.sample(soupPattern, { numRuns: Math.round(runs / 10), seed }))];
    const { valid, invalid, bad } = compareSyntax(patterns);
    console.log(`regex syntax: ${patterns.length} patterns, ${invalid} rejected by Nix, ${valid.length} accepted`);
    expect(bad).toEqual([]);
    expect(invalid).toBeGreaterThan(patterns.length / 3);
  });

  test(`${runs} generated patterns, each with match and split on several subjects`, () => {
    const arb = fc.tuple(structuredPattern(), fc.tuple(subject(), subject(), subject(40)));
    compareCalls(fc.sample(arb, { numRuns: runs, seed: seed + 1 }), 1 / 30);
  });

  test(`${Math.round(runs / 10)} generated patterns on subjects of 100 to 400 bytes`, () => {
    const arb = fc.tuple(structuredPattern(), fc.tuple(subject(400, 100)));
    // Whole-subject matches are rare on long subjects; splits are what this one exercises.
    compareCalls(fc.sample(arb, { numRuns: Math.round(runs / 10), seed: seed + 2 }), 0);
  });
});

/** Runs `match` and `split` of every sample in nixts and in one batched Nix run; all must agree. */
function compareCalls(samples: Array<[string, string[]]>, minMatchShare: number): void {
  const { valid, bad: syntaxBad } = compareSyntax([...new Set(samples.map(([p]) => p))]);
  expect(syntaxBad).toEqual([]);
  const accepted = new Set(valid);
  const exprs: string[] = [];
  const mine: unknown[] = [];
  // The same calls with dead paths pruned from the first step (liveness.ts): must not matter.
  const pruned: unknown[] = [];
  let intractable = 0;
  for (const [p, subjects] of samples) {
    if (!accepted.has(p)) continue;
    for (const s of subjects) {
      if (!tractable(p, s)) {
        intractable++;
        continue;
      }
      exprs.push(`builtins.match ${nixStr(p)} ${nixStr(s)}`);
      mine.push(ours(() => regexMatch(p, s)));
      pruned.push(ours(() => regexMatch(p, s, { pruneAfter: 0 })));
      exprs.push(`builtins.split ${nixStr(p)} ${nixStr(s)}`);
      mine.push(ours(() => regexSplit(p, s) ?? [s]));
      pruned.push(ours(() => regexSplit(p, s, { pruneAfter: 0 }) ?? [s]));
    }
  }
  const r = evalNixListOutcome(exprs);
  expect(r.error).toBeUndefined();
  const differ: string[] = [];
  r.values!.forEach((v, i) => {
    if (JSON.stringify(v) !== JSON.stringify(mine[i])) differ.push(`${exprs[i]}: nix ${JSON.stringify(v)}, ours ${JSON.stringify(mine[i])}`);
    else if (JSON.stringify(v) !== JSON.stringify(pruned[i])) differ.push(`${exprs[i]}: nix ${JSON.stringify(v)}, pruned ${JSON.stringify(pruned[i])}`);
  });
  const matched = r.values!.filter((v, i) => i % 2 === 0 && v !== null).length;
  const splitHits = r.values!.filter((v, i) => i % 2 === 1 && Array.isArray(v) && v.length > 1).length;
  console.log(
    `regex: ${exprs.length} calls (${accepted.size} patterns, ${intractable} exponential cases left out); ` +
      `${matched} matches, ${splitHits} splits that matched; ${differ.length} differ`,
  );
  expect(intractable).toBeLessThan(exprs.length / 100);
  expect(differ.slice(0, 20)).toEqual([]);
  // Both outcomes must be common, or the suite would prove little.
  expect(matched).toBeGreaterThanOrEqual((exprs.length / 2) * minMatchShare);
  expect(splitHits).toBeGreaterThan(exprs.length / 2 / 4);
}
