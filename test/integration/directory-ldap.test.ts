import { spawnSync } from "node:child_process";
import { eq, like, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "~/db/client.server";
import { accountRoles, accounts, auditLog, employees, loginFailures, sessions } from "~/db/schema";
import { getDirectoryConfig } from "~/domain/auth/directory-config.server";
import { getSessionUser } from "~/domain/auth/session.server";
import { action as adminAction, loader as adminLoader } from "~/routes/admin._index";
import { action as loginAction } from "~/routes/login";
import { applyDirectorySync, dnOfLine, planDirectorySync, readDirectoryRoster } from "~/domain/roster/directory-sync.server";
import { createDemoDb, markLeft, TEST_NOW } from "../helpers/db";
import { context, cookieFor, get, payload, post, settle } from "../helpers/requests";
import { BASE_DN, directoryLdif, freePort, groupDn, SERVICE_DN, SERVICE_PASSWORD, startSlapd, type DirectoryPerson, type Slapd } from "../helpers/slapd";

// People in the directory: E00001–E00004 and S0001 are demo employees (S0001 also has a local
// password), E00079 left the city in the demo data, X9001 has no Mamori employee.
const PEOPLE: DirectoryPerson[] = [
  { uid: "matsumoto", sAMAccountName: "matsumoto", employeeId: "E00001", displayName: "松本 修", kana: "マツモト オサム", department: "1110", employeeType: "委託事業者", password: "ad-E00001" },
  { uid: "hashimoto", sAMAccountName: "hashimoto", employeeId: "E00002", displayName: "橋本 陽菜", kana: "ハシモト ヒナ", department: "1110", employeeType: "委託事業者", password: "ad-E00002" },
  { uid: "sakamoto", sAMAccountName: "sakamoto", employeeId: "E00003", displayName: "坂本 健一", kana: "サカモト ケンイチ", mail: "e00003@example.lg.jp", department: "1110", employeeType: "職員", password: "ad-E00003" },
  { uid: "sato", sAMAccountName: "sato", employeeId: "E00004", displayName: "佐藤 大輔", kana: "サトウ ダイスケ", mail: "e00004@example.lg.jp", department: "1120", employeeType: "職員", password: "ad-E00004" },
  { uid: "nanao", sAMAccountName: "nanao", employeeId: "S0001", displayName: "七尾 太郎", kana: "ナナオ タロウ", mail: "s0001@example.lg.jp", department: "1111", employeeType: "職員", password: "ad-S0001" },
  { uid: "ikeda", sAMAccountName: "ikeda", employeeId: "E00079", displayName: "池田 陽菜", kana: "イケダ ヒナ", department: "1110", employeeType: "職員", password: "ad-E00079", description: "disabled" },
  { uid: "stranger", sAMAccountName: "stranger", employeeId: "X9001", displayName: "外部 一郎", kana: "ガイブ イチロウ", department: "1110", employeeType: "職員", password: "ad-X9001" },
  { uid: "newcomer", sAMAccountName: "newcomer", employeeId: "N0001", displayName: "新人 さくら", kana: "シンジン サクラ", mail: "n0001@example.lg.jp", department: "1130", employeeType: "職員", password: "ad-N0001" },
  { uid: "printer", sAMAccountName: "printer", displayName: "複合機 用", password: "ad-printer" },
  { uid: "broken", sAMAccountName: "broken", employeeId: "B0001", displayName: "誤登録 例", department: "9999", employeeType: "職員", password: "ad-B0001", description: "broken" },
];
const GROUPS = [
  { cn: "mamori-hr", members: ["hashimoto"] },
  { cn: "mamori-auditor", members: ["sakamoto"] },
];

let slapd: Slapd;
let db: Db;

function ldapEnv(url: string): Record<string, string> {
  return {
    LDAP_URL: url,
    LDAP_ALLOW_PLAIN: "true",
    LDAP_BASE_DN: BASE_DN,
    LDAP_BIND_DN: SERVICE_DN,
    LDAP_BIND_PASSWORD: SERVICE_PASSWORD,
    LDAP_USER_FILTER: "(&(objectClass=inetOrgPerson)(|(sAMAccountName={username})(employeeID={username})))",
    LDAP_ROLE_GROUPS: `hr=${groupDn("mamori-hr")};auditor=${groupDn("mamori-auditor")}`,
    // description=disabled stands in for AD's userAccountControl "disabled" bit of the default filter.
    LDAP_SYNC_FILTER: "(&(objectClass=inetOrgPerson)(employeeID=*)(!(description=disabled))(!(description=broken)))",
  };
}

function stubEnv(values: Record<string, string>) {
  for (const [key, value] of Object.entries(values)) vi.stubEnv(key, value);
}

beforeAll(async () => {
  slapd = await startSlapd(directoryLdif(PEOPLE, GROUPS), { tls: true });
});
afterAll(async () => {
  await slapd?.stop();
  // The stubbed LDAP_*/OIDC_* must not leak into the next file run by this worker.
  vi.unstubAllEnvs();
});
beforeEach(() => {
  vi.unstubAllEnvs();
  db = createDemoDb();
  markLeft(db, "E00079");
  stubEnv(ldapEnv(slapd.url));
});

async function login(username: string, password: string, ip = "127.0.0.1") {
  return settle(() => loginAction({ request: post("/login", { username, password }), params: {}, context: { ...context, clientIp: ip } }));
}

function sessionCount(): number {
  return db.select().from(sessions).all().length;
}

function rolesOf(employeeNo: string): string[] {
  return db.select({ role: accountRoles.role }).from(accountRoles)
    .innerJoin(accounts, eq(accounts.id, accountRoles.accountId)).innerJoin(employees, eq(employees.id, accounts.employeeId))
    .where(eq(employees.employeeNo, employeeNo)).all().map((row) => row.role).sort();
}

describe("LDAP sign-in", () => {
  it("signs a person without a local password in by their directory user name and maps employeeID to the 職員番号", async () => {
    const response = (await login("matsumoto", "ad-E00001")) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/learn");
    const user = await getSessionUser(get("/learn", response.headers.get("Set-Cookie")!.split(";")[0]), { db });
    expect(user?.employeeNo).toBe("E00001");
    expect(sessionCount()).toBe(1);
    const audit = db.select().from(auditLog).where(eq(auditLog.action, "auth.login")).all();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].details!)).toEqual({ method: "ldap" });
  });

  it("also accepts the 職員番号 as the user name (the filter searches both attributes)", async () => {
    const response = (await login("E00003", "ad-E00003")) as Response;
    expect(response.status).toBe(302);
    expect(sessionCount()).toBe(1);
  });

  it("refuses a wrong password and an unknown user with the same Japanese message, counts the failure, writes no session", async () => {
    const wrong = payload<{ formError: string }>(await login("matsumoto", "wrong"));
    const unknown = payload<{ formError: string }>(await login("nobody", "ad-E00001"));
    expect(wrong.status).toBe(400);
    expect(wrong.body.formError).toBe("職員番号またはパスワードが正しくありません。");
    expect(unknown.body.formError).toBe(wrong.body.formError);
    expect(sessionCount()).toBe(0);
    expect(db.select().from(loginFailures).where(like(loginFailures.key, "account:%")).all().map((row) => row.key).sort()).toEqual(["account:matsumoto", "account:nobody"]);
  });

  it("refuses an empty-looking password (no unauthenticated bind) and a filter injection", async () => {
    expect(payload(await login("matsumoto", " ")).status).toBe(400);
    expect(payload(await login("*", "ad-E00001")).status).toBe(400);
    expect(payload(await login("matsumoto)(employeeID=*", "ad-E00001")).status).toBe(400);
    expect(sessionCount()).toBe(0);
  });

  it("refuses a person who has left (disabled employee) even with the right directory password", async () => {
    const result = payload<{ formError: string }>(await login("ikeda", "ad-E00079"));
    expect(result.status).toBe(400);
    expect(result.body.formError).toBe("職員番号またはパスワードが正しくありません。");
    expect(sessionCount()).toBe(0);
  });

  it("tells a directory user with no Mamori employee to ask HR, and audits it", async () => {
    const result = payload<{ formError: string }>(await login("stranger", "ad-X9001"));
    expect(result.status).toBe(400);
    expect(result.body.formError).toContain("まもりに登録された職員と対応付けられません");
    expect(sessionCount()).toBe(0);
    expect(db.select().from(auditLog).where(eq(auditLog.action, "auth.directory_unmapped")).all()).toHaveLength(1);
  });

  it("keeps the local password for accounts that have one, and falls back to the directory password", async () => {
    expect(((await login("S0001", "mamori-demo")) as Response).status).toBe(302);
    expect(((await login("S0001", "ad-S0001")) as Response).status).toBe(302);
    const methods = db.select({ details: auditLog.details }).from(auditLog).where(eq(auditLog.action, "auth.login")).all();
    expect(methods.map((row) => row.details)).toEqual([null, JSON.stringify({ method: "ldap" })]);
  });

  it("grants and removes the roles of the configured groups, audited, and leaves other roles alone", async () => {
    // E00004 holds auditor from before but is not in the auditor group; E00002 is in the hr group.
    const e4 = db.select({ id: accounts.id }).from(accounts).innerJoin(employees, eq(employees.id, accounts.employeeId)).where(eq(employees.employeeNo, "E00004")).get()!;
    db.insert(accountRoles).values([{ accountId: e4.id, role: "auditor" }, { accountId: e4.id, role: "manager" }]).run();
    expect(((await login("hashimoto", "ad-E00002")) as Response).status).toBe(302);
    expect(((await login("sakamoto", "ad-E00003")) as Response).status).toBe(302);
    expect(((await login("sato", "ad-E00004")) as Response).status).toBe(302);
    expect(rolesOf("E00002")).toEqual(["hr", "learner"]);
    expect(rolesOf("E00003")).toEqual(["auditor", "learner"]);
    expect(rolesOf("E00004")).toEqual(["learner", "manager"]);
    const changes = db.select({ details: auditLog.details }).from(auditLog).where(eq(auditLog.action, "auth.directory_roles")).all();
    expect(changes.map((row) => JSON.parse(row.details!))).toEqual([
      { added: ["hr"], removed: [] },
      { added: ["auditor"], removed: [] },
      { added: [], removed: ["auditor"] },
    ]);
  });

  it("never removes the administrator role from the last active administrator", async () => {
    stubEnv({ LDAP_ROLE_GROUPS: `admin=${groupDn("mamori-hr")}` });
    // The admin group is one E00001 is not in. With A0001 disabled, E00001 is the only admin.
    const a1 = db.select({ id: accounts.id }).from(accounts).innerJoin(employees, eq(employees.id, accounts.employeeId)).where(eq(employees.employeeNo, "A0001")).get()!;
    const e1 = db.select({ id: accounts.id }).from(accounts).innerJoin(employees, eq(employees.id, accounts.employeeId)).where(eq(employees.employeeNo, "E00001")).get()!;
    db.insert(accountRoles).values({ accountId: e1.id, role: "admin" }).run();
    db.update(accounts).set({ disabled: true }).where(eq(accounts.id, a1.id)).run();
    expect(((await login("matsumoto", "ad-E00001")) as Response).status).toBe(302);
    expect(rolesOf("E00001")).toEqual(["admin", "learner"]);
    db.update(accounts).set({ disabled: false }).where(eq(accounts.id, a1.id)).run();
    expect(((await login("matsumoto", "ad-E00001")) as Response).status).toBe(302);
    expect(rolesOf("E00001")).toEqual(["learner"]);
  });

  it("throttles directory sign-in like the local one (5 failures, then even the right password is refused)", async () => {
    for (let index = 0; index < 5; index += 1) expect(payload(await login("matsumoto", "wrong", `10.0.0.${index}`)).status).toBe(400);
    const throttled = payload<{ formError: string }>(await login("matsumoto", "ad-E00001", "10.0.1.1"));
    expect(throttled.status).toBe(429);
    expect(throttled.body.formError).toContain("一時的にログインを制限しています");
    expect(sessionCount()).toBe(0);
  });

  it("says the directory is unreachable when it is down, writes no session, and a local admin still signs in", async () => {
    stubEnv({ LDAP_URL: `ldap://127.0.0.1:${await freePort()}` });
    const down = payload<{ formError: string }>(await login("matsumoto", "ad-E00001"));
    expect(down.status).toBe(503);
    expect(down.body.formError).toBe("ディレクトリ（Active Directory）に接続できません。しばらくしてから再度お試しください。");
    expect(sessionCount()).toBe(0);
    expect(db.select().from(auditLog).where(eq(auditLog.action, "auth.directory_unreachable")).all()).toHaveLength(1);
    // Not the person's fault: not counted towards their throttle.
    expect(db.select().from(loginFailures).where(eq(loginFailures.key, "account:matsumoto")).all()).toHaveLength(0);
    expect(((await login("A0001", "mamori-demo")) as Response).status).toBe(302);
    expect(sessionCount()).toBe(1);
  });

  it("refuses a wrong service-account password as a directory problem, not the person's", async () => {
    stubEnv({ LDAP_BIND_PASSWORD: "not-the-password" });
    const result = payload<{ formError: string }>(await login("matsumoto", "ad-E00001"));
    expect(result.status).toBe(503);
    expect(sessionCount()).toBe(0);
  });
});

