// Differential suite: tens of thousands of generated cases, each evaluated by nixts and by real
// Nix 2.8 in ONE batched `nix-instantiate --eval --strict --json` call per kind, with a fixed
// fast-check seed so failures reproduce. Zero disagreements allowed. Skipped (with a message)
// only when nix-instantiate is missing outside CI.

import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { compareVersions, parseDrvName, splitVersion, versionAtLeast, versionOlder, versions } from "../../src/versions/index.js";
import { adversarialVersion, drvName, versionPair, versionString } from "../../src/versions/arbitraries.js";
import { COMPARE_GOLDEN, DRVNAME_GOLDEN, SPLIT_GOLDEN } from "./golden-cases.js";
import { announceSkip, evalNix, nixList, nixString as q, skipReason } from "./nix-oracle.js";

announceSkip("version differential", skipReason);

/** Fixed seed: the same cases on every run. */
const SEED = 0x5eed_2008;
const TIMEOUT = 120_000;

/** Versions chosen to hit every rule; all pairs of them are compared. */
const TRICKY = [
  "", ".", "-", "..", "pre", "1", "1.", "1.0", "1-0", "1_0", "01", "001.0", "1pre", "1.pre", "1pre1",
  "1.0pre", "1a", "1.a", "1A", "1_", "1+", "1~", "1.0.0", "1.0a", "1.0-rc1", "1.0rc1", "1.0.1",
  "2", "2.0", "10", "a", "b", "B", "_", "PRE", "prerelease", "2147483646", "2147483647",
  "2147483648", "02147483647", "4294967296", "9223372036854775808", "99999999999999999999",
  "1.2147483648", "1.2147483647", "1.a.1", "1.a.pre", "1.2.3-beta.4", "6.1-rc8", "6.1",
  "2.3pre1", "2.3", "\u00ff", "1\u0080", "1 2", "x$y", "a\"b", "a\\b", "1\n2", "${x}",
];

const summary: string[] = [];
let totalCases = 0;
afterAll(() => {
  if (summary.length > 0) {
    console.log(`[differential] ${totalCases} cases vs Nix 2.8, seed ${SEED}:\n  ${summary.join("\n  ")}`);
  }
});

function sample<T>(arb: fc.Arbitrary<T>, numRuns: number, salt: number): T[] {
  return fc.sample(arb, { seed: SEED + salt, numRuns });
}

/**
 * Evaluates all `exprs` in one Nix call, computes `ours` for every input and returns the
 * disagreements (input, Nix's value, ours), at most `limit` of them.
 */
function differential<I>(
  kind: string,
  inputs: readonly I[],
  toNix: (input: I) => string,
  ours: (input: I) => unknown,
  withLib = false,
): { input: I; nix: unknown; ours: unknown }[] {
  const start = performance.now();
  const nix = evalNix(nixList(inputs.map(toNix)), { withLib }) as unknown[];
  const nixMs = performance.now() - start;
  expect(nix).toHaveLength(inputs.length);
  const bad: { input: I; nix: unknown; ours: unknown }[] = [];
  inputs.forEach((input, i) => {
    const mine = ours(input);
    if (JSON.stringify(mine) !== JSON.stringify(nix[i])) bad.push({ input, nix: nix[i], ours: mine });
  });
  const ms = performance.now() - start;
  totalCases += inputs.length;
  summary.push(
    `${kind}: ${inputs.length} cases, ${bad.length} disagreements, ${ms.toFixed(0)} ms (Nix ${nixMs.toFixed(0)} ms)`,
  );
  return bad.slice(0, 20);
}

/** Runs `f`, turning a thrown EvalError into `null` (the guard Nix applies for these cases). */
function orNull<T>(f: () => T): T | null {
  try {
    return f();
  } catch {
    return null;
  }
}

