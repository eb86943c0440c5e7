import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";

const marked = new Marked({ gfm: true, breaks: false, async: false });

const allowedTags = [
  "h2", "h3", "h4", "p", "ul", "ol", "li", "strong", "em", "code", "pre", "blockquote",
  "table", "thead", "tbody", "tr", "th", "td", "hr", "br", "a", "dl", "dt", "dd",
];

/**
 * Render module Markdown to HTML that is safe to inline. Content authors are trusted staff, but
 * the output is sanitised anyway: a pasted <script> or javascript: link must never reach a page.
 * Top-level headings are demoted (h1 → h2) because the page already has the module title as h1.
 */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown) as string;
  return sanitizeHtml(html, {
    allowedTags,
    allowedAttributes: { a: ["href", "title"], th: ["scope"], td: [] },
    allowedSchemes: ["https", "mailto"],
    allowProtocolRelative: false,
    transformTags: {
      h1: "h2",
      a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: "noopener noreferrer" } }),
    },
    exclusiveFilter: (frame) => frame.tag === "a" && !frame.attribs.href,
  });
}
