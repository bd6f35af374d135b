// Node's heavier built-in modules, loaded on first use: every CLI start would otherwise pay a few
// milliseconds for child_process and zlib, which only fetchers and downloads need.

import { createRequire } from "node:module";

type ChildProcess = typeof import("node:child_process");
type Zlib = typeof import("node:zlib");

const requireBuiltin = createRequire(import.meta.url);
let childProcessModule: ChildProcess | undefined;
let zlibModule: Zlib | undefined;

/** node:child_process, loaded when first asked for. */
export function childProcess(): ChildProcess {
  return (childProcessModule ??= requireBuiltin("node:child_process") as ChildProcess);
}

/** node:zlib, loaded when first asked for. */
export function zlib(): Zlib {
  return (zlibModule ??= requireBuiltin("node:zlib") as Zlib);
}
