import { constantTimeEqual, hmacSha256Hex, ProblemError } from "@frontdesk/http";

/**
 * Identity verification as Intercom and Chatwoot do it: the business's server computes
 * `userHash = HMAC-SHA256(identity secret, userId)` (hex) and the page passes both. A valid hash
 * proves the visitor is that user of the business's site; anything else is refused.
 */
export async function verifyUserHash(
  identitySecret: string | undefined,
  userId: string,
  userHash: string,
): Promise<void> {
  if (!identitySecret)
    throw new ProblemError(
      "identity-verification-failed",
      "This channel has no identity secret: create one with POST /v1/channels/{id}/identity-secret.",
    );
  const expected = await hmacSha256Hex(identitySecret, userId);
  if (!constantTimeEqual(expected, userHash.toLowerCase()))
    throw new ProblemError("identity-verification-failed", "The userHash does not match the userId.");
}
