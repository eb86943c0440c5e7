// The campaign form (HR): pure parsing with zod, Japanese messages per field.
import { z } from "zod";
import { checkDrillBody, LANDINGS, senderAddressProblem } from "./templates";

export const SAMPLE_KINDS = ["all", "count", "percent"] as const;

export type Audience = {
  categoryIds: number[];
  departmentIds: number[];
  sample: { kind: (typeof SAMPLE_KINDS)[number]; value: number };
};

export type CampaignInput = {
  name: string;
  templateId: string | null;
  senderName: string;
  senderAddress: string;
  subject: string;
  bodyText: string;
  signs: string[];
  landing: (typeof LANDINGS)[number];
  moduleId: string;
  followUpDays: number;
  windowDays: number;
  audience: Audience;
};

const ids = z.array(z.coerce.number().int().positive()).max(1000);

const Schema = z
  .object({
    name: z.string().trim().min(1, "訓練名を入力してください。").max(100, "訓練名は100文字以内にしてください。"),
    templateId: z.string().trim().max(100).optional().transform((value) => value || null),
    senderName: z.string().trim().min(1, "差出人名を入力してください。").max(60, "差出人名は60文字以内にしてください。"),
    senderAddress: z.string().trim().max(200).refine((value) => senderAddressProblem(value) === null, "送信元メールアドレスの形式が正しくありません。"),
    subject: z.string().trim().min(1, "件名を入力してください。").max(120, "件名は120文字以内にしてください。"),
    bodyText: z
      .string()
      .trim()
      .min(1, "本文を入力してください。")
      .max(5000, "本文は5,000文字以内にしてください。")
      .superRefine((value, context) => {
        const problem = checkDrillBody(value);
        if (problem) context.addIssue({ code: "custom", message: `${problem}。` });
      }),
    signs: z
      .string()
      .transform((value) => value.split(/\r?\n/).map((line) => line.trim()).filter(Boolean))
      .pipe(z.array(z.string().max(300, "見分けるポイントは1行300文字以内にしてください。")).min(1, "見分けるポイントを1行に1つ、1つ以上入力してください。").max(10, "見分けるポイントは10個までです。")),
    landing: z.enum(LANDINGS, { error: "リンク先の種類を選んでください。" }),
    moduleId: z.string().trim().min(1, "フォローアップの研修を選んでください。").max(100),
    followUpDays: z.coerce.number({ error: "日数を数字で入力してください。" }).int("日数は整数で入力してください。").min(1, "1日以上にしてください。").max(180, "180日以内にしてください。"),
    windowDays: z.coerce.number({ error: "日数を数字で入力してください。" }).int("日数は整数で入力してください。").min(1, "1営業日以上にしてください。").max(20, "20営業日以内にしてください。"),
    categoryIds: ids,
    departmentIds: ids,
    sampleKind: z.enum(SAMPLE_KINDS, { error: "対象者の選び方を選んでください。" }),
    sampleValue: z.string().trim().optional(),
  })
  .superRefine((value, context) => {
    if (value.sampleKind === "all") return;
    const number = Number(value.sampleValue);
    const max = value.sampleKind === "percent" ? 100 : 100000;
    if (!value.sampleValue || !Number.isInteger(number) || number < 1 || number > max) {
      context.addIssue({ code: "custom", path: ["sampleValue"], message: value.sampleKind === "percent" ? "1〜100 の整数（%）を入力してください。" : "1以上の人数を入力してください。" });
    }
  });

export type CampaignFormResult = { ok: true; input: CampaignInput } | { ok: false; errors: Record<string, string> };

export function parseCampaignForm(form: FormData): CampaignFormResult {
  const parsed = Schema.safeParse({
    name: form.get("name") ?? "",
    templateId: form.get("templateId") ?? undefined,
    senderName: form.get("senderName") ?? "",
    senderAddress: form.get("senderAddress") ?? "",
    subject: form.get("subject") ?? "",
    bodyText: form.get("bodyText") ?? "",
    signs: form.get("signs") ?? "",
    landing: form.get("landing") ?? undefined,
    moduleId: form.get("moduleId") ?? "",
    followUpDays: form.get("followUpDays") ?? "",
    windowDays: form.get("windowDays") ?? "",
    categoryIds: form.getAll("categoryId"),
    departmentIds: form.getAll("departmentId"),
    sampleKind: form.get("sampleKind") ?? undefined,
    sampleValue: form.get("sampleValue") ?? undefined,
  });
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
    return { ok: false, errors };
  }
  const value = parsed.data;
  return {
    ok: true,
    input: {
      name: value.name,
      templateId: value.templateId,
      senderName: value.senderName,
      senderAddress: value.senderAddress,
      subject: value.subject,
      bodyText: value.bodyText,
      signs: value.signs,
      landing: value.landing,
      moduleId: value.moduleId,
      followUpDays: value.followUpDays,
      windowDays: value.windowDays,
      audience: {
        categoryIds: [...new Set(value.categoryIds)],
        departmentIds: [...new Set(value.departmentIds)],
        sample: { kind: value.sampleKind, value: value.sampleKind === "all" ? 0 : Number(value.sampleValue) },
      },
    },
  };
}

/** How many of `population` people a sample takes (at least one when anyone is there). */
export function sampleSize(population: number, sample: Audience["sample"]): number {
  if (population === 0) return 0;
  if (sample.kind === "all") return population;
  if (sample.kind === "count") return Math.min(population, sample.value);
  return Math.max(1, Math.min(population, Math.round((population * sample.value) / 100)));
}

export const AudienceSchema = z.object({
  categoryIds: z.array(z.number().int()),
  departmentIds: z.array(z.number().int()),
  sample: z.object({ kind: z.enum(SAMPLE_KINDS), value: z.number().int() }),
});

/** What was typed, to show again next to the errors (a 400 keeps the person's edits). */
export function submittedValues(form: FormData) {
  const text = (key: string) => String(form.get(key) ?? "");
  const kind = text("sampleKind");
  const numbers = (key: string) => form.getAll(key).map(Number).filter((value) => Number.isInteger(value) && value > 0);
  return {
    name: text("name"),
    templateId: text("templateId") || null,
    senderName: text("senderName"),
    senderAddress: text("senderAddress"),
    subject: text("subject"),
    bodyText: text("bodyText"),
    signs: text("signs").split(/\r?\n/),
    landing: (text("landing") === "none" ? "none" : "login") as "login" | "none",
    moduleId: text("moduleId"),
    followUpDays: Number(text("followUpDays")) || 0,
    windowDays: Number(text("windowDays")) || 0,
    audience: {
      categoryIds: numbers("categoryId"),
      departmentIds: numbers("departmentId"),
      sample: { kind: (kind === "count" || kind === "percent" ? kind : "all") as "all" | "count" | "percent", value: Number(text("sampleValue")) || 0 },
    },
  };
}
