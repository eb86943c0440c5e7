import { z } from "zod";

export type MailConfig = {
  /** smtp:// or smtps:// URL of the relay; null keeps every message in the outbox (nothing is sent). */
  smtpUrl: string | null;
  from: string;
  /** Public URL used in links inside e-mails. */
  baseUrl: string;
  /** Host part for Message-IDs. */
  messageIdDomain: string;
  /** The in-process daily scheduler; off with REMINDERS_SCHEDULER=off. */
  schedulerEnabled: boolean;
};

const EnvSchema = z.object({
  SMTP_URL: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : undefined))
    .refine((value) => value === undefined || /^smtps?:\/\/[^/\s]+/i.test(value), "smtp://ユーザー:パスワード@ホスト:ポート の形式で指定してください"),
  MAIL_FROM: z
    .string()
    .trim()
    .optional()
    .refine((value) => !value || /^[^<>]*<[^\s@<>]+@[^\s@<>]+>$|^[^\s@<>]+@[^\s@<>]+$/.test(value), "送信元アドレス（例: mamori@city.example.lg.jp または まもり <mamori@city.example.lg.jp>）を指定してください"),
  APP_BASE_URL: z
    .string()
    .trim()
    .optional()
    .refine((value) => !value || /^https?:\/\/[^\s/]+/i.test(value), "http:// または https:// で始まる URL を指定してください"),
  PORT: z.string().optional(),
  REMINDERS_SCHEDULER: z.enum(["on", "off"]).optional(),
});

/** Read and validate the mail settings (a bad value stops the start, naming the variable). */
export function getMailConfig(env: NodeJS.ProcessEnv = process.env): MailConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`環境変数 ${issue.path.join(".")} が不正です: ${issue.message}`);
  }
  const value = parsed.data;
  const baseUrl = (value.APP_BASE_URL || `http://localhost:${value.PORT || "3000"}`).replace(/\/+$/, "");
  const host = new URL(baseUrl).hostname || "localhost";
  return {
    smtpUrl: value.SMTP_URL ?? null,
    from: value.MAIL_FROM || `まもり <mamori@${host.includes(".") ? host : `${host}.localdomain`}>`,
    baseUrl,
    messageIdDomain: host,
    schedulerEnabled: value.REMINDERS_SCHEDULER !== "off",
  };
}

/** The relay for display: never the password. */
export function describeSmtp(smtpUrl: string | null): string | null {
  if (!smtpUrl) return null;
  try {
    const url = new URL(smtpUrl);
    return `${url.protocol}//${url.username ? `${decodeURIComponent(url.username)}@` : ""}${url.host}`;
  } catch {
    return "（解釈できない URL）";
  }
}
