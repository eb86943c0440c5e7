/**
 * Section numbers that exist in a policy text laid out like the Nanao basic policy: top-level
 * 「1. 目的」 lines and 「(1)」 / 「- (1)」 subsections under them. Returns "1", "2", "2(1)" …
 */
export function policySectionsOf(text: string): Set<string> {
  const sections = new Set<string>();
  let current: string | null = null;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    const top = /^(\d{1,2})\. \S/.exec(line);
    if (top) {
      current = top[1];
      sections.add(current);
      continue;
    }
    const sub = /^(?:- )?\((\d{1,2})\)/.exec(line);
    if (sub && current) sections.add(`${current}(${sub[1]})`);
  }
  return sections;
}
