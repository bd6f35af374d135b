// Nix's own base-32 encoding of hashes: alphabet `0123456789abcdfghijklmnpqrsvwxyz`
// (no e, o, u, t), characters emitted from the most significant 5-bit group down,
// with bits taken little-endian from the byte array.

/** The 32 characters of Nix's base-32 alphabet. */
export const NIX_BASE32_ALPHABET = "0123456789abcdfghijklmnpqrsvwxyz";

/** Length of the Nix base-32 encoding of `byteLength` bytes. */
export function nixBase32Length(byteLength: number): number {
  return Math.ceil((byteLength * 8) / 5);
}

/** Encodes bytes in Nix's base-32. */
export function encodeNixBase32(bytes: Uint8Array): string {
  const len = nixBase32Length(bytes.length);
  let out = "";
  for (let n = len - 1; n >= 0; n--) {
    const b = n * 5;
    const i = b >> 3;
    const j = b & 7;
    const lo = bytes[i]! >> j;
    const hi = i + 1 < bytes.length ? bytes[i + 1]! << (8 - j) : 0;
    out += NIX_BASE32_ALPHABET[(lo | hi) & 0x1f];
  }
  return out;
}

/**
 * Decodes Nix base-32 into `byteLength` bytes. Returns `undefined` if a character is not in the
 * alphabet, the length does not match, or bits beyond `byteLength` are set (Nix rejects all three).
 */
export function decodeNixBase32(s: string, byteLength: number): Uint8Array | undefined {
  if (s.length !== nixBase32Length(byteLength)) return undefined;
  const out = new Uint8Array(byteLength);
  for (let n = 0; n < s.length; n++) {
    const c = s[s.length - n - 1]!;
    const digit = NIX_BASE32_ALPHABET.indexOf(c);
    if (digit < 0) return undefined;
    const b = n * 5;
    const i = b >> 3;
    const j = b & 7;
    out[i] = out[i]! | ((digit << j) & 0xff);
    const carry = digit >> (8 - j);
    if (i + 1 < byteLength) out[i + 1] = out[i + 1]! | carry;
    else if (carry !== 0) return undefined;
  }
  return out;
}
