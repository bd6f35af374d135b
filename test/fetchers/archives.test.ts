// Archive reading without Nix: tar (gnu, pax, ustar; gzip, xz, bzip2) and zip archives made
// with the system tools must unpack to the same tree (compared as NARs) as extracting them with
// the system `tar` does; malformed input fails with libarchive's wording; fetch builtins without
// a fetcher fail cleanly.

import { hasTool } from "../support/oracle.js";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { narBytes, narOfTree } from "../../src/derivation/index.js";
import { parseTar } from "../../src/eval/fetcher.js";
import { evaluate, EvalState } from "../../src/eval/index.js";
import { toNixError } from "../../src/eval/state.js";
import { NixError } from "../../src/errors.js";
import { nodeFetcher } from "../../src/node/fetcher-node.js";
import { nodeFS } from "../../src/node/store-node.js";

const has = hasTool;
let dir = "";

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(tmpdir(), "nixts-archives-"));
  const p = path.join(dir, "src/pkg");
  fs.mkdirSync(path.join(p, "sub/" + "d".repeat(90)), { recursive: true });
  fs.writeFileSync(path.join(p, "a.txt"), "a\n");
  fs.writeFileSync(path.join(p, "run.sh"), "#!/bin/sh\n", { mode: 0o755 });
  fs.writeFileSync(path.join(p, "sub/" + "d".repeat(90) + "/" + "f".repeat(120)), "deep\n");
  fs.writeFileSync(path.join(p, "bytes-\xe9.bin"), Buffer.from([0, 1, 2, 255]));
  fs.symlinkSync("../a.txt", path.join(p, "sub/up"));
  fs.linkSync(path.join(p, "a.txt"), path.join(p, "hard"));
  fs.mkdirSync(path.join(p, "emptydir"));
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** NAR of what the system tar extracts from `archive`. */
function extractedNar(archive: string): Uint8Array {
  const out = fs.mkdtempSync(path.join(dir, "x-"));
  execFileSync("tar", ["-xf", archive, "-C", out]);
  return narBytes(nodeFS, out);
}

describe("archives", () => {
  for (const [name, flags] of [
    ["gnu.tar", ["--format=gnu", "-cf"]],
    ["pax.tar", ["--format=pax", "-cf"]],
    ["ustar.tar.gz", ["--format=ustar", "-czf"]],
    ["pkg.tar.xz", ["-cJf"]],
    ["pkg.tar.bz2", ["-cjf"]],
  ] as const)
    it(`unpacks ${name} as tar does`, () => {
      const archive = path.join(dir, name);
      const r = spawnSync("tar", [...flags, archive, "pkg"], { cwd: path.join(dir, "src") });
      if (r.status !== 0) return; // ustar cannot hold every name; nothing to compare
      const tree = nodeFetcher().unpackTarball(new Uint8Array(fs.readFileSync(archive)));
      expect(Buffer.from(narOfTree(tree)).equals(Buffer.from(extractedNar(archive)))).toBe(true);
    });

  it.skipIf(!has("zip"))("unpacks zip as unzip does", () => {
    const archive = path.join(dir, "pkg.zip");
    execFileSync("zip", ["-qry", archive, "pkg"], { cwd: path.join(dir, "src") });
    const out = fs.mkdtempSync(path.join(dir, "z-"));
    execFileSync("unzip", ["-q", archive, "-d", out]);
    const tree = nodeFetcher().unpackTarball(new Uint8Array(fs.readFileSync(archive)));
    expect(Buffer.from(narOfTree(tree)).equals(Buffer.from(narBytes(nodeFS, out)))).toBe(true);
  });

  it("rejects data that is not an archive, accepts an empty one", () => {
    expect(() => parseTar(new TextEncoder().encode("hello\n"))).toThrow("failed to open archive: Unrecognized archive format");
    expect(() => parseTar(new Uint8Array(2048).fill(7))).toThrow("failed to open archive: Unrecognized archive format");
    expect(parseTar(new Uint8Array(0))).toEqual({ type: "directory", entries: {} });
    expect(parseTar(new Uint8Array(1024))).toEqual({ type: "directory", entries: {} });
  });

  it("fetch builtins without a fetcher fail with a NixError", () => {
    const state = new EvalState();
    const fail = (expr: string): string => {
      try {
        evaluate(expr, { state });
      } catch (e) {
        expect(e).toBeInstanceOf(NixError);
        return toNixError(e).message;
      }
      throw new Error(`${expr} did not fail`);
    };
    expect(fail('builtins.fetchurl "http://127.0.0.1:9/x"')).toMatch(/^'fetchurl' cannot fetch anything: no fetcher was given/);
    expect(fail('builtins.fetchGit "/x"')).toMatch(/^'fetchGit' cannot fetch anything: no fetcher was given/);
    // fetchTree without flakes fails as in Nix 2.8, before any fetching.
    expect(fail('builtins.fetchTree { type = "git"; url = "/x"; }')).toMatch(/^experimental Nix feature 'flakes' is disabled/);
  });
});
