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

    it("evaluates each item on its own when some fail, whatever bytes its strings hold", async () => {
      const items = ['"a"', 'throw "first"', bytes('"é"') + ' + "\xff%"', "1 + true", "{ ${" + nixString("\x80") + "} = [ 1.5 ]; }", 'abort "x"'];
      const got = await o.evalEach(items, { byteSafe: true });
      expect(got.map((r) => r.value)).toEqual(["a", undefined, bytes("é") + "\xff%", undefined, { "\x80": [1.5] }, undefined]);
      expect(got[1]!.error).toBe("first");
      expect(got[3]!.error).toBe("cannot add a Boolean to an integer");
      expect(got[5]!.error).toMatch(/evaluation aborted with the following error message: 'x'/);
      // Non-finite floats, which 2.26's --json prints as null, come back as numbers.
      const floats = await o.evalEach(["1.0e308 * 10", "-1.0e308 * 10", "2.5"], { byteSafe: true });
      expect(floats.map((r) => r.value)).toEqual([Infinity, -Infinity, 2.5]);
    });

    it("has its language tests beside the lang.sh that runs them", () => {
      expect(existsSync(path.join(path.dirname(o.langTestsDir), "lang.sh"))).toBe(true);
      expect(readdirSync(o.langTestsDir).some((f) => f.startsWith("eval-okay-") && f.endsWith(".nix"))).toBe(true);
    });
  });
}
