// Hashing only (no Workers-only APIs), so the dev scripts can set demo passwords too.
export const iterations = 100_000; // the most PBKDF2 iterations Workers' WebCrypto allows
export const algorithm = "pbkdf2-sha256";

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
export const fromBase64 = (text: string) => Uint8Array.from(atob(text), (char) => char.charCodeAt(0));

export async function derive(password: string, salt: Uint8Array<ArrayBuffer>, rounds: number): Promise<Uint8Array> {
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
