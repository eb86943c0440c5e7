import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getDb } from "~/db/client.server";
import { getAuthConfig } from "~/domain/auth/config.server";
import { getSessionState, loginRedirectPath, safeRedirectPath, touchSession } from "~/domain/auth/session.server";

/**
 * 「延長する」 in the idle warning: the person is still here. With JavaScript the banner posts
 * with mode=fetch and gets the new remaining time; as a plain form it goes back to the page.
 */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const back = safeRedirectPath(form.get("redirectTo"), "/learn");
  const session = await getSessionState(request);
  if (!session.user) throw redirect(loginRedirectPath(new Request(new URL(back, request.url)), session.reason));
  const now = Date.now();
  touchSession(getDb(), session.user.tokenHash, now);
  if (form.get("mode") !== "fetch") throw redirect(back);
  return { ok: true as const, idleRemainingMs: getAuthConfig().idleMs, absoluteRemainingMs: session.absoluteDeadline - now };
}

export async function loader() {
  throw redirect("/learn");
}
