// The Node.js host: files through node:fs, environment through process.env, trace output to
// stderr. Paths and contents are byte strings (UTF-8 bytes as latin1 chars) on the nixts side.

import * as fs from "node:fs";
import { HostError } from "../errors.js";
import type { FileType, Host } from "../eval/host.js";

const toFsPath = (p: string): Buffer => Buffer.from(p, "latin1");

function fileType(st: fs.Stats): FileType {
  if (st.isFile()) return "regular";
  if (st.isDirectory()) return "directory";
  if (st.isSymbolicLink()) return "symlink";
  return "unknown";
}

function describe(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "No such file or directory";
  if (code === "EISDIR") return "Is a directory";
  if (code === "EACCES") return "Permission denied";
  if (code === "ENOTDIR") return "Not a directory";
  return (e as Error).message;
}

/** The longest string V8 holds (one byte per char): a file beyond it cannot be a Nix string. */
const MAX_STRING = 0x1fffffe8;

/**
 * Reads an open file to its end as a byte string, in chunks, so that an endless or huge one
 * (`/dev/zero`, a 4 GB image) ends in Nix's `out of memory` rather than a crash of the process.
 */
function readAll(fd: number): string {
  // A regular file says how big it is: one read, as before.
  const st = fs.fstatSync(fd);
  if (st.isFile() && st.size > 0) {
    if (st.size > MAX_STRING) throw new HostError("out of memory");
    const buf = fs.readFileSync(fd);
    if (buf.length <= MAX_STRING) return buf.toString("latin1");
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(total < 1 << 20 ? 1 << 16 : 1 << 22);
    let n: number;
    try {
      n = fs.readSync(fd, chunk, 0, chunk.length, null);
    } catch (e) {
      throw new HostError(`reading from file: ${describe(e)}`);
    }
    if (n === 0) break;
    total += n;
    if (total > MAX_STRING) throw new HostError("out of memory");
    chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
  }
  return Buffer.concat(chunks, total).toString("latin1");
}

/** A Host backed by node:fs and process.env. */
export function nodeHost(
  env: NodeJS.ProcessEnv = process.env,
  /** Where `trace:` lines and warnings go (a line without its line break); stderr by default. */
  printError: (line: string) => void = (line) => process.stderr.write(Buffer.from(line + "\n", "latin1")),
): Host {
  const startTime = Math.floor(Date.now() / 1000);
  return {
    readFile(path) {
      let fd: number;
      try {
        fd = fs.openSync(toFsPath(path), "r");
      } catch (e) {
        throw new HostError(`opening file '${path}': ${describe(e)}`);
      }
      try {
        return readAll(fd);
      } finally {
        fs.closeSync(fd);
      }
    },
    lstat(path) {
      try {
        const st = fs.lstatSync(toFsPath(path));
        return { type: fileType(st), executable: (st.mode & 0o100) !== 0, size: st.size };
      } catch {
        return null;
      }
    },
    readDir(path) {
      try {
        return fs
          .readdirSync(toFsPath(path), { withFileTypes: true, encoding: "buffer" })
          .map((d) => [Buffer.from(d.name).toString("latin1"), d.isFile() ? "regular" : d.isDirectory() ? "directory" : d.isSymbolicLink() ? "symlink" : "unknown"] as [string, FileType]);
      } catch (e) {
        throw new HostError(`opening directory '${path}': ${describe(e)}`);
      }
    },
    readLink(path) {
      try {
        return fs.readlinkSync(toFsPath(path), { encoding: "buffer" }).toString("latin1");
      } catch (e) {
        throw new HostError(`reading symbolic link '${path}': ${describe(e)}`);
      }
    },
    realPath(path) {
      try {
        return fs.realpathSync(toFsPath(path), { encoding: "buffer" }).toString("latin1");
      } catch {
        return path;
      }
    },
    getEnv: (name) => {
      const v = env[name];
      return v === undefined ? undefined : Buffer.from(v, "utf8").toString("latin1");
    },
    currentTime: () => startTime,
    printError,
  };
}
