#!/usr/bin/env node
// Regenerates golden expectations from real Nix 2.8 (the accept switch): for each X.nix under the
// given folders (default test/golden), runs `nix-instantiate --eval --strict X.nix` from the file's
// folder and writes X.exp (stdout) on success, or X.err (all of stderr) on failure.
// Folders named lib/ hold files the cases import. Files named X.json.nix use `--json`, X.xml.nix use `--xml --no-location`, X.lazy.nix omit --strict.
import { execFileSync } from "node:child_process";
import { readdirSync, statSync, writeFileSync, rmSync, existsSync } from "node:fs";
import { join, dirname, basename } from "node:path";
// Nix 2.8 of .ci/nix-oracle (or $NIX_ORACLE_2_8), never the nix-instantiate on PATH.
const nix28 = { bin: (p) => `${process.env.NIX_ORACLE_2_8 ?? "/opt/nix-oracle/2.8.0/bin"}/${p}` };

const roots = process.argv.slice(2);
if (roots.length === 0) roots.push("test/golden");
let n = 0;
function walk(d) {
  for (const e of readdirSync(d)) {
    const p = join(d, e);
    if (statSync(p).isDirectory()) { if (e !== "lib") walk(p); }
    else if (p.endsWith(".nix")) accept(p);
  }
}
export function flagsFor(file) {
  const flags = ["--eval"];
  if (!file.endsWith(".lazy.nix")) flags.push("--strict");
  if (file.endsWith(".json.nix")) flags.push("--json");
  if (file.endsWith(".xml.nix")) flags.push("--xml", "--no-location");
  return flags;
}
/** Absolute paths under the repository become `@REPO@` so expectations hold in any checkout. */
const repoRoot = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
function portable(text) {
  return text.split(repoRoot).join("@REPO@");
}
function accept(file) {
  const stem = file.slice(0, -4);
  for (const ext of [".exp", ".err"]) if (existsSync(stem + ext)) rmSync(stem + ext);
  try {
    const out = execFileSync(nix28.bin("nix-instantiate"), [...flagsFor(file), basename(file)], {
      cwd: dirname(file), encoding: "latin1", stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, TEST_VAR: "foo", NIX_PATH: "" },
    });
    writeFileSync(stem + ".exp", portable(out), "latin1");
  } catch (e) {
    // The whole of stderr: message, position, code frame, traces and warnings.
    writeFileSync(stem + ".err", portable(String(e.stderr ?? "")), "latin1");
  }
  n++;
}
for (const r of roots) {
  if (statSync(r).isDirectory()) walk(r);
  else accept(r);
}
console.log(`accepted ${n} golden cases from nix-instantiate`);
