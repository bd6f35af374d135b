// The host interface: every access to the outside world (files, environment, clock, stderr,
// network) goes through it, so the evaluator runs in any JS runtime. The Node implementation
// lives at the edge (src/node/host-node.ts); tests may inject in-memory hosts.
// All paths and file contents are byte strings (one JS char per byte).

import { HostError, missingPath } from "../errors.js";

/** Type of a directory entry or file, as `builtins.readDir` reports it. */
export type FileType = "regular" | "directory" | "symlink" | "unknown";

/** Access to the world outside the evaluator. */
export interface Host {
  /** Reads a whole file as a byte string. Throws HostError if it cannot. */
  readFile(path: string): string;
  /** Type of the file at `path` without following a final symlink, or null if missing. */
  lstat(path: string): { type: FileType; executable: boolean; size: number } | null;
  /** Entries of a directory (names as byte strings) with their types. */
  readDir(path: string): Array<[string, FileType]>;
  /** Target of a symlink. */
  readLink(path: string): string;
  /** Resolves symlinks in an absolute path (for `import` of a symlink, `pathExists`). */
  realPath(path: string): string;
  /** An environment variable, or undefined. */
  getEnv(name: string): string | undefined;
  /** Seconds since the epoch. */
  currentTime(): number;
  /** Writes a line to the user's stderr (`trace:` messages, warnings). */
  printError(line: string): void;
  /** Downloads a URL (only fetchers use it). */
  fetchUrl?(url: string): Uint8Array;
}

/** A host with no files, no environment and no clock: for pure evaluation. Every path is
 * missing, with the errors Nix gives for missing files. */
export const pureHost: Host = {
  readFile: (p) => {
    throw new HostError(`opening file '${p}': No such file or directory`);
  },
  lstat: () => null,
  readDir: (p) => {
    throw new HostError(`opening directory '${p}': No such file or directory`);
  },
  readLink: (p) => {
    throw new HostError(`reading symbolic link '${p}': No such file or directory`);
  },
  realPath: (p) => p,
  getEnv: () => undefined,
  currentTime: () => 0,
  printError: () => {},
};

/** Adapts a Host to the derivation layer's read-only FS interface. */
export function hostFS(host: Host) {
  return {
    lstat(path: string) {
      const st = host.lstat(path);
      if (!st) throw missingPath(path);
      return { type: st.type === "unknown" ? ("other" as const) : st.type, executable: st.executable, size: st.size };
    },
    readdir: (path: string) => host.readDir(path).map(([n]) => n),
    readFile: (path: string) => host.readFile(path),
    readlink: (path: string) => host.readLink(path),
  };
}