describe("LDAP over TLS", () => {
  it("signs in over StartTLS and over ldaps:// when the server's certificate is from LDAP_CA_FILE", async () => {
    stubEnv({ LDAP_ALLOW_PLAIN: "false", LDAP_STARTTLS: "true", LDAP_CA_FILE: slapd.caFile! });
    expect(((await login("matsumoto", "ad-E00001")) as Response).status).toBe(302);
    stubEnv({ LDAP_URL: slapd.ldapsUrl!, LDAP_STARTTLS: "false" });
    expect(((await login("hashimoto", "ad-E00002")) as Response).status).toBe(302);
    expect(sessionCount()).toBe(2);
  });

  it("refuses a server whose certificate is not trusted (no password is sent), as a directory problem", async () => {
    stubEnv({ LDAP_ALLOW_PLAIN: "false", LDAP_STARTTLS: "true" });
    const startTls = payload<{ formError: string }>(await login("matsumoto", "ad-E00001"));
    expect(startTls.status).toBe(503);
    stubEnv({ LDAP_URL: slapd.ldapsUrl!, LDAP_STARTTLS: "false" });
    const ldaps = payload<{ formError: string }>(await login("matsumoto", "ad-E00001"));
    expect(ldaps.status).toBe(503);
    expect(sessionCount()).toBe(0);
    const errors = db.select({ details: auditLog.details }).from(auditLog).where(eq(auditLog.action, "auth.directory_unreachable")).all();
    expect(errors.map((row) => JSON.parse(row.details!).error)).toEqual([expect.stringMatching(/certificate/i), expect.stringMatching(/certificate/i)]);
  });
});

