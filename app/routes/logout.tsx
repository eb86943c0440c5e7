import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getDb } from "~/db/client.server";
import { recordAudit } from "~/domain/audit.server";
import { destroySession, getSessionUser } from "~/domain/auth/session.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await getSessionUser(request);
  const cookie = await destroySession(request);
  if (user) recordAudit(getDb(), { actorAccountId: user.accountId, action: "auth.logout", ip: context?.clientIp ?? null });
  throw redirect("/login?reason=signedout", { headers: { "Set-Cookie": cookie } });
}

export async function loader() {
  // Signing out is a POST (a link could be triggered by a third party); GET just goes home.
  throw redirect("/learn");
}
