import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SignInProblem } from "~/components/sign-in-problem";
import { getDb } from "~/db/client.server";
import { getDirectoryConfig } from "~/domain/auth/directory-config.server";
import { finishOidcLogin } from "~/domain/auth/oidc.server";
import { createSession } from "~/domain/auth/session.server";

export const meta: MetaFunction = () => [{ title: "組織のアカウントでログイン｜まもり" }];

/** The identity provider sends the browser back here with the code and state. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const oidc = getDirectoryConfig().oidc;
  if (!oidc) throw new Response("組織のアカウントでのログインは設定されていません。", { status: 404, statusText: "Not Found" });
  const ip = context?.clientIp ?? null;
  const result = await finishOidcLogin(getDb(), request, oidc, ip);
  const headers = new Headers({ "Set-Cookie": result.clearCookie });
  if (!result.ok) return data({ message: result.message }, { status: 400, headers });
  headers.append("Set-Cookie", await createSession(request, result.accountId, ip));
  throw redirect(result.redirectTo, { headers });
}

export default function OidcCallback() {
  const { message } = useLoaderData<typeof loader>();
  return <SignInProblem message={message} />;
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
