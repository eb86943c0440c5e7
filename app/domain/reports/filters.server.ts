// Parsing the report query string (zod; server only).
import { z } from "zod";
import { defaultSort, LIST_SORTS, LIST_STATUSES, type ReportFilters } from "./filters";

const optionalId = z
  .string()
  .trim()
  .regex(/^(\d{1,9})?$/, "数字で指定してください")
  .transform((value) => (value === "" ? undefined : Number(value)))
  .optional();

/** The query string shared by the dashboard, the drill-down list and their CSV exports. */
export const ReportFiltersSchema = z.object({
  fy: z
    .string()
    .trim()
    .regex(/^\d{4}$/, "西暦4桁で指定してください（例: 2025 = 令和7年度）")
    .transform(Number)
    .pipe(z.number().int().min(2000, "2000年度以降を指定してください").max(2100, "2100年度までを指定してください"))
    .optional(),
  dept: optionalId,
  direct: z.enum(["1"], { error: "正しくありません" }).optional(),
  category: optionalId,
  module: z
    .string()
    .trim()
    .transform((value) => (value === "" ? undefined : value))
    .pipe(z.string().regex(/^[a-z0-9-]{1,80}$/, "正しくありません").optional())
    .optional(),
  status: z
    .string()
    .transform((value) => (value === "" ? undefined : value))
    .pipe(z.enum(LIST_STATUSES, { error: "正しくありません" }).optional())
    .optional(),
  sort: z.enum(LIST_SORTS, { error: "正しくありません" }).optional(),
  dir: z.enum(["asc", "desc"], { error: "正しくありません" }).optional(),
  page: z
    .string()
    .regex(/^\d{1,6}$/, "正しくありません")
    .transform(Number)
    .pipe(z.number().int().min(1, "正しくありません"))
    .optional(),
});

const FIELD_LABELS: Record<string, string> = {
  fy: "年度",
  dept: "組織・所属",
  direct: "直属のみ",
  category: "区分",
  module: "モジュール",
  status: "状況",
  sort: "並び順",
  dir: "並び順の向き",
  page: "ページ",
};

/** A 400 with the offending field named in Japanese. */
export function badFilter(field: string, message: string): Response {
  return new Response(`検索条件「${FIELD_LABELS[field] ?? field}」が正しくありません：${message}`, { status: 400, statusText: "Bad Request" });
}

/**
 * Parse the query string. Unknown parameters are ignored; a known one with a bad value throws a
 * 400 naming the field. Existence of ids (department, category, module) is checked by the caller.
 */
export function parseReportFilters(searchParams: URLSearchParams, currentFiscalYear: number): ReportFilters {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(ReportFiltersSchema.shape)) {
    const value = searchParams.get(key);
    if (value !== null) raw[key] = value;
  }
  const parsed = ReportFiltersSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badFilter(String(issue.path[0] ?? ""), issue.message);
  }
  const value = parsed.data;
  const status = value.status ?? null;
  return {
    fiscalYear: value.fy ?? currentFiscalYear,
    departmentId: value.dept ?? null,
    direct: value.direct === "1" && value.dept !== undefined,
    categoryId: value.category ?? null,
    moduleId: value.module ?? null,
    status,
    sort: value.sort ?? defaultSort(status),
    descending: value.dir === "desc",
    page: value.page ?? 1,
  };
}

