// The builtin index: nixts defines exactly Nix 2.8's builtins (`builtins.attrNames builtins`
// compared with real Nix), each once, each with a doc line, and the top-level names Nix binds.

import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { builtinDefinitions, BUILTIN_GROUPS } from "../../src/eval/builtins/index.js";
import { evaluate, EvalState, toJS } from "../../src/eval/index.js";
import { announceSkip, skipReason } from "../support/oracle.js";

const reason = skipReason();
announceSkip("builtins index", reason);

describe("builtin index", () => {
  it.skipIf(!!reason)("lists exactly the builtins of Nix 2.8", () => {
    const nix = JSON.parse(execFileSync("nix-instantiate", ["--eval", "--json", "-E", "builtins.attrNames builtins"], { encoding: "utf8" }));
    const state = new EvalState();
    expect(toJS(state, evaluate("builtins.attrNames builtins", { state }))).toEqual(nix);
  });
  it.skipIf(!!reason)("binds the same top-level names as Nix 2.8", () => {
    const names = ["abort", "baseNameOf", "derivation", "import", "map", "removeAttrs", "throw", "toString", "fetchTarball", "scopedImport", "placeholder", "isNull", "__add", "__foldl'"];
    const expr = `[ ${names.map((n) => `(builtins.typeOf ${n})`).join(" ")} ]`;
    const nix = JSON.parse(execFileSync("nix-instantiate", ["--eval", "--strict", "--json", "-E", expr], { encoding: "utf8" }));
    const state = new EvalState();
    expect(toJS(state, evaluate(expr, { state }))).toEqual(nix);
  });
  it("defines each builtin once, in one group, with a doc line", () => {
    const defs = builtinDefinitions();
    let count = 0;
    for (const group of Object.values(BUILTIN_GROUPS)) count += group.length;
    expect(defs.size).toBe(count);
    for (const d of defs.values()) expect(d.doc.length).toBeGreaterThan(5);
  });
});
