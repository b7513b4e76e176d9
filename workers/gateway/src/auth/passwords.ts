const iterations = 100_000; // the most PBKDF2 iterations Workers' WebCrypto allows
const algorithm = "pbkdf2-sha256";

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (char) => char.charCodeAt(0));

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, rounds: number): Promise<Uint8Array> {
  const material = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, [
    "deriveBits",
  ]);
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt, iterations: rounds },
    material,
    256,
  );
  return new Uint8Array(bits);
}

/** A slow, salted hash Workers can compute: `pbkdf2-sha256$<iterations>$<salt>$<hash>`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return `${algorithm}$${iterations}$${toBase64(salt)}$${toBase64(await derive(password, salt, iterations))}`;
}

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
