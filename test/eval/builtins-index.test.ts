// The builtin index: nixts defines exactly Nix 2.8's builtins (`builtins.attrNames builtins`
// compared with real Nix), each once, each with a doc line, and the top-level names Nix binds.

import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { builtinDefinitions, BUILTIN_GROUPS } from "../../src/eval/builtins/index.js";
import { evaluate, EvalState, toJS } from "../../src/eval/index.js";
import { announceSkip, repoRoot, skipReason } from "../support/oracle.js";
import { nix28 } from "../support/oracle.js";

const reason = skipReason();
announceSkip("builtins index", reason);

describe("builtin index", () => {
  it.skipIf(!!reason)("lists exactly the builtins of Nix 2.8", () => {
    const nix = JSON.parse(execFileSync(nix28.bin("nix-instantiate"), ["--eval", "--json", "-E", "builtins.attrNames builtins"], { encoding: "utf8" }));
    const state = new EvalState();
    expect(toJS(state, evaluate("builtins.attrNames builtins", { state }))).toEqual(nix);
  });
  it.skipIf(!!reason)("binds the same top-level names as Nix 2.8", () => {
    const names = ["abort", "baseNameOf", "derivation", "import", "map", "removeAttrs", "throw", "toString", "fetchTarball", "scopedImport", "placeholder", "isNull", "__add", "__foldl'"];
    const expr = `[ ${names.map((n) => `(builtins.typeOf ${n})`).join(" ")} ]`;
    const nix = JSON.parse(execFileSync(nix28.bin("nix-instantiate"), ["--eval", "--strict", "--json", "-E", expr], { encoding: "utf8" }));
    const state = new EvalState();
    expect(toJS(state, evaluate(expr, { state }))).toEqual(nix);
  });
  it.skipIf(!!reason)("binds at top level exactly the names Nix 2.8 binds, plain and with __", () => {
    const names: string[] = JSON.parse(execFileSync(nix28.bin("nix-instantiate"), ["--eval", "--json", "-E", "builtins.attrNames builtins"], { encoding: "utf8" }));
    const forms = names.flatMap((n) => [n, `__${n}`]).filter((n) => /^[A-Za-z_][A-Za-z0-9_'-]*$/.test(n));
    const boundInNix = (n: string): boolean => {
      try {
        execFileSync(nix28.bin("nix-instantiate"), ["--parse", "-E", n], { stdio: "pipe" });
        return true;
      } catch {
        return false;
      }
    };
    const state = new EvalState();
    const boundInNixts = (n: string): boolean => {
      try {
        evaluate(`let f = _: ${n}; in 1`, { state });
        return true;
      } catch {
        return false;
      }
    };
    const nix = forms.filter(boundInNix);
    expect(nix.length).toBeGreaterThan(100);
    expect(forms.filter(boundInNixts)).toEqual(nix);
  }, 60_000);
  it("defines each builtin once, in one group, with a doc line", () => {
    const defs = builtinDefinitions();
    let count = 0;
    for (const group of Object.values(BUILTIN_GROUPS)) count += group.length;
    expect(defs.size).toBe(count);
    for (const d of defs.values()) expect(d.doc.length).toBeGreaterThan(5);
  });
  it("has a golden error case (an .err made by real Nix) naming each builtin", () => {
    const sources: string[] = [];
    const walk = (d: string): void => {
      for (const e of readdirSync(d)) {
        const p = path.join(d, e);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith(".err")) sources.push(readFileSync(p.slice(0, -4) + ".nix", "utf8"));
      }
    };
    walk(path.join(repoRoot, "test/golden"));
    const word = (n: string) => new RegExp(`(^|[^A-Za-z0-9_'-])${n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^A-Za-z0-9_'-])`);
    const missing = [...builtinDefinitions().keys()].filter((n) => !sources.some((t) => word(n).test(t)));
    expect(missing).toEqual([]);
  });
});