describe("LDAP configuration", () => {
  it("refuses plain ldap:// unless LDAP_ALLOW_PLAIN=true, naming the variable", () => {
    const env = { LDAP_URL: slapd.url, LDAP_BASE_DN: BASE_DN };
    expect(() => getDirectoryConfig(env)).toThrow(/環境変数 LDAP_URL が不正です/);
    expect(getDirectoryConfig({ ...env, LDAP_STARTTLS: "true" }).ldap?.startTls).toBe(true);
    expect(getDirectoryConfig({ ...env, LDAP_ALLOW_PLAIN: "true" }).ldap?.plain).toBe(true);
    expect(getDirectoryConfig({}).ldap).toBeNull();
  });

  it("names the variable of a bad value", () => {
    const env = { LDAP_URL: "ldaps://dc1.city.local", LDAP_BASE_DN: BASE_DN };
    expect(() => getDirectoryConfig({ ...env, LDAP_ROLE_GROUPS: "boss=cn=x,dc=y" })).toThrow(/LDAP_ROLE_GROUPS/);
    expect(() => getDirectoryConfig({ ...env, LDAP_USER_FILTER: "(sAMAccountName=x)" })).toThrow(/LDAP_USER_FILTER/);
    expect(() => getDirectoryConfig({ ...env, LDAP_TIMEOUT_SECONDS: "zero" })).toThrow(/LDAP_TIMEOUT_SECONDS/);
    expect(() => getDirectoryConfig({ LDAP_URL: "ldaps://dc1.city.local" })).toThrow(/LDAP_BASE_DN/);
    expect(() => getDirectoryConfig({ LDAP_URL: "http://dc1" })).toThrow(/LDAP_URL/);
    expect(getDirectoryConfig({ ...env, LDAP_ROLE_GROUPS: "hr=cn=mamori-hr,ou=groups,dc=city;admin=cn=mamori-admin,ou=groups,dc=city" }).ldap?.roleGroups)
      .toEqual([{ role: "hr", dn: "cn=mamori-hr,ou=groups,dc=city" }, { role: "admin", dn: "cn=mamori-admin,ou=groups,dc=city" }]);
  });
});


