import { z } from "zod";

const EnvSchema = z.object({
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(12),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(20),
  LOGIN_THROTTLE_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  /** "true" forces the Secure cookie flag (behind a TLS-terminating proxy). */
  COOKIE_SECURE: z.enum(["true", "false", "auto"]).default("auto"),
});

export type AuthConfig = {
  idleMs: number;
  absoluteMs: number;
  maxFailuresPerAccount: number;
  maxFailuresPerIp: number;
  throttleWindowMs: number;
  cookieSecure: "true" | "false" | "auto";
};

/** Read and validate the auth settings from the environment (fails fast on a bad value). */
export function getAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`環境変数 ${issue.path.join(".")} が不正です: ${issue.message}`);
  }
  const value = parsed.data;
  return {
    idleMs: value.SESSION_IDLE_MINUTES * 60_000,
    absoluteMs: value.SESSION_ABSOLUTE_HOURS * 3_600_000,
    maxFailuresPerAccount: value.LOGIN_MAX_FAILURES_PER_ACCOUNT,
    maxFailuresPerIp: value.LOGIN_MAX_FAILURES_PER_IP,
    throttleWindowMs: value.LOGIN_THROTTLE_WINDOW_MINUTES * 60_000,
    cookieSecure: value.COOKIE_SECURE,
  };
}
