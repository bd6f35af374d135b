import { it } from "vitest";
import { run } from "/work/main/test/builtins-b/harness.js";
it("smoke", () => {
  for (const e of ['builtins.sort (a: b: true) [3 1 2 5 4]', 'map (x: x * 2) [1 2]', 'builtins.foldl\' (a: b: b) (throw "init") [ 1 ]', 'builtins.tryEval (throw "x")', 'builtins.trace [ 1 (1 + 1) ] 1', 'builtins.genericClosure { startSet = [ { key = 1; } ]; operator = x: if x.key < 5 then [ { key = x.key + 1; } { key = x.key; } ] else []; }', 'builtins.unsafeGetAttrPos "a" { a = 1; }', 'builtins.functionArgs ({ a, b ? 1 }: a)', 'builtins.getAttr 1 (throw "B")'])
    console.log(e, "=>", JSON.stringify(run(e)));
});
