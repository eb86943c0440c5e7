import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~/db/client.server";
import { getDirectoryConfig } from "~/domain/auth/directory-config.server";
import { authenticate, LOGIN_MESSAGES } from "~/domain/auth/login.server";
import { getAuthConfig } from "~/domain/auth/config.server";
import { createSession, getSessionUser, safeRedirectPath } from "~/domain/auth/session.server";
import { parseLoginNotice, signOutMessage } from "~/domain/auth/sign-out-reasons";
import { now } from "~/domain/clock.server";
import { resumeKeptQuiz } from "~/domain/quiz/pending.server";

export const meta: MetaFunction = () => [{ title: "ログイン｜まもり" }];

const LoginSchema = z.object({
  // 128: a directory user name may be a UPN (name@city.lg.jp), longer than a 職員番号.
  username: z.string().trim().min(1, "職員番号を入力してください。").max(128, "職員番号が長すぎます。"),
  password: z.string().min(1, "パスワードを入力してください。").max(256, "パスワードが長すぎます。"),
  redirectTo: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getSessionUser(request)) throw redirect("/learn");
  const { reason, keptQuiz } = parseLoginNotice(new URL(request.url).searchParams);
  const directory = getDirectoryConfig();
  return {
    notice: reason ? signOutMessage(reason, getAuthConfig().absoluteMs / 3_600_000) : null,
    keptQuiz,
    ldap: directory.ldap !== null,
    oidc: directory.oidc !== null,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = Object.fromEntries(await request.formData());
  const parsed = LoginSchema.safeParse(form);
  if (!parsed.success) {
    const fieldErrors = z.flattenError(parsed.error).fieldErrors;
    return data({ formError: null, fieldErrors, username: typeof form.username === "string" ? form.username : "" }, { status: 400 });
  }
  const ip = context?.clientIp ?? null;
  const result = await authenticate(getDb(), { employeeNo: parsed.data.username, password: parsed.data.password, ip });
  if (!result.ok) {
    const status = result.reason === "throttled" ? 429 : result.reason === "directory_unavailable" ? 503 : 400;
    return data({ formError: LOGIN_MESSAGES[result.reason], fieldErrors: {}, username: parsed.data.username }, { status });
  }
  const headers = new Headers({ "Set-Cookie": await createSession(request, result.accountId, ip) });
  // Quiz answers this browser posted after its previous session ended: graded now, for this person only.
  const kept = await resumeKeptQuiz(getDb(), request, result.employeeId, now());
  if (kept) headers.append("Set-Cookie", kept.clearCookie);
  throw redirect(kept?.resumed?.redirectTo ?? safeRedirectPath(parsed.data.redirectTo), { headers });
}

export default function Login() {
  const { notice, keptQuiz, ldap, oidc } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const fieldErrors: Partial<Record<"username" | "password", string[]>> = actionData?.fieldErrors ?? {};
  const busy = navigation.state !== "idle";
  return (
    <div className="login">
      <h1>ログイン</h1>
      {notice ? <p className="notice notice--warn" role="status">{notice}</p> : null}
      {keptQuiz ? <p className="notice" role="status">送信された確認テストの回答は保存されています。ログインすると採点します。</p> : null}
      <p className="lead">
        {ldap
          ? "職員番号（またはパソコンにサインインするときのユーザー名）とパスワードを入力してください。"
          : "職員番号とパスワードを入力してください。"}
      </p>
      {oidc ? (
        <p>
          <a className="button" href={`/login/oidc${searchParams.get("redirectTo") ? `?${new URLSearchParams({ redirectTo: searchParams.get("redirectTo")! }).toString()}` : ""}`}>
            組織のアカウントでログイン
          </a>
        </p>
      ) : null}
      <Form method="post" className="card" noValidate aria-describedby={actionData?.formError ? "login-error" : undefined}>
        {actionData?.formError ? (
          <p id="login-error" className="form-error" role="alert">{actionData.formError}</p>
        ) : null}
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <div className="field">
          <label htmlFor="username">{ldap ? "職員番号またはユーザー名" : "職員番号"}</label>
          <input
            id="username" name="username" type="text" autoComplete="username" inputMode="text" required
            defaultValue={actionData?.username ?? ""} aria-invalid={fieldErrors.username ? true : undefined}
            aria-describedby={fieldErrors.username ? "username-error" : undefined}
          />
          {fieldErrors.username ? <p id="username-error" className="field__error">{fieldErrors.username[0]}</p> : null}
        </div>
        <div className="field">
          <label htmlFor="password">パスワード</label>
          <input
            id="password" name="password" type="password" autoComplete="current-password" required
            aria-invalid={fieldErrors.password ? true : undefined}
            aria-describedby={fieldErrors.password ? "password-error" : undefined}
          />
          {fieldErrors.password ? <p id="password-error" className="field__error">{fieldErrors.password[0]}</p> : null}
        </div>
        <button type="submit" className="button" disabled={busy}>{busy ? "確認しています…" : "ログイン"}</button>
      </Form>
      <p><Link to="/activate">初めての方（有効化コードをお持ちの方）</Link></p>
      <p className="muted">パスワードが分からない場合は、人事担当またはシステム管理者にお問い合わせください。</p>
    </div>
  );
}
