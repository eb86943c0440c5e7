import { and, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "~/db/client.server";
import { assignments, employees, trackCertificates } from "~/db/schema";
import { loader as learnLoader } from "~/routes/learn._index";
import { loader as myCertificate } from "~/routes/learn.certificates.$assignmentId";
import { loader as myTrackCertificate } from "~/routes/learn.certificates.track.$fiscalYear";
import { loader as verifyLoader } from "~/routes/verify.$code";
import { loader as verifyIndexLoader } from "~/routes/verify._index";
import { createDemoDb, TEST_NOW } from "../helpers/db";
import { context, cookieFor, get, settle } from "../helpers/requests";

let db: Db;

function assignmentOf(employeeNo: string, fiscalYear: number, moduleId = "threats") {
  return db
    .select({ id: assignments.id, completedAt: assignments.completedAt })
    .from(assignments)
    .innerJoin(employees, eq(employees.id, assignments.employeeId))
    .where(and(eq(employees.employeeNo, employeeNo), eq(assignments.fiscalYear, fiscalYear), eq(assignments.moduleId, moduleId)))
    .get()!;
}

type CertificateData = { certificate: { name: string; title: string; fiscalYear: number; verificationCode: string; modules: string[]; kind: string }; verifyUrl: string };

beforeAll(() => {
  process.env.MAMORI_NOW = new Date(TEST_NOW).toISOString();
});

beforeEach(() => {
  db = createDemoDb();
});

describe("修了証", () => {
  it("shows a learner their own certificate, with a verification code and URL", async () => {
    const cookie = await cookieFor(db, "S0001");
    const done = assignmentOf("S0001", 2025);
    expect(done.completedAt).not.toBeNull();
    const data = (await myCertificate({ request: get(`/learn/certificates/${done.id}`, cookie), params: { assignmentId: String(done.id) }, context })) as CertificateData;
    expect(data.certificate.name).toBe("七尾 太郎");
    expect(data.certificate.title).toBe("対象とする脅威");
    expect(data.certificate.fiscalYear).toBe(2025);
    expect(data.verifyUrl).toBe(`http://localhost/verify/${data.certificate.verificationCode}`);
  });

  it("is a 404 for another learner's assignment, an unfinished one, and garbage ids", async () => {
    const other = await cookieFor(db, "S0002");
    const done = assignmentOf("S0001", 2025);
    const status = async (id: string, cookie: string) =>
      ((await settle(() => myCertificate({ request: get(`/learn/certificates/${id}`, cookie), params: { assignmentId: id }, context }))) as Response).status;
    expect(await status(String(done.id), other)).toBe(404);
    const open = assignmentOf("S0001", 2026);
    expect(open.completedAt).toBeNull();
    expect(await status(String(open.id), await cookieFor(db, "S0001"))).toBe(404);
    expect(await status("abc", other)).toBe(404);
  });

  it("issues a 年度 certificate once, listed on /learn, and refuses an incomplete 年度", async () => {
    const cookie = await cookieFor(db, "S0001");
    const learn = (await learnLoader({ request: get("/learn", cookie), params: {}, context })) as { trackYears: number[] };
    expect(learn.trackYears).toEqual([2025]);
    const first = (await myTrackCertificate({ request: get("/learn/certificates/track/2025", cookie), params: { fiscalYear: "2025" }, context })) as CertificateData;
    const second = (await myTrackCertificate({ request: get("/learn/certificates/track/2025", cookie), params: { fiscalYear: "2025" }, context })) as CertificateData;
    expect(first.certificate.kind).toBe("track");
    expect(first.certificate.modules).toContain("対象とする脅威");
    expect(second.certificate.verificationCode).toBe(first.certificate.verificationCode);
    expect(db.select().from(trackCertificates).all()).toHaveLength(1);
    const incomplete = (await settle(() => myTrackCertificate({ request: get("/learn/certificates/track/2026", cookie), params: { fiscalYear: "2026" }, context }))) as Response;
    expect(incomplete.status).toBe(404);
  });
});

describe("/verify (public)", () => {
  it("confirms a module certificate without sign-in and shows only what is printed on it", async () => {
    const cookie = await cookieFor(db, "S0001");
    const done = assignmentOf("S0001", 2025);
    const printed = (await myCertificate({ request: get(`/learn/certificates/${done.id}`, cookie), params: { assignmentId: String(done.id) }, context })) as CertificateData;
    const code = printed.certificate.verificationCode;
    const verified = (await verifyLoader({ request: get(`/verify/${code}`), params: { code }, context })) as { certificate: Record<string, unknown> };
    expect(verified.certificate).toEqual(printed.certificate);
    expect(Object.keys(verified.certificate).sort()).toEqual(["completedOn", "department", "fiscalYear", "issuer", "kind", "moduleVersion", "modules", "name", "title", "verificationCode"]);
    const serialised = JSON.stringify(verified);
    expect(serialised).not.toContain("S0001");
    // The 所属 is printed on the certificate (as on the completion date), so /verify confirms it too.
    expect(verified.certificate.department).toBe("総務部 総務課 文書法制係");
    expect(serialised).not.toContain("@example");
  });

  it("confirms a 年度 certificate, and 404s an unknown or malformed code", async () => {
    const cookie = await cookieFor(db, "S0001");
    const track = (await myTrackCertificate({ request: get("/learn/certificates/track/2025", cookie), params: { fiscalYear: "2025" }, context })) as CertificateData;
    const code = track.certificate.verificationCode;
    const verified = (await verifyLoader({ request: get(`/verify/${code}`), params: { code }, context })) as { certificate: { kind: string; modules: string[] } };
    expect(verified.certificate.kind).toBe("track");
    expect(verified.certificate.modules).toEqual(track.certificate.modules);
    for (const bad of ["ZZZZZZZZZZ", "short", "' OR 1=1 --"]) {
      const result = (await settle(() => verifyLoader({ request: get(`/verify/${encodeURIComponent(bad)}`), params: { code: bad }, context }))) as Response;
      expect(result.status, bad).toBe(404);
    }
  });

  it("takes a typed code, tidies it, and goes to its page", async () => {
    const redirect = (await settle(() => verifyIndexLoader({ request: get("/verify?code=abcd-efgh23"), params: {}, context }))) as Response;
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("Location")).toBe("/verify/ABCDEFGH23");
    const bad = (await verifyIndexLoader({ request: get("/verify?code=11111"), params: {}, context })) as { error: string };
    expect(bad.error).toMatch(/10文字/);
  });
});
