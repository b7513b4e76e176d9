import { randomToken, sha256Hex } from "@frontdesk/http";

export interface NewFeedToken {
  /** Goes into the feed URL, shown once. */
  token: string;
  prefix: string;
  hash: string;
}

/** A calendar feed token: `fdc_` + 40 random characters; only its SHA-256 is stored. */
export async function newFeedToken(): Promise<NewFeedToken> {
  const token = `fdc_${randomToken(40)}`;
  return { token, prefix: token.slice(0, 10), hash: await sha256Hex(token) };
}

export const feedTokenPattern = /^fdc_[A-Za-z0-9]{40}$/;
