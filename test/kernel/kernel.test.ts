// The kernel example (examples/kernel) against real Nix, 2.8 and 2.26.3: for default.nix and
// every caller, nixts's drvPath, output paths and the `.drv` text of the derivation and its whole
// input closure must equal what that version's `nix-instantiate` writes (2.26 into its own store),
// nixts running in the same version's mode. Also runs examples/library-usage.ts's main (2.8 mode)
// and checks that its executor received frozen Derivation records.

import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { EvalState, evaluateFile, type Value } from "../../src/eval/index.js";
import { nodeHost } from "../../src/node/host-node.js";
import { parseDerivation, unparseDerivation } from "../../src/derivation/index.js";
import { main as libraryUsageMain, type ExampleResult } from "../../examples/library-usage.js";
import { announceSkip, NIX_VERSIONS, oracle, repoRoot, type NixVersion } from "../support/oracle.js";

const reason = oracle("2.8").skipReason({ nix: true });
announceSkip("kernel example", reason);

const kernelDir = path.join(repoRoot, "examples/kernel");
const cases = ["default.nix", ...readdirSync(path.join(kernelDir, "callers")).filter((f) => f.endsWith(".nix")).sort().map((f) => `callers/${f}`)];

/** Runs a version's nix-instantiate (default 2.8); returns stdout, failing with its stderr. */
function nix(args: string[], cwd = kernelDir, version: NixVersion = "2.8"): string {
  const r = spawnSync(oracle(version).bin("nix-instantiate"), args, { cwd, encoding: "latin1", maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`nix-instantiate ${args.join(" ")} failed:\n${r.stderr}`);
  return r.stdout;
}

/** A .drv file as the version that wrote it holds it (2.26 in a store of its own). */
const readDrv = (p: string, version: NixVersion) => readFileSync(oracle(version).storeFile(p), "latin1");

/** The name part of a `.drv` store path. */
const drvName = (p: string) => path.basename(p).replace(/^[0-9a-z]{32}-/, "").replace(/\.drv$/, "");

/** A .drv path and everything it depends on through inputDrvs, as Nix wrote them. */
function nixClosure(drvPath: string, version: NixVersion, seen = new Set<string>()): Set<string> {
  if (seen.has(drvPath)) return seen;
  seen.add(drvPath);
  const drv = parseDerivation(readDrv(drvPath, version), drvName(drvPath));
  for (const input of Object.keys(drv.inputDrvs)) nixClosure(input, version, seen);
  return seen;
}

for (const version of NIX_VERSIONS) {
  const why = version === "2.8" ? reason : oracle(version).skipReason({ nix: true });
  if (version !== "2.8") announceSkip(`kernel example ${version}`, why);

  describe.skipIf(!!why)(`kernel example: nixts vs Nix ${version}`, () => {
    /** Caller → the .drv path real Nix instantiates it to. */
    const nixDrvPaths = new Map<string, string>();

    beforeAll(() => {
      // One nix-instantiate call for all files: it prints one .drv path per file, in order.
      const lines = nix(cases, kernelDir, version).trim().split("\n");
      expect(lines).toHaveLength(cases.length);
      cases.forEach((c, i) => nixDrvPaths.set(c, lines[i]!));
    });

    for (const c of cases) {
      it(`${c}: drvPath, outPaths and .drv texts equal Nix's`, () => {
        const want = nixDrvPaths.get(c)!;
        const state = new EvalState(version === "2.8" ? { host: nodeHost() } : { host: nodeHost(), nixVersion: version });
        const kernel = state.forceAttrs(evaluateFile(path.join(kernelDir, c), { state }));
        const drvPath = state.forceString(kernel.get("drvPath") as Value);
        expect(drvPath).toBe(want);

        const nixDrv = parseDerivation(readDrv(want, version), drvName(want));
        const outputs = Object.keys(nixDrv.outputs).sort();
        expect(state.forceList(kernel.get("outputs") as Value).map((o) => state.forceString(o)).sort()).toEqual(outputs);
        for (const o of outputs) {
          const outAttrs = state.forceAttrs(kernel.get(o) as Value);
          expect(state.forceString(outAttrs.get("outPath") as Value), `outPath of ${o}`).toBe(nixDrv.outputs[o]!.path);
        }
        expect(state.forceString(kernel.get("outPath") as Value)).toBe(nixDrv.outputs[outputs.includes("out") ? "out" : outputs[0]!]!.path);

        for (const p of nixClosure(want, version)) {
          expect(unparseDerivation(state.store.readDerivation(p)), `.drv text of ${p}`).toBe(readDrv(p, version));
        }
      });
    }

    it("the mini-lib fallback gives the same kernel as nixpkgs' lib", () => {
      expect(nixDrvPaths.get("callers/linux-6-6-mini-lib.nix")).toBe(nixDrvPaths.get("default.nix"));
    });
  });
}

describe.skipIf(!!reason)("examples/library-usage.ts", () => {
  // Run once, from inside the tests, so that an evaluation error fails each of them by name.
  const printed: string[] = [];
  let memo: ExampleResult | undefined;
  const example = (): ExampleResult => (memo ??= libraryUsageMain((line) => printed.push(line)));

  it("evaluates and overrides the kernel as Nix 2.8 does", () => {
    const result = example();
    const base = `(${result.expression})`;
    const overrideJson = JSON.stringify(JSON.stringify(result.overrideArgs)).replace(/\$\{/g, "\\${");
    const out = nix(["--eval", "--strict", "--json", "-E", `[ ${base}.drvPath (${base}.override (builtins.fromJSON ${overrideJson})).drvPath ]`], repoRoot);
    expect(JSON.parse(out)).toEqual([result.drvPath, result.overriddenDrvPath]);
  });

  it("hands frozen Derivation records to the executor", () => {
    const result = example();
    expect(result.plans.map((p) => p.drv.name)).toEqual(["linux-6.1", "linux-6.6"]);
    expect(printed.some((l) => l.startsWith("would build linux-6.1"))).toBe(true);
    for (const { drv, command } of result.plans) {
      expect(command[0]).toBe("/bin/sh");
      expect(Object.isFrozen(drv)).toBe(true);
      for (const part of [drv.env, drv.outputs, drv.inputDrvs, drv.inputSrcs, drv.args, drv.outputs["out"]]) expect(Object.isFrozen(part)).toBe(true);
      const mutable = drv as unknown as { name: string; env: Record<string, string>; args: string[] };
      expect(() => {
        mutable.name = "tampered";
      }).toThrow(TypeError);
      expect(() => {
        mutable.env["version"] = "0.0";
      }).toThrow(TypeError);
      expect(() => mutable.args.push("--evil")).toThrow(TypeError);
      expect(drv.name).not.toBe("tampered");
    }
  });
});
