// Roster import for cron and large files:
//   npm run import -- <file.csv> [--apply] [--full-batch]
// Without --apply it is a dry run. Any bad row: every problem is printed and the exit code is 1.
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { databasePath, openDatabase } from "../db/client.server";
import { now } from "../domain/clock.server";
import { getCatalog, syncCatalog } from "../domain/content/catalog.server";
import { applyImport, planImport, type ImportPlan } from "../domain/roster/import.server";
import { countNormalisations, describeNormalisation, NORMALISATION_KINDS, NORMALISATION_LABELS } from "../domain/roster/columns";
import { decodeRosterFile } from "../domain/roster/parse.server";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { apply: { type: "boolean", default: false }, "full-batch": { type: "boolean", default: false } } });

function summary(plan: ImportPlan): string {
  return `行数 ${plan.rows} / 新規 ${plan.created.length} / 変更 ${plan.changed.length} / 退職 ${plan.leavers.length} / 変更なし ${plan.unchanged}`;
}

function main(): number {
  const file = positionals[0];
  if (!file) {
    console.error("使い方: npm run import -- <名簿.csv> [--apply] [--full-batch]");
    return 2;
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    console.error(`ファイルを読めません: ${file}`);
    return 2;
  }
  const started = performance.now();
  const stamp = () => `${((performance.now() - started) / 1000).toFixed(1)}秒`;
  console.log(`[${stamp()}] ${path.basename(file)}（${(statSync(file).size / 1024 / 1024).toFixed(1)}MB）を読み込みました`);
  const decoded = decodeRosterFile(bytes);
  const db = openDatabase(databasePath());
  syncCatalog(db, getCatalog());
  const fullBatch = values["full-batch"] ?? false;
  console.log(`[${stamp()}] 文字コード ${decoded.encoding}、${fullBatch ? "全件モード" : "差分モード"}で確認しています…`);
  const planned = planImport(db, decoded.text, { fullBatch, now: now() });
  if (!planned.ok) {
    for (const problem of planned.problems) console.error(`${problem.line}行目${problem.column ? ` [${problem.column}]` : ""}: ${problem.message}`);
    console.error(`誤りが ${planned.problems.length} 件あります。何も反映していません。`);
    return 1;
  }
  console.log(`[${stamp()}] 確認完了: ${summary(planned.plan)}`);
  const counts = countNormalisations(planned.plan.normalisations);
  const normalised = NORMALISATION_KINDS.filter((kind) => counts[kind] > 0).map((kind) => `${NORMALISATION_LABELS[kind]} ${counts[kind]}`);
  if (normalised.length > 0) console.log(`  書式を整えたセル: ${normalised.join(" / ")}`);
  for (const entry of planned.plan.normalisations.slice(0, 20)) console.log(`  ${entry.line}行目 ${entry.column}: ${describeNormalisation(entry)}`);
  for (const leaver of planned.plan.leavers.slice(0, 20)) console.log(`  退職: ${leaver.employeeNo} ${leaver.name}`);
  if (planned.plan.protectedAdmins.length > 0) console.log(`  管理者のため退職扱いにしない: ${planned.plan.protectedAdmins.join(", ")}`);
  if (!values.apply) {
    console.log("ドライランのため反映していません。反映するには --apply を付けて実行してください。");
    return 0;
  }
  console.log(`[${stamp()}] 反映しています（1つのトランザクション）…`);
  const result = applyImport(db, decoded.text, { fullBatch, now: now(), actorAccountId: null, fileName: path.basename(file) });
  if (!result.ok) {
    for (const problem of result.problems) console.error(`${problem.line}行目: ${problem.message}`);
    return 1;
  }
  console.log(`[${stamp()}] 反映しました: ${summary(result.plan)}、研修の割り当て ${result.assignmentsCreated} 件を作成`);
  return 0;
}

process.exitCode = main();
