// The builtin index: under each version nixts defines exactly that Nix's builtins
// (`builtins.attrNames builtins` compared with real Nix 2.8 and 2.26) and binds the top-level
// names it binds; each builtin is defined once, with a doc line.

import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { builtinDefinitions, BUILTIN_GROUPS } from "../../src/eval/builtins/index.js";
import { evaluate, EvalState, toJS } from "../../src/eval/index.js";
import { announceSkip, oracle, repoRoot } from "../support/oracle.js";
import { globalScopeOf } from "../../src/parser/global-names.js";

describe.each(["2.8", "2.26"] as const)("builtin index of Nix %s", (version) => {
  const nix = oracle(version);
  const reason = nix.skipReason();
  announceSkip(`builtins index ${version}`, reason);
  const attrNames = (): string[] => JSON.parse(execFileSync(nix.bin("nix-instantiate"), ["--eval", "--json", "-E", "builtins.attrNames builtins"], { encoding: "utf8" }));
  it.skipIf(!!reason)(`lists exactly the builtins of Nix ${version}`, () => {
    const state = new EvalState({ nixVersion: version });
    expect(toJS(state, evaluate("builtins.attrNames builtins", { state }))).toEqual(attrNames());
  });
  it.skipIf(!!reason)(`binds the same top-level names as Nix ${version}`, () => {
    const names = ["abort", "baseNameOf", "derivation", "import", "map", "removeAttrs", "throw", "toString", "fetchTarball", "scopedImport", "placeholder", "isNull", "__add", "__foldl'"];
    const expr = `[ ${names.map((n) => `(builtins.typeOf ${n})`).join(" ")} ]`;
    const want = JSON.parse(execFileSync(nix.bin("nix-instantiate"), ["--eval", "--strict", "--json", "-E", expr], { encoding: "utf8" }));
    const state = new EvalState({ nixVersion: version });
    expect(toJS(state, evaluate(expr, { state }))).toEqual(want);
  });
  it.skipIf(!!reason)(`binds at top level exactly the names Nix ${version} binds, plain and with __`, () => {
    // Every name either version has, so that one missing from this version is checked too.
    const names = [...new Set([...attrNames(), ...globalScopeOf("2.8").builtinNames, ...globalScopeOf("2.26").builtinNames])];
    const forms = names.flatMap((n) => [n, `__${n}`]).filter((n) => /^[A-Za-z_][A-Za-z0-9_'-]*$/.test(n));
    const boundInNix = (n: string): boolean => {
      try {
        execFileSync(nix.bin("nix-instantiate"), ["--parse", "-E", n], { stdio: "pipe" });
        return true;
      } catch {
        return false;
      }
    };
    const state = new EvalState({ nixVersion: version });
    const boundInNixts = (n: string): boolean => {
      try {
        evaluate(`let f = _: ${n}; in 1`, { state });
        return true;
      } catch {
        return false;
      }
    };
    const bound = forms.filter(boundInNix);
    expect(bound.length).toBeGreaterThan(100);
    expect(forms.filter(boundInNixts)).toEqual(bound);
  }, 60_000);
});

describe("builtin index", () => {
  it("defines each builtin of each version once (versions of one in one group), with a doc line", () => {
    const all = Object.values(BUILTIN_GROUPS).flat();
    for (const version of ["2.8", "2.26"] as const) {
      // builtinDefinitions throws on a second definition for the same version.
      const defs = builtinDefinitions(version);
      // Every builtin of the version's table has a definition (the table decides which it binds).
      expect(globalScopeOf(version).builtinNames.filter((n) => n !== "builtins" && !defs.has(n))).toEqual([]);
      expect(all.filter((d) => d.versions === undefined || d.versions.includes(version)).length).toBe(defs.size);
    }
    for (const [group, defs] of Object.entries(BUILTIN_GROUPS))
      for (const d of defs) {
        expect(d.doc.length, d.name).toBeGreaterThan(5);
        // A builtin's per-version definitions live side by side in one group.
        const elsewhere = Object.entries(BUILTIN_GROUPS).filter(([g, ds]) => g !== group && ds.some((x) => x.name === d.name));
        expect(elsewhere.map(([g]) => g), d.name).toEqual([]);
      }
  });
  it("has a golden error case (an .err made by real Nix 2.8) naming each of Nix 2.8's builtins", () => {
    const sources: string[] = [];
    const walk = (d: string): void => {
      for (const e of readdirSync(d)) {
        const p = path.join(d, e);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith(".err") && !p.endsWith(".2.26.err")) sources.push(readFileSync(p.slice(0, -4) + ".nix", "utf8"));
      }
    };
    walk(path.join(repoRoot, "test/golden"));
    const word = (n: string) => new RegExp(`(^|[^A-Za-z0-9_'-])${n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^A-Za-z0-9_'-])`);
    // Nix 2.26's additions are checked against Nix 2.26 in modern-builtins.test.ts.
    const missing = globalScopeOf("2.8").builtinNames.filter((n) => n !== "builtins" && !sources.some((t) => word(n).test(t)));
    expect(missing).toEqual([]);
  });
});
