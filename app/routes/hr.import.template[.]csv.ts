import type { LoaderFunctionArgs } from "@remix-run/node";
import { asc, eq } from "drizzle-orm";
import { getDb } from "~/db/client.server";
import { departments } from "~/db/schema";
import { requireRole } from "~/domain/auth/session.server";
import { ROSTER_COLUMNS } from "~/domain/roster/columns";

/** Header and one example row with a real 所属コード, UTF-8 with BOM so Excel reads it. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "hr");
  const example = getDb().select({ code: departments.code }).from(departments).where(eq(departments.level, "ka")).orderBy(asc(departments.path)).limit(1).get()
    ?? getDb().select({ code: departments.code }).from(departments).orderBy(asc(departments.path)).limit(1).get();
  const row = ["E99999", "七尾 太郎", "ナナオ タロウ", "taro.nanao@example.lg.jp", "職員", example?.code ?? "", "一般", "2026-04-01", ""];
  const body = `\uFEFF${ROSTER_COLUMNS.join(",")}\r\n${row.join(",")}\r\n`;
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="roster-template.csv"; filename*=UTF-8''${encodeURIComponent("名簿ひな形.csv")}`,
      "Cache-Control": "no-store",
    },
  });
}
