// The audit log's filters as the page uses them (pure: this module reaches the browser).
export type AuditFilters = { from: string | null; to: string | null; actor: string | null; action: string | null; page: number };

export function auditFiltersToQuery(filters: AuditFilters, page = filters.page): string {
  const params = new URLSearchParams();
  if (filters.from) params.set("from", filters.from);
  if (filters.to) params.set("to", filters.to);
  if (filters.actor) params.set("actor", filters.actor);
  if (filters.action) params.set("action", filters.action);
  if (page > 1) params.set("page", String(page));
  return params.toString();
}
