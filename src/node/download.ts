// Downloads for the Node fetcher: the URL is checked here first (curl's rules for what a URL may
// be, schemes limited to http, https and file), then fetched by a child `node` process that reads
// the checked URL from its stdin, so no user text ever reaches a command line. Failures carry
// Nix's `FileTransferError` wording, curl's error codes included.

import * as fs from "node:fs";
import { childProcess } from "./builtin-modules.js";
import { constants as bufferConstants } from "node:buffer";
import { HostError } from "../errors.js";

const MAX_BUFFER = Math.min(bufferConstants.MAX_LENGTH, 2 ** 32 - 1);

/** Why a transfer failed: a curl error (code and text) or an HTTP status with its body. */
export interface DownloadFailure {
  code?: number;
  msg?: string;
  status?: number;
  statusText?: string;
  body?: string;
}

/** Characters curl refuses in a host name ("URL using bad/illegal format"). */
const BAD_HOST_CHARS = /[ \r\n\t/:#?!@{}[\]\\$'"^`*<>=;,+&()%]/;
const BAD_FORMAT: DownloadFailure = { code: 3, msg: "URL using bad/illegal format or missing URL" };

/**
 * Checks a URL the way curl does before any transfer and returns the absolute URL to fetch, or
 * the failure curl reports. A URL without a scheme is taken as `http://`, as curl guesses it.
 * Only `http:` and `https:` are fetched over the network (anything else is "Unsupported protocol").
 */
export function checkDownloadUrl(url: string): URL | DownloadFailure {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x20\x7f]/.test(url)) return BAD_FORMAT;
  const full = url.includes("://") ? url : "http://" + url;
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)/.exec(full);
  if (!m) return BAD_FORMAT;
  const scheme = m[1]!.toLowerCase();
  if (scheme !== "http" && scheme !== "https") return { code: 1, msg: "Unsupported protocol" };
  const hostPort = m[2]!.slice(m[2]!.lastIndexOf("@") + 1);
  let host: string;
  if (hostPort.startsWith("[")) {
    const close = hostPort.indexOf("]");
    if (close < 0 || !/^(:\d*)?$/.test(hostPort.slice(close + 1))) return BAD_FORMAT;
    host = hostPort.slice(1, close);
    if (!/^[0-9a-fA-F:.]+$/.test(host)) return BAD_FORMAT;
  } else {
    const colon = hostPort.indexOf(":");
    host = colon < 0 ? hostPort : hostPort.slice(0, colon);
    if (colon >= 0 && !/^\d*$/.test(hostPort.slice(colon + 1))) return BAD_FORMAT;
    if (host === "" || BAD_HOST_CHARS.test(host)) return BAD_FORMAT;
  }
  try {
    return new URL(full);
  } catch {
    return BAD_FORMAT;
  }
}

