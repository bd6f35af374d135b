// Golden tests: every test/golden/**/X.nix is evaluated by nixts exactly as
// scripts/accept-golden.mjs ran real Nix 2.8 on it (from its folder, same flags by file name) and
// must print X.exp byte for byte, or fail printing X.err (all of stderr). Regenerate with
// `npm run accept` (needs Nix).

import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./support/cli.js";
import { repoRoot } from "./support/oracle.js";

const goldenDir = path.join(repoRoot, "test/golden");

function collect(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir).sort()) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) collect(p, out);
    else if (p.endsWith(".nix") && !p.includes("/lib/")) out.push(p);
  }
  return out;
}

/** The same flags as scripts/accept-golden.mjs. */
function flagsFor(file: string): string[] {
  const flags = ["--eval"];
  if (!file.endsWith(".lazy.nix")) flags.push("--strict");
  if (file.endsWith(".json.nix")) flags.push("--json");
  if (file.endsWith(".xml.nix")) flags.push("--xml", "--no-location");
  return flags;
}

/** Runs the CLI on a case from its folder, with the environment accept-golden.mjs gave Nix. */
const run = (file: string) => runCli([...flagsFor(file), path.basename(file)], path.dirname(file), { TEST_VAR: "foo", NIX_PATH: "" });

const files = existsSync(goldenDir) ? collect(goldenDir) : [];
const groups = new Map<string, string[]>();
for (const f of files) {
  const g = path.relative(goldenDir, path.dirname(f));
  if (!groups.has(g)) groups.set(g, []);
  groups.get(g)!.push(f);
}

for (const [group, list] of groups) {
  describe(`golden ${group}`, () => {
    for (const file of list) {
      const stem = file.slice(0, -4);
      it(path.basename(file), async () => {
        const r = await run(file);
        // Expectations spell the repository's own path as @REPO@ (see scripts/accept-golden.mjs).
        r.out = r.out.split(repoRoot).join("@REPO@");
        r.err = r.err.split(repoRoot).join("@REPO@");
        if (existsSync(stem + ".exp")) {
          expect(r.err.split("\n").find((l) => l.startsWith("error:")) ?? "").toBe("");
          expect(r.out).toBe(readFileSync(stem + ".exp", "latin1"));
        } else if (existsSync(stem + ".err")) {
          const want = readFileSync(stem + ".err", "latin1");
          expect(r.code).not.toBe(0);
          // All of stderr; a usage error names the program, ours being nixts.
          expect(r.err.replace(/^Try 'nixts --help'/m, "Try 'nix-instantiate --help'")).toBe(want);
        } else throw new Error(`${file} has no .exp or .err: run npm run accept`);
      });
    }
  });
}
