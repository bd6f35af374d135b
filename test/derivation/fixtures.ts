// Builds a small file tree on disk for the derivation tests (regular, executable, symlink,
// nested and non-ASCII entries) and returns its paths. Created once per test process in a
// fresh temporary directory.

import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Paths of the fixture tree. */
export interface Fixture {
  root: string;
  /** A directory with varied entries. */
  dir: string;
  /** A single regular file. */
  file: string;
  /** An executable shell script. */
  script: string;
}

/** Deletes a fixture tree. */
export function removeFixture(fx: Fixture | undefined): void {
  if (fx) rmSync(fx.root, { recursive: true, force: true });
}

/** Creates the fixture tree in a new temporary directory. */
export function makeFixture(): Fixture {
  const root = mkdtempSync(join(tmpdir(), "nixts-drv-"));
  const dir = join(root, "fixture-src");
  mkdirSync(join(dir, "sub", "deep"), { recursive: true });
  mkdirSync(join(dir, "bin"));
  mkdirSync(join(dir, "empty"));
  writeFileSync(join(dir, "a.txt"), "hello\n");
  writeFileSync(join(dir, "B"), "upper case sorts first\n");
  writeFileSync(join(dir, "sub", "deep", "z"), "");
  writeFileSync(join(dir, "sub", "x.bin"), Buffer.from([0, 1, 2, 255, 254, 10]));
  writeFileSync(join(dir, "é.txt"), "non-ascii name\n");
  writeFileSync(join(dir, "bin", "run.sh"), "#!/bin/sh\necho run\n");
  chmodSync(join(dir, "bin", "run.sh"), 0o755);
  symlinkSync("a.txt", join(dir, "link"));
  symlinkSync("/nonexistent/target", join(dir, "dangling"));
  const file = join(root, "single-file.txt");
  writeFileSync(file, "just one file\nwith two lines");
  const script = join(root, "builder.sh");
  writeFileSync(script, "#!/bin/sh\necho built > $out\n");
  chmodSync(script, 0o755);
  return { root, dir, file, script };
}
