// The 自己点検 roll-up: pure, from a campaign's responses and answers. Only submitted responses
// count towards answer shares; a draft counts as 未提出 whatever it holds.
import { percentValue, ratio } from "../reports/rates";
import { compareSections, type Answer, type ChecklistItem } from "./checklist";

export type RollupResponse = {
  id: number;
  departmentId: number;
  departmentName: string;
  organisationId: number;
  organisationName: string;
  status: "draft" | "submitted";
};

export type RollupAnswer = {
  responseId: number;
  itemId: string;
  answer: Answer | null;
  improvementPlan: string | null;
  improvementDue: string | null;
  improvementClosedAt: number | null;
};

export type AnswerCounts = { yes: number; no: number; na: number; responses: number; noPercent: number | null };

export type Rollup = {
  departments: number;
  submitted: number;
  submittedPercent: number | null;
  organisations: { id: number; name: string; departments: number; submitted: number; submittedPercent: number | null }[];
  items: (AnswerCounts & { id: string; section: string; text: string })[];
  sections: (AnswerCounts & { section: string })[];
  actions: {
    responseId: number;
    departmentName: string;
    organisationName: string;
    itemId: string;
    section: string;
    text: string;
    plan: string;
    due: string;
    closedAt: number | null;
    /** Open and past its date. */
    late: boolean;
  }[];
};

/**
 * A share in percent with one decimal, rounded half up, from integers only (no floating-point
 * surprises at x.x5): null when there is nothing to divide by.
 */
export function percentHalfUp(part: number, whole: number): number | null {
  // The same rounding as every completion rate (reports/rates.ts).
  return percentValue(ratio(part, whole));
}

function emptyCounts(): AnswerCounts {
  return { yes: 0, no: 0, na: 0, responses: 0, noPercent: null };
}

function add(counts: AnswerCounts, answer: Answer | null): void {
  if (answer === null) return;
  counts[answer] += 1;
  counts.responses += 1;
}

/** いいえ share: いいえ ÷ (はい + いいえ); 該当なし is left out, as it does not apply. */
function finish<T extends AnswerCounts>(counts: T): T {
  counts.noPercent = percentHalfUp(counts.no, counts.yes + counts.no);
  return counts;
}

export function calculateRollup(input: { items: readonly ChecklistItem[]; responses: readonly RollupResponse[]; answers: readonly RollupAnswer[]; today: string }): Rollup {
  const responses = new Map(input.responses.map((response) => [response.id, response]));
  const organisations = new Map<number, Rollup["organisations"][number]>();
  for (const response of input.responses) {
    const organisation = organisations.get(response.organisationId) ?? { id: response.organisationId, name: response.organisationName, departments: 0, submitted: 0, submittedPercent: null };
    organisation.departments += 1;
    if (response.status === "submitted") organisation.submitted += 1;
    organisations.set(response.organisationId, organisation);
  }
  for (const organisation of organisations.values()) organisation.submittedPercent = percentHalfUp(organisation.submitted, organisation.departments);

  const itemCounts = new Map(input.items.map((item) => [item.id, { ...emptyCounts(), id: item.id, section: item.section, text: item.text }]));
  const sectionCounts = new Map<string, AnswerCounts & { section: string }>();
  const actions: Rollup["actions"] = [];
  for (const answer of input.answers) {
    const response = responses.get(answer.responseId);
    const item = itemCounts.get(answer.itemId);
    if (!response || !item || response.status !== "submitted") continue;
    add(item, answer.answer);
    const section = sectionCounts.get(item.section) ?? { ...emptyCounts(), section: item.section };
    add(section, answer.answer);
    sectionCounts.set(item.section, section);
    if (answer.answer === "no" && answer.improvementPlan && answer.improvementDue) {
      actions.push({
        responseId: response.id,
        departmentName: response.departmentName,
        organisationName: response.organisationName,
        itemId: item.id,
        section: item.section,
        text: item.text,
        plan: answer.improvementPlan,
        due: answer.improvementDue,
        closedAt: answer.improvementClosedAt,
        late: answer.improvementClosedAt === null && answer.improvementDue < input.today,
      });
    }
  }
  actions.sort((a, b) => Number(a.closedAt !== null) - Number(b.closedAt !== null) || a.due.localeCompare(b.due) || a.departmentName.localeCompare(b.departmentName, "ja"));
  const submitted = input.responses.filter((response) => response.status === "submitted").length;
  return {
    departments: input.responses.length,
    submitted,
    submittedPercent: percentHalfUp(submitted, input.responses.length),
    organisations: [...organisations.values()],
    items: [...itemCounts.values()].map(finish),
    sections: [...sectionCounts.values()].map(finish).sort((a, b) => compareSections(a.section, b.section)),
    actions,
  };
}
