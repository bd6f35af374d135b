// Differential suite for `builtins.match` and `builtins.split` against real Nix (libstdc++'s
// std::regex), 2.8 and 2.26.3 (nixts has one regex engine for both): generated patterns and
// subjects, syntax errors first (one oracle run per invalid pattern we reject, one batch for those
// we accept), then every valid case in one batched run. Every case must agree, but for 2.26's
// known differences (known-failures-2.26.txt). REGEX_FUZZ_RUNS / REGEX_FUZZ_SEED widen or move the search.

import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { regexMatch, regexSplit } from "../../src/eval/builtins/regex.js";
import { compileRegex, matchWhole, RegexComplexityError, searchAll } from "../../src/regex/index.js";
import { filterTerminalText, layoutErrorMessage } from "../../src/errors.js";
import { announceSkip, NIX_VERSIONS, oracle, type NixListOutcome, type NixVersion } from "../support/oracle.js";
import { nixString as nixStr } from "../support/oracle.js";
import { KnownPatterns, listedFailures } from "../support/known-failures.js";
import { soupPattern, structuredPattern, subject } from "./arbitraries.js";

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

/** Nix's outcomes of a list of expressions: 2.8 in one batch (failing as a whole), 2.26 each on
 * its own (a failing one as `error: MESSAGE`, strings of any bytes). */
async function nixList(version: NixVersion, exprs: readonly string[]): Promise<NixListOutcome> {
  if (version === "2.8") return oracle(version).evalList(exprs);
  const r = await oracle(version).evalEach(exprs, { byteSafe: true });
  return { values: r.map((x) => (x.error === undefined ? x.value : `error: ${x.error}`)) };
}

/** Nix's outcome for one expression on its own: its value, or `error: MESSAGE`. */
function nixOne(version: NixVersion, expr: string): unknown {
  const r = oracle(version).evalList([expr]);
  return r.error !== undefined ? `error: ${r.error}` : r.values[0];
}

/**
 * Compares which patterns Nix rejects, and with what message, with our compiler. Patterns we
 * reject go to Nix one by one; those we accept go in one batch, which must then succeed.
 * Disagreements go to `differ` (case → both outcomes) as well.
 */
async function compareSyntax(version: NixVersion, patterns: string[], differ: Map<string, string>): Promise<{ valid: string[]; invalid: number; bad: string[] }> {
  const bad: string[] = [];
  const valid: string[] = [];
  const rejected: string[] = [];
  let invalid = 0;
  for (const p of patterns) {
    const mine = ours(() => regexMatch(p, ""));
    if (typeof mine === "string" && mine.startsWith("error: ")) rejected.push(p);
    else valid.push(p);
  }
  // Nix 2.26's runs of the rejected patterns go side by side (evalEach), 2.8's one after another.
  const theirs = version === "2.8" ? rejected.map((p) => nixOne(version, `builtins.match ${nixStr(p)} ""`)) : (await nixList(version, rejected.map((p) => `builtins.match ${nixStr(p)} ""`))).values!;
  rejected.forEach((p, i) => {
    invalid++;
    const mine = ours(() => regexMatch(p, ""));
    if (theirs[i] !== mine) {
      bad.push(`${JSON.stringify(p)}: nix ${JSON.stringify(theirs[i])}, ours ${mine}`);
      differ.set(`builtins.match ${nixStr(p)} ""`, `  nix:   ${JSON.stringify(theirs[i])}\n  nixts: ${JSON.stringify(mine)}`);
    }
  });
  const exprs = valid.map((p) => `builtins.match ${nixStr(p)} ""`);
  const r = await nixList(version, exprs);
  if (r.error !== undefined) bad.push(`Nix rejects a pattern we accept: ${r.error}`);
  else
    r.values.forEach((v, i) => {
      if (typeof v === "string" && v.startsWith("error: ")) {
        bad.push(`Nix rejects a pattern we accept: ${exprs[i]}: ${v}`);
        differ.set(exprs[i]!, `  nix:   ${JSON.stringify(v)}\n  nixts: ${JSON.stringify(ours(() => regexMatch(valid[i]!, "")))}`);
      }
    });
  return { valid, invalid, bad };
}

