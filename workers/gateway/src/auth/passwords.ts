import { algorithm, derive, fromBase64, iterations } from "./password-hash.ts";

export { hashPassword } from "./password-hash.ts";

/** Verifies in constant time; a missing hash still costs a full derivation, so timing tells nothing. */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const [name, rounds, salt, hash] = (stored ?? "").split("$");
  const known = name === algorithm && rounds && salt && hash;
  const expected = known ? fromBase64(hash) : new Uint8Array(32);
  const actual = await derive(
    password,
    known ? fromBase64(salt) : new Uint8Array(16),
    known ? Number(rounds) : iterations,
  );
  return Boolean(known) && actual.byteLength === expected.byteLength && crypto.subtle.timingSafeEqual(actual, expected);
}
