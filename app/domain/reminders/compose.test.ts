import { describe, expect, it } from "vitest";
import { composeMail, DIGEST_LINE_LIMIT } from "./compose";
import type { PlannedMessage, StaffItem } from "./planner";

const base: PlannedMessage = {
  recipientId: 1,
  employeeNo: "S0001",
  name: "七尾 太郎",
  email: "s0001@example.lg.jp",
  own: [],
  managerDigest: null,
  hrDigest: null,
  inspections: [],
  inspectionDigest: null,
};

function staff(employeeId: number, daysOverdue: number, title = "対象とする脅威", fiscalYear = 2026): StaffItem {
  return { assignmentId: employeeId * 100 + daysOverdue, employeeId, employeeNo: `E${employeeId}`, name: `職員${employeeId}`, departmentName: "総務課", moduleId: "threats", title, fiscalYear, dueDate: "2026-11-05", daysOverdue };
}

describe("composeMail", () => {
  it("lists the learner's modules with due dates (和暦) and absolute links", () => {
    const mail = composeMail(
      {
        ...base,
        own: [
          { assignmentId: 1, kind: "overdue", slotDate: "2026-11-25", moduleId: "threats", title: "対象とする脅威", fiscalYear: 2026, dueDate: "2026-11-05", daysLeft: -20 },
          { assignmentId: 2, kind: "upcoming", slotDate: "2026-11-25", moduleId: "scope-and-duties", title: "適用範囲と職員等の遵守義務", fiscalYear: 2026, dueDate: "2026-12-02", daysLeft: 7 },
        ],
      },
      { baseUrl: "https://mamori.example.lg.jp/", date: "2026-11-25" },
    );
    expect(mail.subject).toBe("【まもり】受講期限を過ぎた研修があります");
    expect(mail.text).toContain("七尾 太郎 様");
    expect(mail.text).toContain("■ 受講期限を過ぎている研修\n・［令和8年度］対象とする脅威（期限 令和8年11月5日、20日超過）\n  https://mamori.example.lg.jp/learn/threats?a=1");
    expect(mail.text).toContain("・［令和8年度］適用範囲と職員等の遵守義務（期限 令和8年12月2日、あと7日）\n  https://mamori.example.lg.jp/learn/scope-and-duties?a=2");
    expect(mail.text).toContain("https://mamori.example.lg.jp/learn\n");
  });

  it("names each part of a merged digest in the subject", () => {
    const mail = composeMail({ ...base, managerDigest: [staff(2, 9)], hrDigest: { overdue: [staff(3, 15)], unreachable: [], inspections: [] } }, { baseUrl: "http://localhost:3000", date: "2026-11-25" });
    expect(mail.subject).toBe("【まもり】所属職員の研修期限超過のお知らせ／研修期限超過者の報告（人事）");
    expect(mail.text).toContain("■ 所属職員の研修期限超過（1名・1件）\n");
    expect(mail.text).toContain("・E2 職員2（総務課） 1件\n    ［令和8年度］対象とする脅威（期限 令和8年11月5日、9日超過）");
    expect(mail.text).toContain("http://localhost:3000/team");
    expect(mail.text).toContain("http://localhost:3000/hr/reminders");
  });

  it("groups staff per person, most overdue first, and caps a long digest", () => {
    const many = Array.from({ length: DIGEST_LINE_LIMIT + 5 }, (_, index) => staff(index + 1, 10 + (index % 7)));
    const mail = composeMail({ ...base, hrDigest: { overdue: [...many, staff(1, 30, "目的と基本用語")], unreachable: [], inspections: [] } }, { baseUrl: "http://x.example", date: "2026-11-25" });
    const firstPerson = mail.text.indexOf("・E1 職員1（総務課） 2件");
    expect(firstPerson).toBeGreaterThan(0);
    expect(mail.text.indexOf("目的と基本用語")).toBeGreaterThan(firstPerson);
    expect(mail.text).toContain(`ほか 5 名。全員の一覧は http://x.example/hr/reminders で確認できます。`);
  });

  it("shows the 年度 on every line and puts an earlier 年度's unfinished items under their own heading", () => {
    const mail = composeMail(
      {
        ...base,
        own: [
          { assignmentId: 7, kind: "overdue", slotDate: "2026-11-25", moduleId: "threats", title: "対象とする脅威", fiscalYear: 2025, dueDate: "2025-12-31", daysLeft: -329 },
          { assignmentId: 8, kind: "overdue", slotDate: "2026-11-25", moduleId: "threats", title: "対象とする脅威", fiscalYear: 2026, dueDate: "2026-11-05", daysLeft: -20 },
        ],
        managerDigest: [staff(2, 329, "対象とする脅威", 2025), staff(2, 9)],
      },
      { baseUrl: "http://x.example", date: "2026-11-25" },
    );
    const thisYear = mail.text.indexOf("■ 受講期限を過ぎている研修\n・［令和8年度］対象とする脅威（期限 令和8年11月5日、20日超過）\n  http://x.example/learn/threats?a=8");
    const lastYear = mail.text.indexOf("■ 前年度（令和7年度）の未修了の研修\n・［令和7年度］対象とする脅威（期限 令和7年12月31日、329日超過）\n  http://x.example/learn/threats?a=7");
    expect(thisYear).toBeGreaterThan(0);
    expect(lastYear).toBeGreaterThan(thisYear);
    expect(mail.text).toContain(
      "・E2 職員2（総務課） 2件\n    ［令和8年度］対象とする脅威（期限 令和8年11月5日、9日超過）\n    ［前年度（令和7年度）の未修了］対象とする脅威（期限 令和8年11月5日、329日超過）",
    );
  });

  it("tells HR who cannot be e-mailed", () => {
    const mail = composeMail(
      {
        ...base,
        hrDigest: {
          overdue: [],
          unreachable: [{ employeeId: 9, employeeNo: "E00286", name: "山田 美咲", departmentName: "警防課", reason: "no_email", role: "learner", items: 1 }],
          inspections: [],
        },
      },
      { baseUrl: "http://x.example", date: "2026-11-25" },
    );
    expect(mail.text).toContain("■ メールで通知できない職員（1名）");
    expect(mail.text).toContain("・E00286 山田 美咲（警防課）: メールアドレス未登録、対象の研修1件");
  });

  it("reminds a department head of the self-inspection and lists overdue ones in the digests", () => {
    const inspection = { responseId: 5, slotDate: "2026-11-25", departmentName: "総務課", fiscalYear: 2026, dueDate: "2026-12-02", headName: "七尾 太郎" };
    const mail = composeMail(
      {
        ...base,
        inspections: [{ ...inspection, kind: "upcoming", daysLeft: 7 }],
        inspectionDigest: [{ ...inspection, responseId: 6, departmentName: "庶務係", headName: "能登 花子", kind: "escalation_manager", dueDate: "2026-11-10", daysLeft: -15 }],
      },
      { baseUrl: "http://x.example", date: "2026-11-25" },
    );
    expect(mail.subject).toBe("【まもり】自己点検の提出期限が近づいています／所属の自己点検の提出遅れのお知らせ");
    expect(mail.text).toContain("■ 自己点検（令和8年度）\n・総務課（提出期限 令和8年12月2日、あと7日）\n  http://x.example/team/self-inspection/5");
    expect(mail.text).toContain("■ 提出期限を過ぎた自己点検（1所属）\n・庶務係（所属長 能登 花子、提出期限 令和8年11月10日、15日超過）");
  });
});