for (const version of NIX_VERSIONS) {
  const skip = oracle(version).skipReason();
  announceSkip(version === "2.8" ? "regex differential" : `regex differential ${version}`, skip);
  const known = new KnownPatterns(version === "2.8" ? new Set() : listedFailures(`test/regex/known-failures-${version}.txt`));
  /** Every disagreement of the three tests (case → both outcomes), once all have run. */
  const differ = new Map<string, string>();
  let ran = 0;
  /** The disagreements the list does not excuse (2.8: all of them). */
  const unexcused = (bad: string[]) => (version === "2.8" ? bad : known.unlisted(differ));

  describe.skipIf(skip !== undefined)(`match and split against Nix ${version}`, () => {
    test(`syntax errors of ${Math.round(runs / 10)} token-soup patterns`, async () => {
      const patterns = [...new Set(fc.sample(soupPattern, { numRuns: Math.round(runs / 10), seed }))];
      const { valid, invalid, bad } = await compareSyntax(version, patterns, differ);
      ran++;
      console.log(`regex syntax (Nix ${version}): ${patterns.length} patterns, ${invalid} rejected by Nix, ${valid.length} accepted`);
      expect(unexcused(bad)).toEqual([]);
      expect(invalid).toBeGreaterThan(patterns.length / 3);
    });

    test(`${runs} generated patterns, each with match and split on several subjects`, async () => {
      const arb = fc.tuple(structuredPattern(), fc.tuple(subject(), subject(), subject(40)));
      await compareCalls(version, fc.sample(arb, { numRuns: runs, seed: seed + 1 }), 1 / 30, differ, unexcused);
      ran++;
    });

    test(`${Math.round(runs / 10)} generated patterns on subjects of 100 to 400 bytes`, async () => {
      const arb = fc.tuple(structuredPattern(), fc.tuple(subject(400, 100)));
      // Whole-subject matches are rare on long subjects; splits are what this one exercises.
      await compareCalls(version, fc.sample(arb, { numRuns: Math.round(runs / 10), seed: seed + 2 }), 0, differ, unexcused);
      ran++;
    });

    // Each listed pattern: an expected failure while nixts still disagrees on a case it matches.
    known.declare(() => (ran === 3 ? differ : undefined));
  });
}

/** Runs `match` and `split` of every sample in nixts and in one batched Nix run; all must agree. */
async function compareCalls(
  version: NixVersion,
  samples: Array<[string, string[]]>,
  minMatchShare: number,
  disagreements: Map<string, string>,
  unexcused: (bad: string[]) => string[],
): Promise<void> {
  const { valid, bad: syntaxBad } = await compareSyntax(version, [...new Set(samples.map(([p]) => p))], disagreements);
  expect(unexcused(syntaxBad)).toEqual([]);
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
  const r = await nixList(version, exprs);
  expect(r.error).toBeUndefined();
  const differ: string[] = [];
  r.values!.forEach((v, i) => {
    if (JSON.stringify(v) !== JSON.stringify(mine[i])) {
      differ.push(`${exprs[i]}: nix ${JSON.stringify(v)}, ours ${JSON.stringify(mine[i])}`);
      disagreements.set(exprs[i]!, `  nix:   ${JSON.stringify(v)}\n  nixts: ${JSON.stringify(mine[i])}`);
    } else if (JSON.stringify(v) !== JSON.stringify(pruned[i])) {
      differ.push(`${exprs[i]}: nix ${JSON.stringify(v)}, pruned ${JSON.stringify(pruned[i])}`);
      disagreements.set(exprs[i]!, `  nix:   ${JSON.stringify(v)}\n  pruned: ${JSON.stringify(pruned[i])}`);
    }
  });
  const matched = r.values!.filter((v, i) => i % 2 === 0 && v !== null).length;
  const splitHits = r.values!.filter((v, i) => i % 2 === 1 && Array.isArray(v) && v.length > 1).length;
  console.log(
    `regex (Nix ${version}): ${exprs.length} calls (${accepted.size} patterns, ${intractable} exponential cases left out); ` +
      `${matched} matches, ${splitHits} splits that matched; ${differ.length} differ`,
  );
  expect(intractable).toBeLessThan(exprs.length / 100);
  expect(unexcused(differ).slice(0, 20)).toEqual([]);
  // Both outcomes must be common, or the suite would prove little.
  expect(matched).toBeGreaterThanOrEqual((exprs.length / 2) * minMatchShare);
  expect(splitHits).toBeGreaterThan(exprs.length / 2 / 4);
}
