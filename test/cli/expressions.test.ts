// Whole-language differential: random expressions (test/cli/expression-gen.ts) evaluated by
// nix-instantiate and by the nixts CLI under a random choice of --eval flags, Nix 2.8 against
// 2.8 mode and Nix 2.26.3 against `--nix-version 2.26`; stdout, stderr and success must be
// identical for every one (2.26 mode's known differences: known-failures-2.26.txt). Each case is
// its own Nix run, since a failing expression would stop a batch. EXPR_FUZZ_RUNS / EXPR_FUZZ_SEED widen or move it.

import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { KnownPatterns, listedFailures } from "../support/known-failures.js";
import { announceSkip, NIX_VERSIONS, oracle } from "../support/oracle.js";
import { expression, Rng } from "./expression-gen.js";

const runs = Number(process.env["EXPR_FUZZ_RUNS"] ?? 300);
const seed = Number(process.env["EXPR_FUZZ_SEED"] ?? 2811);
const FLAGS = [
  ["--eval"],
  ["--eval", "--strict"],
  ["--eval", "--strict", "--show-trace"],
  ["--eval", "--strict", "--json"],
  ["--eval", "--strict", "--xml"],
];

for (const version of NIX_VERSIONS) {
  const nix = oracle(version);
  const reason = nix.skipReason();
  announceSkip(version === "2.8" ? "expression differential" : `expression differential ${version}`, reason);
  const known = new KnownPatterns(version === "2.8" ? new Set() : listedFailures(`test/cli/known-failures-${version}.txt`));
  /** Every case on which the two differ (case → both outputs), once the run is over. */
  let differences: Map<string, string> | undefined;

  describe.skipIf(!!reason)(version === "2.8" ? "random expressions vs nix-instantiate" : `random expressions vs nix-instantiate ${version}`, () => {
    it(`${runs} expressions (seed ${seed})`, async () => {
      const dir = path.join(tmpdir(), "nixts-expr-fuzz");
      mkdirSync(dir, { recursive: true });
      const rng = new Rng(seed);
      const differ = new Map<string, string>();
      let failing = 0;
      const env = { PATH: process.env["PATH"], HOME: process.env["HOME"], ...nix.evalEnv };
      const v = version === "2.8" ? [] : ["--nix-version", version];
      for (let i = 0; i < runs; i++) {
        const e = expression(rng, Number(process.env["EXPR_FUZZ_DEPTH"] ?? 3));
        const flags = rng.pick(FLAGS);
        const argv = [...flags, "-E", e];
        const theirs = spawnSync(nix.bin("nix-instantiate"), argv, { cwd: dir, encoding: "latin1", env });
        const ours = await runCli([...v, ...argv], dir, { ...nix.evalEnv });
        ours.err = ours.err.replace(/^Try 'nixts --help'/m, "Try 'nix-instantiate --help'");
        if (theirs.status !== 0) failing++;
        if (ours.out !== theirs.stdout || ours.err !== theirs.stderr || (ours.code === 0) !== (theirs.status === 0))
          differ.set(`${flags.join(" ")} -E '${e}'`, `--- nix:\n${theirs.stdout}${theirs.stderr}--- nixts:\n${ours.out}${ours.err}`);
      }
      differences = differ;
      console.log(`expressions (Nix ${version}): ${runs} (${failing} fail in Nix), ${differ.size} differ`);
      const listed = [...differ].map(([k, d]) => `${k}\n${d}`);
      if (differ.size > 0 && process.env["EXPR_FUZZ_DUMP"]) writeFileSync(`${process.env["EXPR_FUZZ_DUMP"]}-${version}`, listed.join("\n=====\n"));
      expect(version === "2.8" ? listed.slice(0, 3) : known.unlisted(differ).slice(0, 3)).toEqual([]);
      // Both outcomes must be well represented.
      expect(failing).toBeGreaterThan(runs / 10);
      expect(failing).toBeLessThan(runs * 0.9);
    });

    // Each listed pattern: an expected failure while nixts still differs on a case it matches.
    known.declare(() => differences);
  });
}
