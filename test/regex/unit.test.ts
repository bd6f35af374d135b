// Unit tests of src/regex beyond what the Nix differential covers: the literal fast path against
// the general engine, subjects and nestings far beyond the JS stack, the step budget (our guard
// against exponential backtracking) and how the builtins report it.

import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { EvalError } from "../../src/errors.js";
import { regexMatch, regexSplit } from "../../src/eval/builtins/regex.js";
import { compileRegex, matchWhole, MatchList, RegexComplexityError, searchAll, type RegexProgram } from "../../src/regex/index.js";

/** The same program without its literal shortcut, so the NFA executor runs. */
const viaNfa = (p: RegexProgram): RegexProgram => ({ ...p, literal: undefined });
const spans = (ms: MatchList) =>
  Array.from({ length: ms.count }, (_, i) => [
    ms.prefixStart(i),
    ...Array.from({ length: ms.groupCount }, (_, g) => [ms.start(i, g), ms.end(i, g)]).flat(),
  ]);

describe("literal patterns", () => {
  test("the shortcut finds what the executor finds", () => {
    const text = (max: number) => fc.array(fc.constantFrom("a", "b", "]", "}", "-"), { maxLength: max }).map((a) => a.join(""));
    fc.assert(
      fc.property(text(3).filter((s) => s !== ""), text(12), (lit, s) => {
        const p = compileRegex(lit);
        expect(p.literal).toBe(lit);
        expect(spans(searchAll(p, s))).toEqual(spans(searchAll(viaNfa(p), s)));
        expect(matchWhole(p, s)?.spans).toEqual(matchWhole(viaNfa(p), s)?.spans);
      }),
      { numRuns: 500 },
    );
  });

  test("escaped specials are literal text; anything else is not a literal", () => {
    expect(compileRegex("a\\.b\\(").literal).toBe("a.b(");
    for (const re of ["a.b", "a*", "[a]", "(a)", "a|b", "^a", "a{2}", ""]) expect(compileRegex(re).literal).toBeUndefined();
  });
});

describe("beyond the JS stack", () => {
  test("a million-byte subject (Nix 2.8 overflows its stack at this size)", () => {
    const s = "a".repeat(1_000_000);
    expect(regexMatch("(.*)", s)?.[0]?.length).toBe(1_000_000);
    expect(regexSplit("(a)(a)", s)?.length).toBe(1_000_001);
  });

  test("30,000 nested groups compile and match", () => {
    const n = 30_000;
    const re = "(".repeat(n) + "a" + ")".repeat(n);
    const groups = regexMatch(re, "a");
    expect(groups).toHaveLength(n);
    expect(groups!.every((g) => g === "a")).toBe(true);
  });

  test("a 99,990-byte pattern of plain characters", () => {
    const re = "ab".repeat(49_995);
    expect(regexMatch(re, re)).toEqual([]);
    expect(regexMatch(re + ".", re + "x")).toEqual([]);
  });
});

describe("step budget", () => {
  // Every path stays live (each iteration may take either branch), so pruning cannot help.
  const exponential = "(a|a)*";
  const subject = "a".repeat(40);

  test("the executor gives up with RegexComplexityError", () => {
    const p = compileRegex(exponential);
    expect(() => matchWhole(p, subject, { stepLimit: 100_000 })).toThrow(RegexComplexityError);
    expect(() => searchAll(p, subject, { stepLimit: 100_000 })).toThrow(RegexComplexityError);
    expect(matchWhole(p, "aa", { stepLimit: 100_000 })?.spans).toEqual(Int32Array.from([0, 2, 1, 2]));
  });

  test("the builtins report it as an EvalError naming the pattern", () => {
    const options = { stepLimit: 100_000 };
    expect(() => regexMatch(exponential, subject, options)).toThrow(EvalError);
    expect(() => regexSplit(exponential, subject, options)).toThrow(`regular expression '${exponential}' is too complex`);
  });

  test("failing searches are cut short by pruning dead paths", () => {
    // 2^40 paths without pruning; none can reach the `b`.
    expect(regexMatch("(a|a)*b", subject, { stepLimit: 10_000_000 })).toBeNull();
    expect(regexSplit("(a|a)*b", subject, { stepLimit: 10_000_000 })).toBeNull();
    expect(() => regexMatch("(a|a)*b", subject, { stepLimit: 10_000_000, pruneAfter: Infinity })).toThrow(EvalError);
  });
});
