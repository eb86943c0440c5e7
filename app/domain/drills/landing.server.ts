import { getDrillTemplate } from "./templates.server";
import type { LandingRecipient } from "./events.server";

const GENERIC_LESSON = [
  "標的型攻撃メールは、業務の連絡や身近な通知を装って、リンクを開かせたり、ファイルを実行させたり、IDとパスワードを入力させたりします。基本方針 3(1) が想定する不正アクセスやウイルス攻撃、重要情報の詐取の多くは、このようなメールから始まります。",
  "差出人のアドレス、急がせる言葉、身に覚えのない用件、メールのリンク先でのパスワード入力に注意してください。本物かどうかは、メールの中の連絡先ではなく、庁内の名簿などで調べた連絡先で確かめます。",
  "不審なメールは開かずに報告し、その後の扱いは所属の情報セキュリティ管理者の指示に従います。開いてしまったときも、すぐに報告すれば被害を小さくできます。",
];

export type LandingView = {
  step: "form" | "lesson";
  subject: string;
  senderName: string;
  senderAddress: string;
  signs: string[];
  lesson: string[];
  entered: boolean;
};

/** What the landing page shows: the fake form first for a `login` drill not yet filled in, then the lesson. */
export function landingView(recipient: LandingRecipient): LandingView {
  const template = recipient.templateId ? getDrillTemplate(recipient.templateId) : null;
  const lesson = template ? template.lesson.split(/\n\s*\n/).map((part) => part.replace(/\s*\n\s*/g, "")) : GENERIC_LESSON;
  return {
    step: recipient.landing === "login" && recipient.enteredAt === null ? "form" : "lesson",
    subject: recipient.subject,
    senderName: recipient.senderName,
    senderAddress: recipient.senderAddress,
    signs: recipient.signs,
    lesson,
    entered: recipient.enteredAt !== null,
  };
}
