import { japanDate } from "./time";

/**
 * The current instant. MAMORI_NOW (an ISO timestamp) pins it, for demos and tests that must
 * look at a given day; production never sets it.
 */
export function now(): number {
  const pinned = process.env.MAMORI_NOW;
  if (pinned) {
    const value = Date.parse(pinned);
    if (Number.isNaN(value)) throw new Error(`環境変数 MAMORI_NOW が日時として読めません: ${pinned}`);
    return value;
  }
  return Date.now();
}

/** Today's calendar date in Japan. */
export function today(): string {
  return japanDate(now());
}
