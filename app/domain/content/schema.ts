import { z } from "zod";

/**
 * Employee categories of policy sections 5 and 6(8); the shipped defaults. The policy's
 * 「非常勤職員及び臨時職員等」 predates the 2020 reform (地方公務員法 第22条の2 会計年度任用職員,
 * 第22条の3 臨時的任用職員), so today's categories are listed too; both take the full 職員 track.
 */
export const DEFAULT_CATEGORIES = ["職員", "会計年度任用職員", "臨時的任用職員", "非常勤職員", "臨時職員", "委託事業者"] as const;
/** Role tiers from SPEC.md "Organisation model". */
export const ROLE_TIERS = ["一般", "管理職", "システム担当"] as const;

/**
 * A policy section reference: "3", "3(1)", "6(3)" … Only numbered sections 1–10 exist in the
 * basic policy; the content test checks each cited one against the policy text.
 */
export const PolicySectionSchema = z
  .string()
  .regex(/^(10|[1-9])(\(\d{1,2}\))?$/, "「3」や「6(2)」の形式で書いてください");

/** Every explanation must cite the policy, e.g. 「基本方針 3(1)」. */
export const POLICY_CITATION = /基本方針\s?(10|[1-9])(\(\d{1,2}\))?/g;

const OptionSchema = z.object({
  text: z.string().trim().min(1),
  correct: z.boolean().default(false),
  explanation: z
    .string()
    .trim()
    .min(1)
    .refine((value) => new RegExp(POLICY_CITATION.source).test(value), {
      message: "解説には「基本方針 3(1)」のように根拠となる節を書いてください",
    }),
});

const QuestionSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, "英小文字・数字・ハイフンのみ"),
    type: z.enum(["single", "multiple", "truefalse"]),
    prompt: z.string().trim().min(1),
    options: z.array(OptionSchema).min(2).max(8),
  })
  .superRefine((question, context) => {
    const correct = question.options.filter((option) => option.correct).length;
    if (question.type !== "multiple" && correct !== 1) {
      context.addIssue({
        code: "custom",
        path: ["options"],
        message: `正解はちょうど1つ必要です（現在 ${correct} 個）`,
      });
    }
    if (question.type === "multiple" && correct < 1) {
      context.addIssue({ code: "custom", path: ["options"], message: "正解が1つもありません" });
    }
    if (question.type === "truefalse" && question.options.length !== 2) {
      context.addIssue({
        code: "custom",
        path: ["options"],
        message: "○×問題の選択肢は2つ（正しい／誤り）です",
      });
    }
  });

const QuizSchema = z
  .object({
    /** How many questions one attempt draws from the bank. */
    draw: z.number().int().min(1).default(5),
    /** Pass mark in percent. */
    passMark: z.number().int().min(1).max(100).default(80),
    questions: z.array(QuestionSchema).min(1),
  })
  .superRefine((quiz, context) => {
    if (quiz.draw > quiz.questions.length) {
      context.addIssue({
        code: "custom",
        path: ["draw"],
        message: `出題数 ${quiz.draw} が問題数 ${quiz.questions.length} を超えています`,
      });
    }
    const seen = new Set<string>();
    quiz.questions.forEach((question, index) => {
      if (seen.has(question.id)) {
        context.addIssue({
          code: "custom",
          path: ["questions", index, "id"],
          message: `問題IDが重複しています: ${question.id}`,
        });
      }
      seen.add(question.id);
    });
  });

const AudienceSchema = z.object({
  /** Employee categories that must take the module; empty means every category. */
  categories: z.array(z.string().min(1)).default([]),
  /** Role tiers that must take it; empty means every tier. */
  roleTiers: z.array(z.enum(ROLE_TIERS)).default([]),
});

export const ModuleFrontMatterSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, "英小文字・数字・ハイフンのみ"),
    title: z.string().trim().min(1),
    summary: z.string().trim().min(1),
    minutes: z.number().int().min(1).max(120),
    version: z.number().int().min(1),
    kind: z.enum(["training", "acknowledgement"]).default("training"),
    /** Display order on the learner's page and in tracks. */
    order: z.number().int().default(100),
    policySections: z.array(PolicySectionSchema).min(1),
    audience: AudienceSchema.default({ categories: [], roleTiers: [] }),
    /** "annual": a new assignment every 年度; "once": at hire only. */
    recurrence: z.enum(["annual", "once"]).default("annual"),
    /**
     * Acknowledgement modules: raises the minimum seconds between opening and acknowledging above
     * the reading time the loader derives from the body's length; it can never lower it.
     */
    minReadSeconds: z.number().int().min(0).optional(),
    quiz: QuizSchema.optional(),
  })
  .superRefine((module, context) => {
    if (module.kind === "training" && !module.quiz) {
      context.addIssue({ code: "custom", path: ["quiz"], message: "研修モジュールには quiz が必要です" });
    }
  });

export type ModuleFrontMatter = z.infer<typeof ModuleFrontMatterSchema>;
export type Quiz = NonNullable<ModuleFrontMatter["quiz"]>;
export type Question = Quiz["questions"][number];
