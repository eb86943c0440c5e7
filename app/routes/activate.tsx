import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~/db/client.server";
import { activateAccount } from "~/domain/auth/activation.server";
import { MIN_PASSWORD_LENGTH } from "~/domain/auth/policy";
import { now } from "~/domain/clock.server";

export const meta: MetaFunction = () => [{ title: "アカウントの有効化｜まもり" }];

export async function loader(_: LoaderFunctionArgs) {
  return null;
}

const ActivateSchema = z.object({
  username: z.string().trim().min(1, "職員番号を入力してください。").max(20, "職員番号が長すぎます。"),
  code: z.string().trim().min(1, "有効化コードを入力してください。").max(40, "有効化コードが長すぎます。"),
  password: z.string().max(256, "パスワードが長すぎます。"),
  confirm: z.string().max(256),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = ActivateSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return data({ ok: false as const, field: String(issue.path[0]), message: issue.message }, { status: 400 });
  }
  const result = await activateAccount(getDb(), { employeeNo: parsed.data.username, code: parsed.data.code, password: parsed.data.password, confirm: parsed.data.confirm, ip: context?.clientIp ?? null }, now());
  if (!result.ok) return data({ ok: false as const, field: result.field ?? "form", message: result.message }, { status: 400 });
  return { ok: true as const, field: null, message: null };
}

export default function Activate() {
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  if (actionData?.ok) {
    return (
      <div className="login">
        <h1>パスワードを設定しました</h1>
        <p className="notice notice--ok" role="status">アカウントが使えるようになりました。</p>
        <p><Link className="button" to="/login">ログインへ進む</Link></p>
      </div>
    );
  }
  const error = actionData && !actionData.ok ? actionData : null;
  const describedBy = (field: string) => (error?.field === field ? "activate-error" : undefined);
  return (
    <div className="login">
      <h1>アカウントの有効化</h1>
      <p className="lead">人事担当から受け取った有効化コードで、ご自分のパスワードを設定します。</p>
      <Form method="post" className="card" noValidate>
        {error ? <p id="activate-error" className="form-error" role="alert">{error.message}</p> : null}
        <div className="field">
          <label htmlFor="username">職員番号</label>
          <input id="username" name="username" type="text" autoComplete="username" required aria-describedby={describedBy("username")} />
        </div>
        <div className="field">
          <label htmlFor="code">有効化コード</label>
          <input id="code" name="code" type="text" autoComplete="one-time-code" defaultValue={searchParams.get("code") ?? ""} required aria-describedby={describedBy("code")} />
        </div>
        <div className="field">
          <label htmlFor="password">新しいパスワード</label>
          <p id="password-hint" className="field__hint">{MIN_PASSWORD_LENGTH}文字以上。職員番号を含めないでください。</p>
          <input id="password" name="password" type="password" autoComplete="new-password" required aria-describedby={describedBy("password") ?? "password-hint"} />
        </div>
        <div className="field">
          <label htmlFor="confirm">新しいパスワード（確認）</label>
          <input id="confirm" name="confirm" type="password" autoComplete="new-password" required aria-describedby={describedBy("confirm")} />
        </div>
        <button type="submit" className="button" disabled={navigation.state !== "idle"}>パスワードを設定する</button>
      </Form>
    </div>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
