import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SignInProblem } from "~/components/sign-in-problem";
import { getDirectoryConfig } from "~/domain/auth/directory-config.server";
import { startOidcLogin } from "~/domain/auth/oidc.server";
import { getSessionUser, safeRedirectPath } from "~/domain/auth/session.server";

export const meta: MetaFunction = () => [{ title: "組織のアカウントでログイン｜まもり" }];

/** Start of the OpenID Connect sign-in: off the identity provider goes the browser. */
export async function loader({ request }: LoaderFunctionArgs) {
  const oidc = getDirectoryConfig().oidc;
  if (!oidc) throw new Response("組織のアカウントでのログインは設定されていません。", { status: 404, statusText: "Not Found" });
  if (await getSessionUser(request)) throw redirect("/learn");
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"));
  const started = await startOidcLogin(request, oidc, redirectTo);
  if (!started.ok) return data({ message: started.message }, { status: 503 });
  throw redirect(started.location, { headers: { "Set-Cookie": started.cookie } });
}

export default function OidcStart() {
  const { message } = useLoaderData<typeof loader>();
  return <SignInProblem message={message} />;
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
