import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";

export const meta: MetaFunction = () => [{ title: "修了証の確認｜まもり" }];

/** Public: type a verification code (or arrive with ?code=) and go to its page. */
export async function loader({ request }: LoaderFunctionArgs) {
  const raw = new URL(request.url).searchParams.get("code");
  if (raw === null) return { error: null };
  const code = raw.normalize("NFKC").toUpperCase().replace(/[\s-]/g, "");
  if (!/^[2-9A-HJKMNP-Z]{10}$/.test(code)) return { error: "検証コードは、修了証に記載された10文字の英数字です。" };
  throw redirect(`/verify/${code}`);
}

export default function VerifyIndex() {
  const { error } = useLoaderData<typeof loader>();
  return (
    <div className="page--narrow">
      <h1>修了証の確認</h1>
      <p className="lead">修了証に記載された検証コードを入力すると、その修了証が本物かどうかを確認できます。</p>
      <Form method="get" className="card">
        <div className="field">
          <label htmlFor="code">検証コード（10文字）</label>
          <input id="code" name="code" type="text" autoComplete="off" inputMode="text" maxLength={20} aria-invalid={error ? true : undefined} aria-describedby={error ? "code-error" : undefined} />
          {error ? <p id="code-error" className="field__error">{error}</p> : null}
        </div>
        <button type="submit" className="button">確認する</button>
      </Form>
    </div>
  );
}

export { ErrorPage as ErrorBoundary } from "~/components/error-page";
