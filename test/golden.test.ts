// Golden tests: every test/golden/**/X.nix is evaluated by nixts exactly as
// scripts/accept-golden.mjs ran real Nix on it (from its folder, same flags by file name) and
// must print X.exp byte for byte, or fail printing X.err (all of stderr): in 2.8 mode what Nix 2.8
// printed, in 2.26 mode (`--nix-version 2.26`) X.2.26.exp / X.2.26.err where Nix 2.26.3 printed
// otherwise. Regenerate with `npm run accept` and `npm run accept -- --nix-version 2.26` (needs Nix).

import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runCli } from "./support/cli.js";
import { caseTest, listedFailures } from "./support/known-failures.js";
import { NIX_VERSIONS, repoRoot, type NixVersion } from "./support/oracle.js";

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
const run = (file: string, version: NixVersion) =>
  version === "2.8"
    ? runCli([...flagsFor(file), path.basename(file)], path.dirname(file), { TEST_VAR: "foo", NIX_PATH: "" })
    : runCli(["--nix-version", version, ...flagsFor(file), path.basename(file)], path.dirname(file), { TEST_VAR: "foo", NIX_PATH: "", NIX_REMOTE: "dummy://" });

const files = existsSync(goldenDir) ? collect(goldenDir) : [];
const groups = new Map<string, string[]>();
for (const f of files) {
  const g = path.relative(goldenDir, path.dirname(f));
  if (!groups.has(g)) groups.set(g, []);
  groups.get(g)!.push(f);
}

/** A version's expectation of a case: its own file where it printed otherwise than Nix 2.8. */
function expected(stem: string, version: NixVersion): { ext: ".exp" | ".err"; text: string } | undefined {
  const suffixes = version === "2.8" ? [""] : [`.${version}`, ""];
  for (const s of suffixes)
    for (const ext of [".exp", ".err"] as const) if (existsSync(stem + s + ext)) return { ext, text: readFileSync(stem + s + ext, "latin1") };
  return undefined;
}

/** Nix 2.26 prints `builtins.currentTime`'s value in a message: such a case runs nixts with its
 * clock at the second the accepted expectation shows. */
function clockOf(file: string, text: string): number | undefined {
  if (!path.basename(file).includes("currentTime")) return undefined;
  const m = /: (\d{10})\n/.exec(text);
  return m ? Number(m[1]) : undefined;
}

afterEach(() => void vi.useRealTimers());

for (const version of NIX_VERSIONS) {
  // 2.26 mode's differences from Nix 2.26 that are not fixed yet (see test/README.md).
  const known = version === "2.8" ? new Set<string>() : listedFailures(`test/golden/known-failures-${version}.txt`);
  for (const [group, list] of groups) {
    describe(version === "2.8" ? `golden ${group}` : `golden ${version} ${group}`, () => {
      for (const file of list) {
        const stem = file.slice(0, -4);
        const body = async () => {
          const want = expected(stem, version);
          if (want === undefined) throw new Error(`${file} has no .exp or .err: run npm run accept`);
          const clock = clockOf(file, want.text);
          if (clock !== undefined && version !== "2.8") {
            vi.useFakeTimers({ toFake: ["Date"] });
            vi.setSystemTime(clock * 1000);
          }
          const r = await run(file, version);
          // Expectations spell the repository's own path as @REPO@ (see scripts/accept-golden.mjs).
          r.out = r.out.split(repoRoot).join("@REPO@");
          r.err = r.err.split(repoRoot).join("@REPO@");
          if (want.ext === ".exp") {
            expect(r.err.split("\n").find((l) => l.startsWith("error:")) ?? "").toBe("");
            expect(r.out).toBe(want.text);
          } else {
            expect(r.code).not.toBe(0);
            // All of stderr; a usage error names the program, ours being nixts.
            expect(r.err.replace(/^Try 'nixts --help'/m, "Try 'nix-instantiate --help'")).toBe(want.text);
          }
        };
        if (version === "2.8") it(path.basename(file), body);
        else caseTest(known, path.relative(goldenDir, file), body);
      }
    });
  }
}
