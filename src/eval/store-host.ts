// A host overlay that serves store paths the in-memory store holds (`toFile` texts, copied
// sources) as files, so `import "${builtins.toFile "x.nix" "..."}"` or `readFile` of a store path
// works without a real /nix/store, as it does in Nix. Other paths go to the underlying host.

import { memoryFS, parseNar, type FileTree, type ReadonlyFS, type Store } from "../derivation/index.js";
import { byteString } from "../derivation/index.js";
import type { FileType, Host } from "./host.js";

/** Wraps `host` so that paths inside `store` (when it can give their NAR) read from the store;
 * only those `shown` accepts, when given (the others are as absent as on the host). */
export function storeAwareHost(host: Host, store: Store, shown?: (storePath: string) => boolean): Host {
  const narOf = (store as { narOf?: (p: string) => Uint8Array | undefined }).narOf?.bind(store);
  if (!narOf) return host;
  const prefix = store.storeDir + "/";
  const trees = new Map<string, ReadonlyFS>();
  /** The in-memory FS and the path inside it, or undefined when the store lacks the path. */
  const locate = (path: string): { fs: ReadonlyFS; sub: string } | undefined => {
    if (!path.startsWith(prefix)) return undefined;
    const slash = path.indexOf("/", prefix.length);
    const top = slash < 0 ? path : path.slice(0, slash);
    if (shown !== undefined && !shown(top)) return undefined;
    let fs = trees.get(top);
    if (!fs) {
      const nar = narOf(top);
      if (!nar) return undefined;
      fs = memoryFS(parseNar(nar) as FileTree);
      trees.set(top, fs);
    }
    return { fs, sub: slash < 0 ? "/" : path.slice(slash) };
  };
  const toText = (c: string | Uint8Array) => (typeof c === "string" ? c : byteString(c));
  return {
    ...host,
    readFile: (p) => {
      const l = locate(p);
      return l ? toText(l.fs.readFile(l.sub)) : host.readFile(p);
    },
    lstat: (p) => {
      const l = locate(p);
      if (!l) return host.lstat(p);
      try {
        const st = l.fs.lstat(l.sub);
        const type: FileType = st.type === "other" ? "unknown" : st.type;
        return { type, executable: st.executable, size: 0 };
      } catch {
        return null;
      }
    },
    readDir: (p) => {
      const l = locate(p);
      if (!l) return host.readDir(p);
      return l.fs.readdir(l.sub).map((n) => {
        const t = l.fs.lstat(l.sub === "/" ? "/" + n : `${l.sub}/${n}`).type;
        return [n, t === "other" ? "unknown" : t] as [string, FileType];
      });
    },
    readLink: (p) => {
      const l = locate(p);
      return l ? l.fs.readlink(l.sub) : host.readLink(p);
    },
    realPath: (p) => (locate(p) ? p : host.realPath(p)),
  };
}
