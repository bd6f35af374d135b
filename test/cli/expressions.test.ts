// Whole-language differential: random expressions (test/cli/expression-gen.ts) evaluated by
// nix-instantiate 2.8 and by the nixts CLI under a random choice of --eval flags; stdout,
// stderr and success must be identical for every one. Each case is its own Nix run, since a
// failing expression would stop a batch. EXPR_FUZZ_RUNS / EXPR_FUZZ_SEED widen or move it.

import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";
import { announceSkip, skipReason } from "../support/oracle.js";
import { expression, Rng } from "./expression-gen.js";
import { nix28 } from "../support/oracle.js";

const reason = skipReason();
announceSkip("expression differential", reason);
const runs = Number(process.env["EXPR_FUZZ_RUNS"] ?? 300);
const seed = Number(process.env["EXPR_FUZZ_SEED"] ?? 2811);
const FLAGS = [
  ["--eval"],
  ["--eval", "--strict"],
  ["--eval", "--strict", "--show-trace"],
  ["--eval", "--strict", "--json"],
  ["--eval", "--strict", "--xml"],
];

describe.skipIf(!!reason)("random expressions vs nix-instantiate", () => {
  it(`${runs} expressions (seed ${seed})`, async () => {
    const dir = path.join(tmpdir(), "nixts-expr-fuzz");
    mkdirSync(dir, { recursive: true });
    const rng = new Rng(seed);
    const differ: string[] = [];
    let failing = 0;
    for (let i = 0; i < runs; i++) {
      const e = expression(rng, Number(process.env["EXPR_FUZZ_DEPTH"] ?? 3));
      const flags = rng.pick(FLAGS);
      const argv = [...flags, "-E", e];
      const nix = spawnSync(nix28.bin("nix-instantiate"), argv, { cwd: dir, encoding: "latin1", env: { PATH: process.env["PATH"], HOME: process.env["HOME"] } });
      const ours = await runCli(argv, dir);
      ours.err = ours.err.replace(/^Try 'nixts --help'/m, "Try 'nix-instantiate --help'");
      if (nix.status !== 0) failing++;
      if (ours.out !== nix.stdout || ours.err !== nix.stderr || (ours.code === 0) !== (nix.status === 0))
        differ.push(`${flags.join(" ")} -E '${e}'\n--- nix:\n${nix.stdout}${nix.stderr}--- nixts:\n${ours.out}${ours.err}`);
    }
    console.log(`expressions: ${runs} (${failing} fail in Nix), ${differ.length} differ`);
    if (differ.length > 0 && process.env["EXPR_FUZZ_DUMP"]) writeFileSync(process.env["EXPR_FUZZ_DUMP"], differ.join("\n=====\n"));
    expect(differ.slice(0, 3)).toEqual([]);
    // Both outcomes must be well represented.
    expect(failing).toBeGreaterThan(runs / 10);
    expect(failing).toBeLessThan(runs * 0.9);
  });
});
