/** Where an assignment came from (assignments.source), as staff and HR call it. */
export const SOURCE_LABELS: Record<string, string> = {
  rule: "年度研修",
  refresher: "再受講（所属長の指示）",
  hr: "人事からの指定",
  remedial: "補習",
};