describe("roster sync from LDAP", () => {
  const config = () => getDirectoryConfig().ldap!;

  function employee(employeeNo: string) {
    return db.all<{ code: string; active: number; disabled: number; passwordHash: string | null; name: string; nameKana: string; categoryName: string; email: string | null }>(sql`
      SELECT d.code, e.active, a.disabled, a.password_hash AS passwordHash, e.name, e.name_kana AS nameKana, c.name AS categoryName, e.email
      FROM employees e JOIN departments d ON d.id = e.department_id JOIN categories c ON c.id = e.category_id JOIN accounts a ON a.employee_id = e.id
      WHERE e.employee_no = ${employeeNo}`)[0];
  }

  it("dry run: new people, a changed department, the unchanged — and writes nothing", async () => {
    const before = db.all<{ n: number }>(sql`SELECT count(*) AS n FROM employees`)[0].n;
    const roster = await readDirectoryRoster(db, config(), TEST_NOW);
    expect(roster.dns).toHaveLength(7);
    const planned = planDirectorySync(db, roster, { fullBatch: false, now: TEST_NOW });
    if (!planned.ok) throw new Error(JSON.stringify(planned.problems));
    expect(planned.plan.created.map((row) => row.employeeNo).sort()).toEqual(["N0001", "X9001"]);
    expect(planned.plan.changed).toEqual([{ employeeNo: "E00004", name: "佐藤 大輔", changes: [{ field: "所属", from: "1111", to: "1120" }], rejoined: false, leaving: false }]);
    expect(planned.plan.unchanged).toBe(4);
    expect(planned.plan.leavers).toEqual([]);
    expect(db.all<{ n: number }>(sql`SELECT count(*) AS n FROM employees`)[0].n).toBe(before);
    expect(employee("N0001")).toBeUndefined();
  });

  it("apply: one transaction through the roster import, audited; the new person can then sign in with the directory", async () => {
    const roster = await readDirectoryRoster(db, config(), TEST_NOW);
    const result = applyDirectorySync(db, roster, config(), { fullBatch: false, now: TEST_NOW, actorAccountId: null });
    expect(result.ok).toBe(true);
    expect(employee("N0001")).toEqual({ code: "1130", active: 1, disabled: 0, passwordHash: null, name: "新人 さくら", nameKana: "シンジン サクラ", categoryName: "職員", email: "n0001@example.lg.jp" });
    expect(employee("E00004").code).toBe("1120");
    const history = db.all<{ code: string; toDate: string | null }>(sql`
      SELECT d.code, h.to_date AS toDate FROM department_history h JOIN departments d ON d.id = h.department_id
      JOIN employees e ON e.id = h.employee_id WHERE e.employee_no = 'E00004' ORDER BY h.id`);
    expect(history.map((row) => [row.code, row.toDate === null])).toEqual([["1111", false], ["1120", true]]);
    const audit = db.select().from(auditLog).where(eq(auditLog.action, "roster.imported")).all();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].details!)).toMatchObject({ fileName: `LDAP ${slapd.url} ${BASE_DN}`, created: 2, changed: 1, leavers: 0 });
    expect(((await login("newcomer", "ad-N0001")) as Response).status).toBe(302);
  });

  it("full batch: everyone active who is not in the directory leaves (administrators protected), accounts disabled and sessions revoked", async () => {
    const s0002 = db.select({ id: accounts.id }).from(accounts).innerJoin(employees, eq(employees.id, accounts.employeeId)).where(eq(employees.employeeNo, "S0002")).get()!;
    db.insert(sessions).values({ tokenHash: "s0002-session", accountId: s0002.id, createdAt: TEST_NOW, lastSeenAt: TEST_NOW, expiresAt: TEST_NOW + 3_600_000 }).run();
    const roster = await readDirectoryRoster(db, config(), TEST_NOW);
    const planned = planDirectorySync(db, roster, { fullBatch: true, now: TEST_NOW });
    if (!planned.ok) throw new Error("unexpected problems");
    const expectedLeavers = db.all<{ n: number }>(sql`
      SELECT count(*) AS n FROM employees e WHERE e.active = 1
        AND e.employee_no NOT IN ('E00001', 'E00002', 'E00003', 'E00004', 'S0001')
        AND NOT EXISTS (SELECT 1 FROM accounts a JOIN account_roles r ON r.account_id = a.id WHERE a.employee_id = e.id AND r.role = 'admin')`)[0].n;
    expect(planned.plan.leavers).toHaveLength(expectedLeavers);
    expect(planned.plan.leavers.find((leaver) => leaver.employeeNo === "S0002")).toEqual({ employeeNo: "S0002", name: "能登 花子", reason: "missing" });
    expect(planned.plan.protectedAdmins).toEqual(["A0001"]);
    const result = applyDirectorySync(db, roster, config(), { fullBatch: true, now: TEST_NOW, actorAccountId: null });
    expect(result.ok).toBe(true);
    expect(employee("S0002")).toMatchObject({ active: 0, disabled: 1 });
    expect(employee("A0001")).toMatchObject({ active: 1, disabled: 0 });
    expect(employee("E00001")).toMatchObject({ active: 1, disabled: 0 });
    expect(db.select().from(sessions).where(eq(sessions.tokenHash, "s0002-session")).get()?.revokedAt).toBe(TEST_NOW);
  });

  it("a bad directory entry stops the whole sync with its DN and the field, writing nothing", async () => {
    vi.stubEnv("LDAP_SYNC_FILTER", "(&(objectClass=inetOrgPerson)(employeeID=*)(!(description=disabled)))");
    const roster = await readDirectoryRoster(db, config(), TEST_NOW);
    const planned = planDirectorySync(db, roster, { fullBatch: true, now: TEST_NOW });
    expect(planned.ok).toBe(false);
    if (planned.ok) return;
    expect(planned.problems).toHaveLength(1);
    expect(planned.problems[0]).toMatchObject({ column: "所属コード", message: "所属コード「9999」は登録されていません。" });
    expect(dnOfLine(roster, planned.problems[0].line)).toBe(`cn=broken,ou=people,${BASE_DN}`);
    const applied = applyDirectorySync(db, roster, config(), { fullBatch: true, now: TEST_NOW, actorAccountId: null });
    expect(applied.ok).toBe(false);
    expect(employee("S0002")).toMatchObject({ active: 1 });
    expect(db.select().from(auditLog).where(eq(auditLog.action, "roster.imported")).all()).toHaveLength(0);
  });

  it("npm run sync-directory: a dry run by default, --apply writes, and the exit code tells", { timeout: 60_000 }, async () => {
    const file = db.$client.name;
    db.$client.pragma("wal_checkpoint(TRUNCATE)");
    const env = { ...process.env, ...ldapEnv(slapd.url), DATABASE_PATH: file, MAMORI_NOW: new Date(TEST_NOW).toISOString() };
    const run = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", "app/cli/sync-directory.ts", ...args], { env, encoding: "utf8" });
    const dry = run();
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain("確認完了: 人数 7 / 新規 2 / 変更 1 / 退職 0 / 変更なし 4");
    expect(dry.stdout).toContain("  変更: E00004 佐藤 大輔 所属 1111 → 1120");
    expect(dry.stdout).toContain("ドライランのため反映していません。");
    expect(employee("N0001")).toBeUndefined();
    const applied = run("--apply");
    expect(applied.status).toBe(0);
    expect(applied.stdout).toContain("反映しました: 人数 7 / 新規 2 / 変更 1 / 退職 0 / 変更なし 4");
    expect(employee("N0001")).toMatchObject({ code: "1130", active: 1 });
    const down = spawnSync(process.execPath, ["--import", "tsx", "app/cli/sync-directory.ts"], {
      env: { ...env, LDAP_URL: `ldap://127.0.0.1:${await freePort()}` }, encoding: "utf8",
    });
    expect(down.status).toBe(1);
    expect(down.stderr).toContain("ディレクトリ（Active Directory）に接続できません");
  });

  it("fails loudly (no plan, nothing written) when the directory is down", async () => {
    vi.stubEnv("LDAP_URL", `ldap://127.0.0.1:${await freePort()}`);
    await expect(readDirectoryRoster(db, config(), TEST_NOW)).rejects.toThrow();
  });
});

