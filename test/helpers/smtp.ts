// A real SMTP server for tests (the smtp-server package), on 127.0.0.1 and a free port. It records
// every message it ACCEPTS (250 after the final dot), raw and parsed, and can be told to answer a
// recipient with an SMTP error or to be slow.
import { createServer } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export type ReceivedMail = { to: string[]; raw: string; parsed: ParsedMail };

export type SmtpReply = { code: number; message: string };

export type TestSmtpOptions = {
  port?: number;
  /** Error for a recipient at RCPT TO (e.g. 550): the message is refused before its data. */
  rejectRecipient?: (address: string, attempt: number) => SmtpReply | null;
  /** Error after the data (e.g. 451): the message is refused at the final dot. */
  rejectData?: (recipients: string[], attempt: number) => SmtpReply | null;
};

export type TestSmtp = {
  port: number;
  url: string;
  received: ReceivedMail[];
  /** Milliseconds to wait before answering each RCPT TO (a slow relay). */
  rcptDelayMs: number;
  /** Called on every RCPT TO, before the delay. */
  onRcpt: ((address: string) => void) | null;
  close: () => Promise<void>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function smtpError({ code, message }: SmtpReply): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

export async function startTestSmtpServer(options: TestSmtpOptions = {}): Promise<TestSmtp> {
  const port = options.port ?? (await freePort());
  const rcptAttempts = new Map<string, number>();
  const dataAttempts = new Map<string, number>();
  const state: TestSmtp = {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received: [],
    rcptDelayMs: 0,
    onRcpt: null,
    close: async () => {},
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, callback) {
      state.onRcpt?.(address.address);
      const attempt = (rcptAttempts.get(address.address) ?? 0) + 1;
      rcptAttempts.set(address.address, attempt);
      const reply = options.rejectRecipient?.(address.address, attempt) ?? null;
      const answer = () => callback(reply ? smtpError(reply) : null);
      if (state.rcptDelayMs > 0) setTimeout(answer, state.rcptDelayMs);
      else answer();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const to = session.envelope.rcptTo.map((address) => address.address);
        const key = to.join(",");
        const attempt = (dataAttempts.get(key) ?? 0) + 1;
        dataAttempts.set(key, attempt);
        const reply = options.rejectData?.(to, attempt) ?? null;
        if (reply) return callback(smtpError(reply));
        const raw = Buffer.concat(chunks).toString("utf8");
        simpleParser(raw)
          .then((parsed) => {
            state.received.push({ to, raw, parsed });
            callback(null);
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  state.close = () => new Promise((resolve) => server.close(() => resolve()));
  return state;
}
