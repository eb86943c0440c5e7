import { requireRole, type SessionUser } from "./session.server";

/** HR and auditors may read everything under /hr (dashboards, lists, transcripts, reports, exports). */
export function requireHrReader(request: Request): Promise<SessionUser> {
  return requireRole(request, "hr", "auditor");
}

/** Only HR changes anything: auditors (read-only) get 403 on every POST. */
export function requireHrWriter(request: Request): Promise<SessionUser> {
  return requireRole(request, "hr");
}

/** Whether the signed-in reader may see forms and buttons that change things. */
export function canWriteHr(user: SessionUser): boolean {
  return user.roles.includes("hr");
}

/**
 * The action of a read-only /hr page: a POST is refused with 403 for anyone but HR (auditors
 * included), and with 405 for HR, since the page has nothing to change.
 */
export async function refuseHrPost({ request }: { request: Request }): Promise<never> {
  await requireHrWriter(request);
  throw new Response("このページでは変更できません。", { status: 405, statusText: "Method Not Allowed" });
}
