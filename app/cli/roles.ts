// Grant or revoke a role from the command line (audited, with no signed-in actor):
//   npm run roles -- grant A0002 admin
//   npm run roles -- revoke H0001 hr
//   npm run roles -- list
// Roles: hr, auditor, admin, manager. The last active administrator cannot be revoked, nor the
// manager role of a department head.
import { databasePath, openDatabase } from "../db/client.server";
import { grantRole, isManageableRole, listRoleHolders, MANAGEABLE_ROLES, revokeRole } from "../domain/admin/roles.server";
import { ROLE_LABELS } from "../domain/auth/roles";

const USAGE = `使い方: npm run roles -- grant|revoke <職員番号> <${MANAGEABLE_ROLES.join("|")}>\n        npm run roles -- list`;

function main(): number {
  const [command, employeeNo, role] = process.argv.slice(2);
  const db = openDatabase(databasePath());
  if (command === "list") {
    for (const holder of listRoleHolders(db)) {
      console.log(`${holder.employeeNo}\t${holder.name}\t${holder.roles.map((value) => ROLE_LABELS[value]).join("・")}`);
    }
    return 0;
  }
  if ((command !== "grant" && command !== "revoke") || !employeeNo || !role) {
    console.error(USAGE);
    return 2;
  }
  if (!isManageableRole(role)) {
    console.error(`権限「${role}」はありません。${MANAGEABLE_ROLES.join(", ")} のいずれかを指定してください。`);
    return 2;
  }
  const actor = { accountId: null, ip: null };
  const result = command === "grant" ? grantRole(db, employeeNo, role, actor) : revokeRole(db, employeeNo, role, actor);
  if (!result.ok) {
    console.error(result.message);
    return 1;
  }
  const verb = command === "grant" ? "付与し" : "取り消し";
  console.log(result.changed ? `${result.holder.name}（${result.holder.employeeNo}）の「${ROLE_LABELS[role]}」を${verb}ました。` : `変更はありません（${result.holder.employeeNo} の権限: ${result.holder.roles.join(", ")}）。`);
  return 0;
}

process.exitCode = main();
