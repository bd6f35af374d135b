// The oracle harness itself, for both pinned versions: each binary is the version it claims to
// be (asked of that Nix, not of PATH), its batched evaluator and string escaper round-trip byte
// strings through real Nix, and its language tests sit where Nix's own lang.sh expects them.

import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { announceSkip, bytes, nixString, oracle, type NixVersion } from "./oracle.js";

for (const version of ["2.8", "2.26"] as NixVersion[]) {
  const o = oracle(version);
  const reason = o.skipReason({ langTests: true });
  announceSkip(`oracle ${version}`, reason);

  describe.skipIf(reason)(`the Nix ${version} oracle`, () => {
    it("is the pinned version, from its own folder", () => {
      expect(o.binDir.startsWith("/") && !o.binDir.startsWith("/usr/")).toBe(true);
      expect(o.evalValues(["builtins.nixVersion"])).toEqual([o.fullVersion]);
    });

    it("round-trips escaped byte strings and reports errors", () => {
      const samples = ['a"b', "back\\slash", "${not interpolated}", "$$", "tab\tcr\rnl\n", bytes("é😀")];
      const got = o.evalValues(samples.map((s) => `builtins.stringLength ${nixString(s)}`));
      expect(got).toEqual(samples.map((s) => Buffer.from(s, "latin1").length));
      const failed = o.evalList(['throw "from the oracle"']);
      expect(failed.error).toMatch(/from the oracle/);
    });

    it("has its language tests beside the lang.sh that runs them", () => {
      expect(existsSync(path.join(path.dirname(o.langTestsDir), "lang.sh"))).toBe(true);
      expect(readdirSync(o.langTestsDir).some((f) => f.startsWith("eval-okay-") && f.endsWith(".nix"))).toBe(true);
    });
  });
}
