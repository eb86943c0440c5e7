// Why the sign-in page is shown: a fixed set of words the server puts in the URL when it sends
// someone there (never free text), each mapped to the page's own message.
import { z } from "zod";

export const SignOutReasonSchema = z.enum(["idle", "expired", "revoked", "signedout"]);
export type SignOutReason = z.infer<typeof SignOutReasonSchema>;

export function signOutMessage(reason: SignOutReason, absoluteHours: number): string {
  switch (reason) {
    case "idle":
      return "一定時間操作がなかったため、ログアウトしました。もう一度ログインしてください。";
    case "expired":
      return `ログインしてから${absoluteHours}時間が過ぎたため、ログアウトしました。もう一度ログインしてください。`;
    case "revoked":
      return "このログインは終了しています（別の画面でのログアウトやパスワードの変更など）。もう一度ログインしてください。";
    case "signedout":
      return "ログアウトしました。";
  }
}

/** Parse the login page's query string: unknown words are ignored. */
export function parseLoginNotice(search: URLSearchParams): { reason: SignOutReason | null; keptQuiz: boolean } {
  const reason = SignOutReasonSchema.safeParse(search.get("reason"));
  return { reason: reason.success ? reason.data : null, keptQuiz: search.get("kept") === "quiz" };
}
