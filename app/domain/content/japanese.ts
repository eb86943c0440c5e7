/**
 * Japanese text helpers shared by the loader (joining folded lines) and the content check
 * (flagging stray half-width spaces). "Japanese character" here means kana, kanji and the
 * full-width punctuation of the CJK Symbols and Halfwidth/Fullwidth Forms blocks: the characters
 * between which Japanese typography never puts a space.
 */
const JAPANESE_CLASS = "\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\u3001-\\u303F\\u30FC\\uFF01-\\uFF60";

export const JAPANESE_CHAR = new RegExp(`[${JAPANESE_CLASS}]`, "u");

/** A half-width space (or tab) run between two Japanese characters, with one character of context. */
const SPACE_BETWEEN_JAPANESE = new RegExp(`([${JAPANESE_CLASS}])[ \\t]+(?=[${JAPANESE_CLASS}])`, "gu");

/** Each stray space as a short excerpt around it, e.g. 「報告 する」. */
export function strayJapaneseSpaces(text: string): string[] {
  const excerpts: string[] = [];
  for (const match of text.matchAll(SPACE_BETWEEN_JAPANESE)) {
    const start = Math.max(0, (match.index ?? 0) - 6);
    const end = Math.min(text.length, (match.index ?? 0) + match[0].length + 7);
    excerpts.push(text.slice(start, end).replace(/\s*\n\s*/g, " ").trim());
  }
  return excerpts;
}

/** Private-use marker the loader puts where a YAML line break falls between Japanese characters. */
export const JOIN_MARK = "\uE000";

const LINE_ENDS_JAPANESE = new RegExp(`[${JAPANESE_CLASS}]$`, "u");
const LINE_STARTS_JAPANESE = new RegExp(`^[${JAPANESE_CLASS}]`, "u");

/**
 * YAML folding (`>-` blocks and multi-line plain or quoted scalars) turns each line break into a
 * space, which is right for English and wrong between two Japanese characters. Before parsing,
 * mark every line that ends with a Japanese character when the next line starts with one; after
 * parsing, `unmarkYamlValue` deletes the mark together with the space the fold put after it. A
 * literal block (`|`) keeps its line break (only the mark goes). Spaces an author typed stay, so
 * the content check can still flag them.
 */
export function markYamlLineJoins(yaml: string): string {
  const lines = yaml.split("\n");
  return lines
    .map((line, index) => {
      const next = lines[index + 1]?.trimStart() ?? "";
      const trimmed = line.replace(/[ \t]+$/, "");
      return LINE_ENDS_JAPANESE.test(trimmed) && LINE_STARTS_JAPANESE.test(next) ? `${trimmed}${JOIN_MARK}` : line;
    })
    .join("\n");
}

/** Remove the marks of `markYamlLineJoins` from every string of a parsed YAML value. */
export function unmarkYamlValue(value: unknown): unknown {
  if (typeof value === "string") return value.replaceAll(`${JOIN_MARK} `, "").replaceAll(JOIN_MARK, "");
  if (Array.isArray(value)) return value.map(unmarkYamlValue);
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, unmarkYamlValue(item)]));
  }
  return value;
}

const INLINE_TAGS = "(?:<\\/?(?:strong|em|code|a|b|i)(?:\\s[^>]*)?>)*";
const SOFT_BREAK_BETWEEN_JAPANESE = new RegExp(
  `([${JAPANESE_CLASS}])(${INLINE_TAGS})[ \\t]*\\n[ \\t]*(${INLINE_TAGS})(?=[${JAPANESE_CLASS}])`,
  "gu",
);

/**
 * In rendered Markdown a soft line break inside a paragraph stays a "\n", which the browser shows
 * as a space. Between two Japanese characters (inline tags such as <strong> may sit between)
 * the break is joined. Preformatted blocks keep their line breaks.
 */
export function joinJapaneseSoftBreaks(html: string): string {
  return html
    .split(/(<pre[\s>][\s\S]*?<\/pre>)/)
    .map((part, index) => (index % 2 === 1 ? part : part.replace(SOFT_BREAK_BETWEEN_JAPANESE, "$1$2$3")))
    .join("");
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", apos: "'", nbsp: " " };

/**
 * The text a reader sees in rendered, sanitised HTML: inline tags vanish (so 「鍵</strong> を」
 * still shows its space), block tags become line breaks (so table cells and list items never run
 * into each other), and the entities sanitize-html emits are decoded.
 */
export function htmlToText(html: string): string {
  return html
    .replace(/<\/?(?:strong|em|code|a|b|i|span)(?:\s[^>]*)?>/g, "")
    .replace(/<[^>]*>/g, "\n")
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (entity, name: string) => {
      if (name.startsWith("#x")) return String.fromCodePoint(parseInt(name.slice(2), 16));
      if (name.startsWith("#") && name !== "#39") return String.fromCodePoint(Number(name.slice(1)));
      return ENTITIES[name.toLowerCase()] ?? entity;
    });
}

/** Length as a reader counts it: characters (code points), whitespace not counted. */
export function visibleLength(text: string): number {
  return [...text.replace(/\s+/gu, "")].length;
}
