// Conversions between nixts byte strings (one JS char per byte, latin1-style) and Uint8Array.
// Every string hashed or serialised by src/derivation goes through these helpers.

/** Converts a byte string (each char code 0..255) to bytes. Chars above 255 are truncated to their low byte. */
export function bytesOf(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

/** Converts bytes to a byte string (one char per byte). */
export function byteString(b: Uint8Array): string {
  let s = "";
  const CHUNK = 0x8000;
  for (let i = 0; i < b.length; i += CHUNK) {
    s += String.fromCharCode.apply(null, Array.from(b.subarray(i, i + CHUNK)));
  }
  return s;
}

/** Accepts either a byte string or bytes and returns bytes. */
export function toBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === "string" ? bytesOf(data) : data;
}

/** Encodes a JS (UTF-16) string as UTF-8 and returns it as a byte string. */
export function utf8ByteString(s: string): string {
  return byteString(new TextEncoder().encode(s));
}

/** Compares two byte strings bytewise (as C++ std::string does). */
export function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
