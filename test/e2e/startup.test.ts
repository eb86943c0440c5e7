import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startApp } from "./support";

function runServer(env: Record<string, string>) {
  const folder = mkdtempSync(path.join(tmpdir(), "mamori-start-"));
  return spawnSync(process.execPath, ["--import", "tsx", "server.ts"], {
    env: { ...process.env, NODE_ENV: "production", PORT: "0", HOST: "127.0.0.1", DATABASE_PATH: path.join(folder, "x.db"), REMINDERS_SCHEDULER: "off", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("start-up checks", () => {
  it("refuses to start on invalid content, naming the file and the field", { timeout: 70_000 }, () => {
    const result = runServer({ CONTENT_DIR: "test/fixtures/content-broken" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("content-broken/bad-quiz.md: quiz.questions.0.options: 正解はちょうど1つ必要です");
  });

  it("refuses a bad configuration value", { timeout: 70_000 }, () => {
    const result = runServer({ SESSION_IDLE_MINUTES: "soon" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("環境変数 SESSION_IDLE_MINUTES が不正です");
  });

  it("refuses unencrypted LDAP unless explicitly allowed, naming the variable", { timeout: 70_000 }, () => {
    const result = runServer({ LDAP_URL: "ldap://127.0.0.1:389", LDAP_BASE_DN: "dc=city,dc=local" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("環境変数 LDAP_URL が不正です");
  });

  it("will not serve a demo database in production mode", { timeout: 120_000 }, async () => {
    const app = await startApp();
    await app.stop();
    const result = spawnSync(process.execPath, ["--import", "tsx", "server.ts"], {
      env: { ...process.env, NODE_ENV: "production", PORT: "0", HOST: "127.0.0.1", DATABASE_PATH: app.databasePath, REMINDERS_SCHEDULER: "off", MAMORI_DEMO: "" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("デモ用アカウント");
  });
});
