import { visibleLength } from "./japanese";

/**
 * A brisk reading pace for Japanese prose. The 誓約 cannot be signed before the text could have
 * been read at this speed: long enough that clicking through is impossible, short enough that a
 * careful reader is never kept waiting.
 */
export const READING_CHARS_PER_MINUTE = 600;

/** Seconds to read `text` (whitespace not counted) at READING_CHARS_PER_MINUTE, rounded up. */
export function readingSeconds(text: string, charsPerMinute = READING_CHARS_PER_MINUTE): number {
  return Math.ceil((visibleLength(text) * 60) / charsPerMinute);
}

/** 「6分31秒」「45秒」「2分」: a wait as people say it. */
export function formatSecondsJa(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (minutes === 0) return `${rest}秒`;
  return rest === 0 ? `${minutes}分` : `${minutes}分${rest}秒`;
}
