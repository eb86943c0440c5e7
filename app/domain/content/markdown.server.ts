import { Lexer, Marked, type Tokens } from "marked";
import sanitizeHtml from "sanitize-html";
import { joinJapaneseSoftBreaks } from "./japanese";

/**
 * Callouts: a blockquote whose first line is `[!ADVICE]` or `[!EDITORIAL]`. General good practice
 * the policy does not state must be told apart from what the policy requires, so ADVICE renders
 * as a visibly different note with a title that says so; EDITORIAL marks the editors' remarks.
 */
export const CALLOUTS = {
  ADVICE: { className: "callout--advice", title: "一般的な注意（基本方針の規定ではありません）" },
  EDITORIAL: { className: "callout--editorial", title: "編集注" },
} as const;

const MARKED_OPTIONS = { gfm: true, breaks: false, async: false } as const;
const CALLOUT_MARKER = /^\[!([A-Z]+)\][ \t]*(?:\n|$)/;

const marked = new Marked(MARKED_OPTIONS);
marked.use({
  renderer: {
    blockquote(token: Tokens.Blockquote) {
      const [first, ...rest] = token.tokens;
      if (first?.type !== "paragraph") return false;
      const paragraph = first as Tokens.Paragraph;
      const match = CALLOUT_MARKER.exec(paragraph.text);
      const callout = match ? CALLOUTS[match[1] as keyof typeof CALLOUTS] : undefined;
      if (!match || !callout) return false;
      const remaining = paragraph.text.slice(match[0].length);
      const body: Tokens.Generic[] = remaining.trim()
        ? [{ type: "paragraph", raw: remaining, text: remaining, tokens: Lexer.lexInline(remaining, MARKED_OPTIONS) }, ...rest]
        : rest;
      return `<aside class="callout ${callout.className}" role="note"><p class="callout__title">${callout.title}</p>\n${this.parser.parse(body)}</aside>\n`;
    },
  },
});

const allowedTags = [
  "h2", "h3", "h4", "p", "ul", "ol", "li", "strong", "em", "code", "pre", "blockquote",
  "table", "thead", "tbody", "tr", "th", "td", "hr", "br", "a", "dl", "dt", "dd", "aside",
];

/**
 * Render module Markdown to HTML that is safe to inline. Content authors are trusted staff, but
 * the output is sanitised anyway: a pasted <script> or javascript: link must never reach a page.
 * Top-level headings are demoted (h1 → h2) because the page already has the module title as h1.
 * A soft line break between two Japanese characters is joined (a browser would show a space).
 */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown) as string;
  const safe = sanitizeHtml(html, {
    allowedTags,
    allowedAttributes: { a: ["href", "title"], th: ["scope"], td: [], aside: [{ name: "role", multiple: false, values: ["note"] }] },
    allowedClasses: { aside: ["callout", ...Object.values(CALLOUTS).map((callout) => callout.className)], p: ["callout__title"] },
    allowedSchemes: ["https", "mailto"],
    allowProtocolRelative: false,
    transformTags: {
      h1: "h2",
      a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: "noopener noreferrer" } }),
    },
    exclusiveFilter: (frame) => frame.tag === "a" && !frame.attribs.href,
  });
  return joinJapaneseSoftBreaks(safe);
}
