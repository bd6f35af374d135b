// The exported arbitraries: they produce byte strings (chars 0x01-0xFF, never NUL), their
// component generators produce single components, and together they cover the cases that
// matter for Nix's order (leading zeros, `pre`, numbers past 32 and 64 bits, odd separators).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitVersion } from "../../src/versions/index.js";
import { adversarialVersion, drvName, realisticVersion, versionComponent, versionNumber, versionPair, versionString, versionWord } from "../../src/versions/arbitraries.js";

const SEED = 0xa4b_2008;
const take = <T>(arb: fc.Arbitrary<T>, n = 5000) => fc.sample(arb, { seed: SEED, numRuns: n });
// eslint-disable-next-line no-control-regex -- control bytes are matched on purpose
const isByteString = (s: string) => /^[\x01-\xff]*$/.test(s);

describe("arbitraries", () => {
  it("produce byte strings without NUL", () => {
    for (const arb of [versionString(), adversarialVersion(), realisticVersion(), drvName()]) {
      for (const s of take(arb)) expect(isByteString(s)).toBe(true);
    }
    for (const [a, b] of take(versionPair())) expect(isByteString(a) && isByteString(b)).toBe(true);
  });

  it("versionComponent yields exactly one component; numbers are digits, words have none", () => {
    for (const c of take(versionComponent())) expect(splitVersion(c)).toEqual([c]);
    for (const n of take(versionNumber())) expect(n).toMatch(/^[0-9]+$/);
    for (const w of take(versionWord())) expect(w).not.toMatch(/[0-9.-]/);
  });

  it("rawBytes: false keeps adversarial versions to printable ASCII", () => {
    for (const s of take(adversarialVersion({ rawBytes: false }))) expect(s).toMatch(/^[\x20-\x7e]*$/);
  });

  it("cover the interesting cases", () => {
    const all = [...take(versionString(), 10_000), ...take(drvName(), 2000)];
    const comps = all.flatMap(splitVersion);
    const has = (p: (s: string) => boolean, of: readonly string[]) => of.filter(p).length;
    const coverage = {
      empty: has((s) => s === "", all),
      onlySeparators: has((s) => s !== "" && /^[.-]+$/.test(s), all),
      doubleSeparator: has((s) => /[.-]{2}/.test(s), all),
      underscore: has((s) => s.includes("_"), all),
      pre: has((c) => c === "pre", comps),
      rc: has((s) => /rc[0-9]/.test(s), all),
      alpha: has((c) => c === "alpha", comps),
      leadingZero: has((c) => /^0[0-9]/.test(c), comps),
      intLimit: has((c) => c === "2147483647", comps),
      past32Bits: has((c) => /^[0-9]+$/.test(c) && BigInt(c) > 2n ** 32n, comps),
      past64Bits: has((c) => /^[0-9]+$/.test(c) && BigInt(c) > 2n ** 64n, comps),
      highByte: has((s) => /[\x80-\xff]/.test(s), all),
      // eslint-disable-next-line no-control-regex -- control bytes are matched on purpose
      controlByte: has((s) => /[\x01-\x1f]/.test(s), all),
      nixSpecials: has((s) => /[\\"$]/.test(s), all),
    };
    for (const [what, count] of Object.entries(coverage)) expect({ what, count: count > 5 }).toEqual({ what, count: true });
  });
});
