// Roster sync from the city's directory (LDAP / Active Directory), for cron:
//   npm run sync-directory [-- --apply] [-- --full-batch]
// Without --apply it is a dry run. The people are checked and applied exactly like a roster
// CSV (npm run import): any bad entry → every problem is printed, nothing is written, exit 1.
import { parseArgs } from "node:util";
import { databasePath, openDatabase } from "../db/client.server";
import { getDirectoryConfig } from "../domain/auth/directory-config.server";
import { now } from "../domain/clock.server";
import { getCatalog, syncCatalog } from "../domain/content/catalog.server";
import { applyDirectorySync, dnOfLine, planDirectorySync, readDirectoryRoster } from "../domain/roster/directory-sync.server";
import type { ImportPlan } from "../domain/roster/import.server";

const { values } = parseArgs({ options: { apply: { type: "boolean", default: false }, "full-batch": { type: "boolean", default: false } } });

function summary(plan: ImportPlan): string {
  return `人数 ${plan.rows} / 新規 ${plan.created.length} / 変更 ${plan.changed.length} / 退職 ${plan.leavers.length} / 変更なし ${plan.unchanged}`;
}

async function main(): Promise<number> {
  const ldap = getDirectoryConfig().ldap;
  if (!ldap) {
    console.error("LDAP_URL が設定されていません。README の「Sign-in with the city's directory」を参照してください。");
    return 2;
  }
  const db = openDatabase(databasePath());
  syncCatalog(db, getCatalog());
  const fullBatch = values["full-batch"] ?? false;
  console.log(`${ldap.url} の ${ldap.sync.baseDn} から職員を読み込んでいます（${fullBatch ? "全件モード" : "差分モード"}）…`);
  let roster;
  try {
    roster = await readDirectoryRoster(db, ldap, now());
  } catch (error) {
    console.error(`ディレクトリ（Active Directory）に接続できません: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  console.log(`${roster.dns.length} 人を読み込みました。`);
  const planned = planDirectorySync(db, roster, { fullBatch, now: now() });
  if (!planned.ok) {
    for (const problem of planned.problems) {
      console.error(`${dnOfLine(roster, problem.line) ?? `${problem.line}行目`}${problem.column ? ` [${problem.column}]` : ""}: ${problem.message}`);
    }
    console.error(`誤りが ${planned.problems.length} 件あります。何も反映していません。`);
    return 1;
  }
  console.log(`確認完了: ${summary(planned.plan)}`);
  for (const person of planned.plan.created.slice(0, 20)) console.log(`  新規: ${person.employeeNo} ${person.name}`);
  for (const person of planned.plan.changed.slice(0, 20)) console.log(`  変更: ${person.employeeNo} ${person.name} ${person.changes.map((change) => `${change.field} ${change.from || "（空）"} → ${change.to || "（空）"}`).join("、")}`);
  for (const leaver of planned.plan.leavers.slice(0, 20)) console.log(`  退職: ${leaver.employeeNo} ${leaver.name}`);
  if (planned.plan.protectedAdmins.length > 0) console.log(`  管理者のため退職扱いにしない: ${planned.plan.protectedAdmins.join(", ")}`);
  if (!values.apply) {
    console.log("ドライランのため反映していません。反映するには --apply を付けて実行してください。");
    return 0;
  }
  const result = applyDirectorySync(db, roster, ldap, { fullBatch, now: now(), actorAccountId: null });
  if (!result.ok) {
    for (const problem of result.problems) console.error(`${dnOfLine(roster, problem.line) ?? `${problem.line}行目`}: ${problem.message}`);
    return 1;
  }
  console.log(`反映しました: ${summary(result.plan)}、研修の割り当て ${result.assignmentsCreated} 件を作成`);
  return 0;
}

process.exitCode = await main();
