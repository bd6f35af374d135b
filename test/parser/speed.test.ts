// Speed check on the 15 MB benchmark file (../shared/bench/big-parse.nix, read as latin1):
// logs how long parse() takes (Nix 2.8 needs about 2.5 s) and fails only on a gross regression,
// since shared CI machines are noisy.

import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "../../src/parser/index.js";
import { sharedDir } from "./oracle.js";

const file = path.join(sharedDir, "bench", "big-parse.nix");

(existsSync(file) ? describe : describe.skip)("parser speed", () => {
  it("parses big-parse.nix quickly", () => {
    const text = readFileSync(file, "latin1");
    let best = Infinity;
    for (let i = 0; i < 2; i++) {
      const t0 = performance.now();
      parse(text, { name: file, baseDir: path.dirname(file) });
      best = Math.min(best, performance.now() - t0);
    }
    console.log(`big-parse.nix (${(text.length / 1e6).toFixed(1)} MB): parse ${best.toFixed(0)} ms`);
    expect(best).toBeLessThan(30_000);
  }, 120_000);
});
