/** What a department head typed for one item (strings as posted). */
export type AnswerInput = { answer: string | null; comment: string; improvementPlan: string; improvementDue: string };

/**
 * Read a department's answers from the form: `answer:<item>`, `comment:<item>`, `plan:<item>`,
 * `due:<item>` for every item id listed in `items` (the page sends them as hidden fields, and the
 * server only accepts ids of the response anyway). Values that are not strings are ignored.
 */
export function parseAnswerForm(form: FormData): Map<string, AnswerInput> {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
  const answers = new Map<string, AnswerInput>();
  for (const itemId of form.getAll("item")) {
    if (typeof itemId !== "string" || itemId === "" || answers.has(itemId)) continue;
    const answer = text(`answer:${itemId}`);
    answers.set(itemId, {
      answer: answer === "" ? null : answer,
      comment: text(`comment:${itemId}`),
      improvementPlan: text(`plan:${itemId}`),
      improvementDue: text(`due:${itemId}`),
    });
  }
  return answers;
}
