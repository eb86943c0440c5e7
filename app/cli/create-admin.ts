// First administrator for a production database (no demo data):
//   npm run create-admin -- --employee-no A0001 --name "管理 太郎" --department-code 1130 --department-name 情報政策課
// The password is read from the MAMORI_ADMIN_PASSWORD environment variable or asked for on stdin.
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { databasePath, openDatabase } from "../db/client.server";
import { createFirstAdmin } from "../domain/admin/first-admin.server";
import { MIN_PASSWORD_LENGTH } from "../domain/auth/password.server";

const { values } = parseArgs({
  options: {
    "employee-no": { type: "string" },
    name: { type: "string" },
    "department-code": { type: "string", default: "0000" },
    "department-name": { type: "string", default: "システム管理" },
  },
});

async function readPassword(): Promise<string> {
  if (process.env.MAMORI_ADMIN_PASSWORD) return process.env.MAMORI_ADMIN_PASSWORD;
  const readline = createInterface({ input: process.stdin, output: process.stdout });
  const password = await readline.question(`パスワード（${MIN_PASSWORD_LENGTH}文字以上）: `);
  readline.close();
  return password;
}

async function main() {
  if (!values["employee-no"] || !values.name) {
    console.error("使い方: npm run create-admin -- --employee-no <職員番号> --name <氏名> [--department-code <所属コード>] [--department-name <所属名>]");
    process.exit(2);
  }
  const password = await readPassword();
  const db = openDatabase(databasePath());
  const result = await createFirstAdmin(db, {
    employeeNo: values["employee-no"],
    name: values.name,
    departmentCode: values["department-code"]!,
    departmentName: values["department-name"]!,
    password,
  });
  if (!result.ok) {
    console.error(result.message);
    process.exit(1);
  }
  console.log(`管理者 ${values["employee-no"]} を作成しました（${databasePath()}）。`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
