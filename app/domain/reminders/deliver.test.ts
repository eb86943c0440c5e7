import { describe, expect, it } from "vitest";
import { backoffMs, classifySmtpError } from "./deliver.server";

const smtpError = (fields: Record<string, unknown>) => Object.assign(new Error(String(fields.message ?? "error")), fields);

describe("SMTP error classification", () => {
  it("treats a 5xx reply to a message as permanent", () => {
    expect(classifySmtpError(smtpError({ code: "EENVELOPE", responseCode: 550, response: "550 5.1.1 User unknown" }))).toEqual({
      permanent: true,
      connection: false,
      message: "550 5.1.1 User unknown",
    });
  });

  it("retries a 4xx reply, and stops the batch on 421", () => {
    expect(classifySmtpError(smtpError({ code: "EMESSAGE", responseCode: 451, response: "451 4.3.0 Try again" }))).toMatchObject({ permanent: false, connection: false });
    expect(classifySmtpError(smtpError({ code: "EENVELOPE", responseCode: 421, response: "421 closing" }))).toMatchObject({ permanent: false, connection: true });
  });

  it("keeps messages queued when the relay itself fails (refused, TLS, login), even with a 5xx", () => {
    expect(classifySmtpError(smtpError({ code: "ESOCKET", message: "connect ECONNREFUSED 127.0.0.1:25" }))).toEqual({
      permanent: false,
      connection: true,
      message: "ESOCKET: connect ECONNREFUSED 127.0.0.1:25",
    });
    expect(classifySmtpError(smtpError({ code: "EAUTH", responseCode: 535, response: "535 5.7.8 Authentication failed" }))).toEqual({
      permanent: false,
      connection: true,
      message: "EAUTH: 535 5.7.8 Authentication failed",
    });
  });

  it("backs off 1, 5, 15, 30 minutes, then hourly", () => {
    expect([1, 2, 3, 4, 5, 9].map((attempt) => backoffMs(attempt) / 60_000)).toEqual([1, 5, 15, 30, 60, 60]);
  });
});
