// The whole pipeline on the derivation corpus: nixts evaluates each expression of
// derivation-cases.ts (derivation builtin, string contexts, path copying, toFile) and must give
// the drvPath, outPath and .drv text that real Nix 2.8 gives for the same expression.

import { afterAll, describe, expect, test } from "vitest";
import { unparseDerivation } from "../../src/derivation/index.js";
import { EvalState, evaluate, toJS } from "../../src/eval/index.js";
import { nodeHost } from "../../src/node/host-node.js";
import { cases, prelude } from "./derivation-cases.js";
import { makeFixture, removeFixture } from "./fixtures.js";
import { nixEvalJson, readBytes, skipOracle } from "./oracle.js";

const skip = skipOracle("derivations evaluated by nixts");

describe.skipIf(skip)("derivation corpus evaluated by nixts vs Nix 2.8", () => {
  const fx = skip ? undefined : makeFixture();
  afterAll(() => removeFixture(fx));
  const list = `[ ${cases.map((c) => `(${c.expr})`).join("\n")} ]`;
  const expr = (what: string) => `let ${prelude(fx!)} in map (d: ${what}) ${list}`;
  const nixDrvPaths = skip ? [] : (nixEvalJson(expr("d.drvPath")) as string[]);
  const nixOutPaths = skip ? [] : (nixEvalJson(expr("d.outPath")) as string[]);
  const state = new EvalState({ host: nodeHost() });
  const ours = skip ? [] : (toJS(state, evaluate(expr("[ d.drvPath d.outPath ]"), { state })) as string[][]);

  test("evaluates every case", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(ours.length).toBe(cases.length);
  });
  test.each(cases.map((c, i) => [c.label, i] as const))("%s", (_label, i) => {
    const [drvPath, outPath] = ours[i]!;
    expect(drvPath).toBe(nixDrvPaths[i]);
    expect(outPath).toBe(nixOutPaths[i]);
    expect(unparseDerivation(state.store.readDerivation(drvPath!))).toBe(readBytes(drvPath!));
  });
});
