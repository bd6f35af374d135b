// Runs the golden cases of this group (test/golden/{attrs,lists,arithmetic,type-checks,control})
// through nixts with the group's tables injected (see harness.ts) and compares with the outputs
// real Nix 2.8 gave (`X.exp`, or the first error line in `X.err`), byte for byte.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { run } from "./harness.js";

const goldenRoot = path.resolve(fileURLToPath(new URL("../golden", import.meta.url)));
const GROUPS = ["attrs", "lists", "arithmetic", "type-checks", "control"];

for (const group of GROUPS) {
  const dir = path.join(goldenRoot, group);
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".nix")).sort() : [];
  describe(`golden ${group}`, () => {
    it("has cases", () => expect(files.length).toBeGreaterThan(0));
    for (const f of files) {
      it(f, () => {
        const file = path.join(dir, f);
        const stem = file.slice(0, -4);
        const text = readFileSync(file, "latin1");
        const r = run(text, { name: file, baseDir: dir, strict: !f.endsWith(".lazy.nix") });
        if (existsSync(stem + ".exp")) {
          expect(r.err).toBeUndefined();
          expect(r.out + "\n").toBe(readFileSync(stem + ".exp", "latin1"));
        } else {
          expect(r.err + "\n").toBe(readFileSync(stem + ".err", "latin1"));
        }
      });
    }
  });
}
