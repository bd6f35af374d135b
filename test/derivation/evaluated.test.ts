// The whole pipeline on the derivation corpus: nixts evaluates each expression of
// derivation-cases.ts (derivation builtin, string contexts, path copying, toFile) and must give
// the drvPath, outPath and .drv text that real Nix gives for the same expression: Nix 2.8 in 2.8
// mode, Nix 2.26.3 (writing into its own store) in 2.26 mode.

import { afterAll, describe, expect, test } from "vitest";
import { unparseDerivation } from "../../src/derivation/index.js";
import { EvalState, evaluate, toJS } from "../../src/eval/index.js";
import { nodeHost } from "../../src/node/host-node.js";
import { NIX_VERSIONS } from "../support/oracle.js";
import { cases, prelude } from "./derivation-cases.js";
import { makeFixture, removeFixture } from "./fixtures.js";
import { nixEvalJson, readStoreBytes, skipOracle } from "./oracle.js";

for (const version of NIX_VERSIONS) {
  const skip = skipOracle(version === "2.8" ? "derivations evaluated by nixts" : `derivations evaluated by nixts ${version}`, version);

  describe.skipIf(skip)(`derivation corpus evaluated by nixts vs Nix ${version}`, () => {
    const fx = skip ? undefined : makeFixture();
    afterAll(() => removeFixture(fx));
    const list = `[ ${cases.map((c) => `(${c.expr})`).join("\n")} ]`;
    const expr = (what: string) => `let ${prelude(fx!)} in map (d: ${what}) ${list}`;
    const nixDrvPaths = skip ? [] : (nixEvalJson(expr("d.drvPath"), version) as string[]);
    const nixOutPaths = skip ? [] : (nixEvalJson(expr("d.outPath"), version) as string[]);
    const state = new EvalState(version === "2.8" ? { host: nodeHost() } : { host: nodeHost(), nixVersion: version });
    const ours = skip ? [] : (toJS(state, evaluate(expr("[ d.drvPath d.outPath ]"), { state })) as string[][]);

    test("evaluates every case", () => {
      expect(cases.length).toBeGreaterThanOrEqual(40);
      expect(ours.length).toBe(cases.length);
    });
    test.each(cases.map((c, i) => [c.label, i] as const))("%s", (_label, i) => {
      const [drvPath, outPath] = ours[i]!;
      expect(drvPath).toBe(nixDrvPaths[i]);
      expect(outPath).toBe(nixOutPaths[i]);
      expect(unparseDerivation(state.store.readDerivation(drvPath!))).toBe(readStoreBytes(drvPath!, version));
    });
  });
}
