import { z } from "zod";
import { getMailConfig } from "../reminders/config.server";

export type DrillConfig = {
  /** Where drill links point (a host inside the closed network that need not reveal Mamori). */
  baseUrl: string;
  /** Host part of drill Message-IDs (the link host, not Mamori's). */
  messageIdDomain: string;
  /** Port of the report listener (SMTP the city's relay forwards reported mail to); null = off. */
  reportSmtpPort: number | null;
  reportSmtpHost: string;
  /** The address staff forward suspicious mail to, shown on /learn; null = not shown. */
  reportAddress: string | null;
};

const EnvSchema = z.object({
  DRILL_BASE_URL: z
    .string()
    .trim()
    .optional()
    .refine((value) => !value || /^https?:\/\/[^\s/]+/i.test(value), "http:// または https:// で始まる URL を指定してください"),
  DRILL_REPORT_SMTP_PORT: z
    .string()
    .trim()
    .optional()
    .refine((value) => !value || (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 65535), "1〜65535 のポート番号を指定してください"),
  DRILL_REPORT_SMTP_HOST: z.string().trim().optional(),
  DRILL_REPORT_ADDRESS: z
    .string()
    .trim()
    .optional()
    .refine((value) => !value || /^[^\s@<>]+@[^\s@<>]+$/.test(value), "メールアドレスを指定してください"),
});

export function getDrillConfig(env: NodeJS.ProcessEnv = process.env): DrillConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`環境変数 ${issue.path.join(".")} が不正です: ${issue.message}`);
  }
  const value = parsed.data;
  const baseUrl = (value.DRILL_BASE_URL || getMailConfig(env).baseUrl).replace(/\/+$/, "");
  return {
    baseUrl,
    messageIdDomain: new URL(baseUrl).hostname || "localhost",
    reportSmtpPort: value.DRILL_REPORT_SMTP_PORT ? Number(value.DRILL_REPORT_SMTP_PORT) : null,
    reportSmtpHost: value.DRILL_REPORT_SMTP_HOST || "0.0.0.0",
    reportAddress: value.DRILL_REPORT_ADDRESS || null,
  };
}
