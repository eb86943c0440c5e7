import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { ErrorPage } from "./components/error-page";
import { useNonce } from "./components/nonce";
import { SessionTimeoutWarning } from "./components/session-timeout";
import { getDb } from "./db/client.server";
import { getSiteSettings } from "./domain/admin/site-settings.server";
import { getAuthConfig } from "./domain/auth/config.server";
import { getSessionState } from "./domain/auth/session.server";
import styles from "./styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "まもり｜情報セキュリティ研修" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await getSessionState(request);
  const now = Date.now();
  return {
    cityName: getSiteSettings(getDb()).cityName,
    user: session.user ? { name: session.user.name, employeeNo: session.user.employeeNo, roles: session.user.roles } : null,
    // For the idle warning: how long until the session ends, from the server's clock.
    session: session.user
      ? { idleRemainingMs: session.idleDeadline - now, absoluteRemainingMs: session.absoluteDeadline - now, idleMs: getAuthConfig().idleMs }
      : null,
  };
}

function Header({ user, cityName }: { user: Awaited<ReturnType<typeof loader>>["user"]; cityName: string }) {
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <a className="brand" href={user ? "/learn" : "/login"}>
          <span className="brand__mark" aria-hidden="true">ま</span>
          <span>
            {cityName ? <span className="brand__city">{cityName}</span> : null}
            まもり<span className="brand__sub">情報セキュリティ研修</span>
          </span>
        </a>
        {user ? (
          <nav aria-label="メインメニュー" className="site-nav">
            <ul>
              <li><NavLink to="/learn">マイ研修</NavLink></li>
              {user.roles.includes("manager") ? <li><NavLink to="/team">所属の状況</NavLink></li> : null}
              {user.roles.includes("hr") || user.roles.includes("auditor") ? <li><NavLink to="/hr" end>人事ダッシュボード</NavLink></li> : null}
              {user.roles.includes("hr") ? <li><NavLink to="/hr/reminders">リマインダー</NavLink></li> : null}
              {user.roles.includes("admin") ? <li><NavLink to="/admin">システム管理</NavLink></li> : null}
            </ul>
            <div className="site-nav__user">
              <span>{user.name}<span className="visually-hidden">（職員番号 {user.employeeNo}）</span> さん</span>
              <Form method="post" action="/logout">
                <button type="submit" className="button button--quiet">ログアウト</button>
              </Form>
            </div>
          </nav>
        ) : null}
      </div>
    </header>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <html lang="ja">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">本文へ移動</a>
        <Header user={data?.user ?? null} cityName={data?.cityName ?? ""} />
        {data?.session ? <SessionTimeoutWarning {...data.session} /> : null}
        <main id="main" className="page">
          {children}
        </main>
        <footer className="site-footer">
          <p>まもり — {data?.cityName ?? ""}情報セキュリティ基本方針に基づく研修　<a href="/verify">修了証の確認</a></p>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  useLoaderData<typeof loader>();
  return <Outlet />;
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
