// The shipped library of drill mails (content/drills/*.md): front matter validated with zod, the
// Markdown body is the plain-text mail itself with {{name}}, {{link}} and {{reference}} placeholders.
import { z } from "zod";
import { PolicySectionSchema } from "../content/schema";

/**
 * Domains reserved for examples (RFC 2606 / RFC 6761, and example.jp/.co.jp/.lg.jp reserved by
 * JPRS): a shipped template must never name a real company or a real government domain.
 */
export const FICTITIOUS_DOMAIN = /(^|\.)(example\.(com|net|org|jp|co\.jp|lg\.jp|go\.jp|ne\.jp|or\.jp)|example|test|invalid)$/i;

export const LANDINGS = ["login", "none"] as const;
export type Landing = (typeof LANDINGS)[number];

const SenderAddressSchema = z
  .string()
  .trim()
  .regex(/^[^\s@<>]+@[^\s@<>]+$/, "メールアドレスの形式で書いてください")
  .refine((value) => FICTITIOUS_DOMAIN.test(value.split("@")[1] ?? ""), {
    message: "実在の組織のドメインは使えません。example.jp などの例示用ドメインにしてください",
  });

export const DrillTemplateFrontMatterSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, "英小文字・数字・ハイフンのみ"),
  title: z.string().trim().min(1).max(60),
  /** Which threat of basic policy section 3 the mail stands for, e.g. 3(1). */
  policySection: PolicySectionSchema,
  threat: z.string().trim().min(1).max(200),
  senderName: z.string().trim().min(1).max(60),
  senderAddress: SenderAddressSchema,
  subject: z.string().trim().min(1).max(120),
  landing: z.enum(LANDINGS),
  signs: z.array(z.string().trim().min(1).max(300)).min(2, "見分けるポイントを2つ以上書いてください").max(8),
  lesson: z.string().trim().min(1).max(3000),
});

export type DrillTemplate = z.infer<typeof DrillTemplateFrontMatterSchema> & { file: string; bodyText: string };

/** Problems with a mail body (template or campaign edit): the link and the reference must be in it. */
export function checkDrillBody(body: string): string | null {
  if (!body.includes("{{link}}")) return "本文に {{link}}（訓練用リンク）を入れてください";
  if (!body.includes("{{reference}}")) return "本文に {{reference}}（報告用の参照番号）を入れてください";
  return null;
}

export function senderAddressProblem(address: string): string | null {
  return /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(address.trim()) ? null : "送信元メールアドレスの形式が正しくありません";
}
