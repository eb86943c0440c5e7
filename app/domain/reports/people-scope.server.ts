// The /hr/people query from the query string (the report filters plus ?q=).
import { z } from "zod";
import type { Db } from "~/db/client.server";
import { parseReportFilters } from "./filters.server";
import { loadReportContext, subtreeIds } from "./organisation.server";
import type { PeopleQuery } from "./people-list.server";

const SearchSchema = z.string().max(100, "検索語は100文字以内で入力してください");

export function parsePeopleQuery(db: Db, searchParams: URLSearchParams, currentFiscalYear: number, today: string) {
  const filters = parseReportFilters(searchParams, currentFiscalYear);
  const search = SearchSchema.safeParse(searchParams.get("q") ?? "");
  if (!search.success) throw new Response(`検索条件「検索語」が正しくありません：${search.error.issues[0].message}`, { status: 400, statusText: "Bad Request" });
  const context = loadReportContext(db, filters);
  const departmentIds = filters.departmentId === null ? null : filters.direct ? [filters.departmentId] : subtreeIds(context.tree, filters.departmentId);
  const query: PeopleQuery = { fiscalYear: filters.fiscalYear, departmentIds, categoryId: filters.categoryId, search: search.data.trim(), today };
  return { filters, context, query };
}