// The download helper run in a child process. It reads the URL (already checked by the parent)
// from stdin and prints the body on stdout, or a JSON description of the failure on stderr with
// exit code 3. Redirects are followed (at most 10, as Nix configures curl), each checked again
// for its scheme, and a Content-Encoding is decoded, as Nix does.
const DOWNLOAD_SCRIPT = String.raw`
const http = require("http"), https = require("https"), zlib = require("zlib"), fs = require("fs");
const fail = (o) => { process.stderr.write(JSON.stringify(o)); process.exit(3); };
const curl = { ECONNREFUSED: [7, "Couldn't connect to server"], EHOSTUNREACH: [7, "Couldn't connect to server"],
  ENETUNREACH: [7, "Couldn't connect to server"], ENOTFOUND: [6, "Couldn't resolve host name"],
  EAI_AGAIN: [6, "Couldn't resolve host name"], ETIMEDOUT: [28, "Timeout was reached"],
  ECONNRESET: [56, "Failure when receiving data from the peer"] };
function get(p, n) {
  const mod = p.protocol === "https:" ? https : p.protocol === "http:" ? http : null;
  if (!mod) fail({ code: 1, msg: "Unsupported protocol" });
  const req = mod.get(p, { headers: { "user-agent": "curl/7.83.1 Nix/2.8.0", accept: "*/*" } }, (res) => {
    const s = res.statusCode;
    if ([301, 302, 303, 307, 308].includes(s) && res.headers.location) {
      res.resume();
      if (n >= 10) fail({ code: 47, msg: "Number of redirects hit maximum amount" });
      let next;
      try { next = new URL(res.headers.location, p); } catch { fail({ code: 3, msg: "URL using bad/illegal format or missing URL" }); }
      return get(next, n + 1);
    }
    const chunks = [];
    res.on("data", (c) => chunks.push(c));
    res.on("error", () => fail({ code: 56, msg: "Failure when receiving data from the peer" }));
    res.on("end", () => {
      let body = Buffer.concat(chunks);
      const enc = String(res.headers["content-encoding"] || "").trim().toLowerCase();
      try {
        if (enc === "gzip" || enc === "x-gzip") body = zlib.gunzipSync(body);
        else if (enc === "deflate") body = zlib.inflateSync(body);
        else if (enc === "br") body = zlib.brotliDecompressSync(body);
      } catch { fail({ code: 61, msg: "Unrecognized or bad HTTP Content or Transfer-Encoding" }); }
      if (s >= 200 && s < 300) process.stdout.write(body, () => process.exit(0));
      else fail({ status: s, statusText: res.statusMessage || "", body: body.toString("latin1") });
    });
  });
  req.on("error", (e) => { const c = curl[e.code]; fail(c ? { code: c[0], msg: c[1] } : { code: 56, msg: String(e.message) }); });
}
get(new URL(fs.readFileSync(0, "utf8")), 0);
`;

/** Nix's wording of a failed transfer (`FileTransferError`), response body included when small. */
function transferError(url: string, f: DownloadFailure): HostError {
  if (f.status === undefined) return new HostError(`unable to download '${url}': ${f.msg ?? "unknown error"} (${f.code ?? 0})`);
  let msg = `unable to download '${url}': HTTP error ${f.status} ('${f.statusText ?? ""}')`;
  const body = f.body ?? "";
  if (body.length < 1024 || body.includes("<html>")) msg += `\n\nresponse body:\n\n${body.replace(/\s+$/, "")}`;
  return new HostError(msg);
}

/** Reads a `file://` URL's file. */
function readFileUrl(url: string): Uint8Array {
  let p: string;
  try {
    p = decodeURIComponent(new URL(url).pathname);
  } catch {
    p = url.slice(7);
  }
  try {
    return new Uint8Array(fs.readFileSync(p));
  } catch {
    throw new HostError(`unable to download '${url}': Couldn't read a file:// file (37)`);
  }
}

/** Downloads `url` synchronously (http, https, file), or throws Nix's transfer error. */
export function download(url: string): Uint8Array {
  if (url.startsWith("file://")) return readFileUrl(url);
  const checked = checkDownloadUrl(url);
  if (!(checked instanceof URL)) throw transferError(url, checked);
  // The script is the only argument; the URL travels on stdin.
  const r = childProcess().spawnSync(process.execPath, ["-e", DOWNLOAD_SCRIPT], {
    input: checked.href,
    maxBuffer: MAX_BUFFER,
    stdio: ["pipe", "pipe", "pipe"],
  });
  if (r.error) throw new HostError(`unable to download '${url}': ${r.error.message}`);
  if (r.status === 0) return new Uint8Array(r.stdout);
  let f: DownloadFailure;
  try {
    f = JSON.parse(r.stderr.toString("utf8")) as DownloadFailure;
  } catch {
    f = { code: 56, msg: r.stderr.toString("utf8").trim() || `download helper failed with exit code ${r.status}` };
  }
  throw transferError(url, f);
}