describe("/admin: sign-in methods and 接続テスト", () => {
  async function test(cookie: string) {
    return settle(() => adminAction({ request: post("/admin", { intent: "test-directory" }, cookie), params: {}, context }));
  }

  it("shows which methods are on (no secrets) and tests the LDAP connection with the service account, audited", async () => {
    const admin = await cookieFor(db, "A0001");
    const page = (await adminLoader({ request: get("/admin", admin), params: {}, context })) as Awaited<ReturnType<typeof adminLoader>>;
    expect(page.methods.oidc).toBeNull();
    expect(page.methods.ldap).toMatchObject({ url: slapd.url, serviceAccount: SERVICE_DN, transport: "暗号化なし（LDAP_ALLOW_PLAIN=true：試験・開発用）" });
    expect(JSON.stringify(page.methods)).not.toContain(SERVICE_PASSWORD);
    const ok = payload<{ results: { ok: boolean; label: string; detail: string }[] }>(await test(admin));
    expect(ok.status).toBe(200);
    expect(ok.body.results).toEqual([{ method: "ldap", label: "ディレクトリ（LDAP）", ok: true, detail: `${slapd.url} にサービスアカウントで接続し、${BASE_DN} を読めました。` }]);
    stubEnv({ LDAP_BIND_PASSWORD: "wrong" });
    const failed = payload<{ results: { ok: boolean; detail: string }[] }>(await test(admin));
    expect(failed.body.results[0].ok).toBe(false);
    expect(failed.body.results[0].detail).toMatch(/^接続できません（InvalidCredentialsError/);
    stubEnv({ LDAP_BIND_PASSWORD: SERVICE_PASSWORD, LDAP_ROLE_GROUPS: `admin=${groupDn("no-such-group")}` });
    const missing = payload<{ results: { ok: boolean; detail: string }[] }>(await test(admin));
    expect(missing.body.results[0]).toMatchObject({ ok: false, detail: `接続できましたが、役割のグループが見つかりません: ${groupDn("no-such-group")}` });
    const audit = db.select().from(auditLog).where(eq(auditLog.action, "admin.directory_test")).all();
    expect(audit.map((row) => JSON.parse(row.details!).ldap.ok)).toEqual([true, false, false]);
  });

  it("is for administrators only", async () => {
    const hr = await cookieFor(db, "H0001");
    expect(((await test(hr)) as Response).status).toBe(403);
    expect(db.select().from(auditLog).where(eq(auditLog.action, "admin.directory_test")).all()).toHaveLength(0);
  });
});
