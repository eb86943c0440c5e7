// Link tokens and reports' references. A token opens the landing page and records a click, so it
// is 256 random bits and only its SHA-256 is stored. A reference (in the mail's footer) only
// identifies the mail when it is reported; it opens nothing.
import { createHash, randomBytes, randomInt } from "node:crypto";

export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const TOKEN_IN_TEXT = /\/d\/([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/g;
const REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const REFERENCE_IN_TEXT = /(?<![A-Z0-9])([A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4})(?![A-Z0-9])/g;

export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** 12 characters of a 32-letter alphabet without look-alikes (60 bits), e.g. K7PX-Q2MD-9TRA. */
export function newReference(): string {
  let value = "";
  for (let i = 0; i < 12; i += 1) value += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  return `${value.slice(0, 4)}-${value.slice(4, 8)}-${value.slice(8)}`;
}

/** Tokens (from links) and references found in pasted or forwarded mail text. */
export function findIdentifiers(text: string): { tokens: string[]; references: string[] } {
  const normalised = text.normalize("NFKC");
  const tokens = new Set<string>();
  const references = new Set<string>();
  for (const match of normalised.matchAll(TOKEN_IN_TEXT)) tokens.add(match[1]);
  for (const match of normalised.toUpperCase().matchAll(REFERENCE_IN_TEXT)) references.add(match[1]);
  return { tokens: [...tokens].slice(0, 20), references: [...references].slice(0, 20) };
}

/** The mail as sent, and the same text with the link token removed (what stays after sending). */
export function renderDrillMail(body: string, values: { name: string; link: string; redactedLink: string; reference: string }): { text: string; redacted: string } {
  const fill = (link: string) =>
    body.replaceAll("{{name}}", values.name).replaceAll("{{reference}}", values.reference).replaceAll("{{link}}", link);
  return { text: fill(values.link), redacted: fill(values.redactedLink) };
}
