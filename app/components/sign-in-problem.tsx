import { Link } from "@remix-run/react";

/** A refused or failed organisation-account sign-in: the reason and the way back. */
export function SignInProblem({ message }: { message: string }) {
  return (
    <div className="login">
      <h1>組織のアカウントでログイン</h1>
      <p className="form-error" role="alert">{message}</p>
      <p><Link to="/login">ログイン画面に戻る</Link></p>
    </div>
  );
}