describe.skipIf(skipReason !== undefined)("differential against real Nix 2.8", () => {
  it("builtins.compareVersions: 30,000 generated pairs + all pairs of tricky versions + golden", { timeout: TIMEOUT }, () => {
    const pairs: [string, string][] = [
      ...sample(versionPair(), 30_000, 1),
      ...TRICKY.flatMap((a) => TRICKY.map((b): [string, string] => [a, b])),
      ...COMPARE_GOLDEN.map(([a, b]): [string, string] => [a, b]),
    ];
    const bad = differential(
      "compareVersions",
      pairs,
      ([a, b]) => `builtins.compareVersions ${q(a)} ${q(b)}`,
      ([a, b]) => compareVersions(a, b),
    );
    expect(bad).toEqual([]);
  });

  it("builtins.splitVersion: 10,000 generated versions", { timeout: TIMEOUT }, () => {
    const vs = [...sample(versionString(), 10_000, 2), ...TRICKY, ...SPLIT_GOLDEN.map(([v]) => v)];
    const bad = differential("splitVersion", vs, (v) => `builtins.splitVersion ${q(v)}`, splitVersion);
    expect(bad).toEqual([]);
  });

  it("builtins.parseDrvName: 10,000 generated names", { timeout: TIMEOUT }, () => {
    const names = [...sample(drvName(), 10_000, 3), ...TRICKY, ...DRVNAME_GOLDEN.map(([s]) => s)];
    const bad = differential(
      "parseDrvName",
      names,
      (s) => `builtins.parseDrvName ${q(s)}`,
      (s) => {
        const { name, version } = parseDrvName(s);
        return { name, version };
      },
    );
    expect(bad).toEqual([]);
  });

  it("lib.versionOlder and lib.versionAtLeast: 5,000 pairs each", { timeout: TIMEOUT }, () => {
    const pairs = sample(versionPair(), 5_000, 4);
    const older = differential(
      "lib.versionOlder",
      pairs,
      ([a, b]) => `lib.versionOlder ${q(a)} ${q(b)}`,
      ([a, b]) => versionOlder(a, b),
      true,
    );
    const atLeast = differential(
      "lib.versionAtLeast",
      sample(versionPair(), 5_000, 5),
      ([a, b]) => `lib.versionAtLeast ${q(a)} ${q(b)}`,
      ([a, b]) => versionAtLeast(a, b),
      true,
    );
    expect({ older, atLeast }).toEqual({ older: [], atLeast: [] });
  });

  it("lib.versions.pad: 5,000 (n, version) cases", { timeout: TIMEOUT }, () => {
    const cases = sample(fc.tuple(fc.nat(6), versionString()), 5_000, 6);
    const bad = differential(
      "lib.versions.pad",
      cases,
      ([n, v]) => `lib.versions.pad ${n} ${q(v)}`,
      ([n, v]) => versions.pad(n, v),
      true,
    );
    expect(bad).toEqual([]);
  });

  it("lib.versions.major/minor/patch/majorMinor: 4 x 3,000 versions", { timeout: TIMEOUT }, () => {
    // elemAt out of bounds is not catchable by tryEval, so Nix guards by component count and
    // yields null; ours must throw exactly then.
    const fns = [
      ["major", 0, versions.major],
      ["minor", 1, versions.minor],
      ["patch", 2, versions.patch],
      ["majorMinor", -1, versions.majorMinor],
    ] as const;
    const all: Record<string, unknown[]> = {};
    fns.forEach(([fn, index, f], k) => {
      const vs = [...sample(fc.oneof(versionString(), adversarialVersion({ maxFragments: 3 })), 3_000, 7 + k), ...TRICKY];
      all[fn] = differential(
        `lib.versions.${fn}`,
        vs,
        (v) => `let v = ${q(v)}; in if builtins.length (builtins.splitVersion v) > ${index} then lib.versions.${fn} v else null`,
        (v) => orNull(() => f(v)),
        true,
      );
    });
    expect(all).toEqual({ major: [], minor: [], patch: [], majorMinor: [] });
  });
});

if (skipReason !== undefined) {
  describe("differential against real Nix 2.8", () => {
    it.skip(`skipped: ${skipReason}`, () => {});
  });
}
