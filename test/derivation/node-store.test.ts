// End-to-end test of the Node store: nixts instantiates derivations (with a dependency and a
// text source), writes and registers them in the real /nix/store, and real Nix 2.8 builds
// them with `nix-store --realise`. Only paths this test created are deleted afterwards.

import { readFileSync } from "node:fs";
import { afterAll, describe, expect, test } from "vitest";
import { instantiateDerivation, type DerivationInput } from "../../src/derivation/index.js";
import { NodeStore } from "../../src/node/store-node.js";
import { run, skipOracle } from "./oracle.js";
import { nix28 } from "../support/oracle.js";

const skip = skipOracle("Node store build test");
/** No binary cache: the build machine is offline. */
const OFFLINE = ["--option", "substituters", ""];

function mkInput(name: string, args: string[], extra: Partial<DerivationInput> = {}, env: Record<string, string> = {}): DerivationInput {
  const base = { name, system: "x86_64-linux", builder: "/bin/sh" };
  return { ...base, args, env: { ...base, ...env }, inputDrvs: {}, inputSrcs: [], ...extra };
}

describe.skipIf(skip)("NodeStore with real Nix 2.8", () => {
  const created: string[] = [];
  afterAll(() => {
    // Delete what this test created, dependants first; ignore paths still in use.
    for (const p of created.reverse()) {
      try {
        run("nix-store", ["--delete", p]);
      } catch {
        /* still referenced or already gone */
      }
    }
  });

  test("instantiate, register and realise", { timeout: 60_000 }, () => {
    const store = new NodeStore({ nixStore: nix28.bin("nix-store") });
    const nonce = `${process.pid}-${Date.now()}`;
    const dep = instantiateDerivation(mkInput("nixts-dep", ["-c", "echo dep > $out"], {}, { nonce }), store);
    created.push(dep.drvPath);
    const script = store.addTextToStore("nixts-build.sh", `echo hi > $out\nread line < "$dep"; echo "$line" >> $out\n`);
    created.push(script);
    const main = instantiateDerivation(
      mkInput(
        "nixts-hi",
        [script],
        { inputDrvs: { [dep.drvPath]: ["out"] }, inputSrcs: [script] },
        { nonce, dep: dep.outputs.out! },
      ),
      store,
    );
    created.push(main.drvPath);
    expect(store.isValidPath(main.drvPath)).toBe(true);
    expect(run("nix-store", ["--query", "--references", main.drvPath]).split("\n").filter(Boolean).sort()).toEqual(
      [dep.drvPath, script].sort(),
    );
    // Nix reads our .drv back and agrees on its output path.
    expect(run("nix-store", ["--query", "--outputs", main.drvPath]).trim()).toBe(main.outputs.out);
    const out = run("nix-store", [...OFFLINE, "--realise", main.drvPath]).trim();
    created.push(dep.outputs.out!, out);
    expect(out).toBe(main.outputs.out);
    expect(readFileSync(out, "utf8")).toBe("hi\ndep\n");
    // A second store instance reads the registered .drv from disk.
    expect(new NodeStore({ nixStore: nix28.bin("nix-store") }).readDerivation(main.drvPath)).toEqual(main.derivation);
  });

  test("a simple derivation as in the brief", { timeout: 60_000 }, () => {
    const store = new NodeStore({ nixStore: nix28.bin("nix-store") });
    const r = instantiateDerivation(mkInput("nixts-echo-hi", ["-c", "echo hi > $out"], {}, { nonce: `${process.pid}-${Date.now()}` }), store);
    created.push(r.drvPath);
    const out = run("nix-store", [...OFFLINE, "--realise", r.drvPath]).trim();
    created.push(out);
    expect(readFileSync(out, "utf8")).toBe("hi\n");
  });
});
