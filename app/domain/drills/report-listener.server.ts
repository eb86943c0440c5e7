// The report address: an SMTP listener Mamori runs (DRILL_REPORT_SMTP_PORT) that the city's relay
// forwards reported mail to. Whatever arrives is searched for a drill link token or reference
// (in the body, or in a forwarded message attached as message/rfc822) and counted as reported.
// Every message is accepted (250): a report that matches no drill must not bounce back to staff.
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import type { Db } from "~/db/client.server";
import { reportFromMail } from "./events.server";

const MAX_MESSAGE_BYTES = 5 * 1024 * 1024;
const MAX_DEPTH = 3;

/** The readable text of a mail and of any mail or text file attached to it. */
export async function collectText(parsed: ParsedMail, depth = 0): Promise<string> {
  const parts = [parsed.subject ?? "", parsed.text ?? "", typeof parsed.html === "string" ? parsed.html : ""];
  for (const attachment of parsed.attachments ?? []) {
    if (attachment.contentType === "message/rfc822" && depth < MAX_DEPTH) {
      parts.push(await collectText(await simpleParser(attachment.content), depth + 1));
    } else if (attachment.contentType.startsWith("text/")) {
      parts.push(attachment.content.toString("utf8"));
    }
  }
  return parts.join("\n");
}

export type ReportListener = { port: number; close: () => Promise<void> };

export async function startReportListener(db: Db, options: { port: number; host: string; now?: () => number }): Promise<ReportListener> {
  const now = options.now ?? Date.now;
  const server = new SMTPServer({
    // Inside the closed network, from the city's relay only (restrict with the firewall).
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    banner: "report listener",
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then(async (parsed) => {
          if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
            callback(Object.assign(new Error("メッセージが大きすぎます"), { responseCode: 552 }));
            return;
          }
          const outcome = reportFromMail(db, await collectText(parsed), now());
          if (outcome.matched > 0) console.info(`[drills] 報告メールを受信しました（訓練メール ${outcome.matched} 件、初回 ${outcome.firstReports} 件）`);
          callback(null);
        })
        .catch((error: Error) => {
          console.error("[drills] 報告メールを処理できませんでした", error.message);
          callback(Object.assign(new Error("一時的に処理できません"), { responseCode: 451 }));
        });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  server.on("error", (error) => console.error("[drills] 報告用 SMTP の受信でエラーが発生しました", error.message));
  const address = server.server.address();
  return {
    port: typeof address === "object" && address ? address.port : options.port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
