// Oracle test: for each case in derivation-cases.ts, real Nix (2.8, then 2.26.3 in its own store)
// instantiates the expression; nixts re-instantiates the whole closure (inputs first) from the
// same inputs and must produce the same .drv paths, output paths and ATerm bytes, and against
// Nix 2.8 the same `nix show-derivation` JSON (nixts prints 2.8's; 2.26's `nix derivation show`
// is another format).

import { afterAll, describe, expect, test } from "vitest";
import {
  MemoryStore,
  instantiateDerivation,
  parseDerivation,
  showDerivation,
  unparseDerivation,
  type Derivation,
  type DerivationInput,
} from "../../src/derivation/index.js";
import { cases, prelude } from "./derivation-cases.js";
import { makeFixture, removeFixture } from "./fixtures.js";
import { NIX_VERSIONS, type NixVersion } from "../support/oracle.js";
import { nixEvalJson, nixShowDerivation, readStoreBytes, skipOracle, utf8 } from "./oracle.js";

/** Nix's parsed .drv for a path (read from the store `version` wrote it to). */
function nixDrv(path: string, version: NixVersion): Derivation {
  const name = path.slice(path.indexOf("-") + 1).replace(/\.drv$/, "");
  return parseDerivation(readStoreBytes(path, version), name);
}

/** Reconstructs what the evaluator would pass, from Nix's own derivation. */
export function inputFromNix(drv: Derivation): DerivationInput {
  const structured = Object.prototype.hasOwnProperty.call(drv.env, "__json");
  const attrs: Record<string, unknown> = structured ? JSON.parse(utf8(drv.env.__json!)) : { ...drv.env };
  const outputs: string[] = structured
    ? ((attrs.outputs as string[] | undefined) ?? ["out"])
    : drv.env.outputs !== undefined
      ? drv.env.outputs.split(" ")
      : ["out"];
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(drv.env)) if (!outputs.includes(k)) env[k] = v;
  const fixed = drv.outputs.out !== undefined && drv.outputs.out.hash !== "";
  return {
    name: drv.name,
    system: drv.system,
    builder: drv.builder,
    args: drv.args,
    env,
    outputs,
    fixedOutput: fixed
      ? {
          hashAlgo: (attrs.outputHashAlgo as string | undefined) ?? "",
          hash: attrs.outputHash as string,
          mode: ((attrs.outputHashMode as string | undefined) ?? "flat") as "flat" | "recursive",
        }
      : undefined,
    inputDrvs: drv.inputDrvs,
    inputSrcs: drv.inputSrcs,
    structuredAttrs: structured,
  };
}

/** The closure of a .drv path, inputs before dependants. */
function closure(top: string, version: NixVersion): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (p: string): void => {
    if (seen.has(p)) return;
    seen.add(p);
    for (const i of Object.keys(nixDrv(p, version).inputDrvs)) visit(i);
    order.push(p);
  };
  visit(top);
  return order;
}

for (const version of NIX_VERSIONS) {
  const skip = skipOracle(version === "2.8" ? "derivation oracle tests" : `derivation oracle tests ${version}`, version);

  describe.skipIf(skip)(`derivations against Nix ${version}`, () => {
    const fx = skip ? undefined : makeFixture();
    afterAll(() => removeFixture(fx));
    const drvPaths: string[] = skip
      ? []
      : (nixEvalJson(`let ${prelude(fx!)} in map (d: d.drvPath) [ ${cases.map((c) => `(${c.expr})`).join("\n")} ]`, version) as string[]);
    const ours: Record<string, Derivation> = {};
    // One batched `nix show-derivation` for every case; per case we compare the parsed JSON,
    // and the final test compares the whole output byte for byte.
    const shown: string = skip || version !== "2.8" ? "" : nixShowDerivation(drvPaths);
    const shownJson = skip || version !== "2.8" ? {} : (JSON.parse(utf8(shown)) as Record<string, unknown>);

    test("there are at least 40 cases, all distinct", () => {
      expect(cases.length).toBeGreaterThanOrEqual(40);
      expect(new Set(drvPaths).size).toBe(cases.length);
    });

    test.each(cases.map((c, i) => [c.label, i] as const))("%s", (_label, i) => {
      const top = drvPaths[i]!;
      const store = new MemoryStore();
      const warnings: string[] = [];
      for (const p of closure(top, version)) {
        const theirs = nixDrv(p, version);
        const res = instantiateDerivation(inputFromNix(theirs), store, { warn: (w) => warnings.push(w) });
        expect(res.drvPath).toBe(p);
        expect(unparseDerivation(res.derivation)).toBe(readStoreBytes(p, version));
        const expectedOutputs: Record<string, string> = {};
        for (const [o, v] of Object.entries(theirs.outputs)) expectedOutputs[o] = v.path;
        expect(res.outputs).toEqual(expectedOutputs);
        expect(store.readDerivation(p)).toEqual(theirs);
        if (p === top) ours[p] = res.derivation;
      }
      if (cases[i]!.label === "fixed empty hash")
        expect(warnings).toContain("found empty hash, assuming 'sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='");
      // show-derivation JSON of this one derivation
      if (version === "2.8") expect(JSON.parse(utf8(showDerivation({ [top]: ours[top]! })))).toEqual({ [top]: shownJson[top] });
    });

    if (version === "2.8")
      test("show-derivation of all cases at once", () => {
        expect(Object.keys(ours).length).toBe(cases.length);
        expect(showDerivation(ours)).toBe(shown);
      });
  });
}
