import { readFileSync } from "node:fs";
import { z } from "zod";

/** Roles a directory group may grant. learner comes with every account; manager follows 所属長. */
export const DIRECTORY_ROLES = ["hr", "auditor", "admin"] as const;
export type DirectoryRole = (typeof DIRECTORY_ROLES)[number];

export type LdapConfig = {
  url: string;
  startTls: boolean;
  /** ldap:// without StartTLS: only with LDAP_ALLOW_PLAIN=true (tests, development). */
  plain: boolean;
  ca: string | null;
  bindDn: string | null;
  bindPassword: string | null;
  baseDn: string;
  /** Search filter with `{username}` where the typed user name goes (escaped). */
  userFilter: string;
  employeeAttribute: string;
  roleGroups: { role: DirectoryRole; dn: string }[];
  timeoutMs: number;
  sync: {
    baseDn: string;
    filter: string;
    /** Directory attribute per roster column; null = not read from the directory (the current value is kept). */
    attributes: {
      name: string;
      nameKana: string | null;
      email: string | null;
      departmentCode: string;
      categoryName: string;
      roleTier: string | null;
      hireDate: string | null;
      endDate: string | null;
    };
  };
};

export type OidcConfig = {
  issuer: string;
  clientId: string;
  clientSecret: string | null;
  redirectUri: string;
  scopes: string;
  employeeClaim: string;
  /** What the claim is compared with: the 職員番号 or the e-mail address (case-insensitive). */
  matchBy: "employee_no" | "email";
  /** http:// issuer allowed (tests, development). */
  allowInsecure: boolean;
};

export type DirectoryConfig = { ldap: LdapConfig | null; oidc: OidcConfig | null };

const bool = (fallback: "true" | "false") => z.enum(["true", "false"]).default(fallback).transform((value) => value === "true");
const optional = z.string().trim().optional().transform((value) => (value ? value : undefined));
const attribute = (fallback: string) =>
  z.string().trim().default(fallback).refine((value) => value === "" || /^[A-Za-z][A-Za-z0-9-]*$/.test(value), "LDAP の属性名ではありません");

const EnvSchema = z.object({
  LDAP_URL: optional.pipe(z.string().regex(/^ldaps?:\/\/[^/\s]+\/?$/, "ldap://ホスト:ポート または ldaps://ホスト:ポート の形式にしてください").optional()),
  LDAP_STARTTLS: bool("false"),
  LDAP_ALLOW_PLAIN: bool("false"),
  LDAP_CA_FILE: optional,
  LDAP_BIND_DN: optional,
  LDAP_BIND_PASSWORD: z.string().optional(),
  LDAP_BASE_DN: optional,
  LDAP_USER_FILTER: z.string().trim().default("(&(objectClass=user)(sAMAccountName={username}))")
    .refine((value) => value.includes("{username}") && value.startsWith("(") && value.endsWith(")"), "括弧で囲んだ検索フィルタに {username} を含めてください"),
  LDAP_EMPLOYEE_ATTRIBUTE: attribute("employeeID").refine((value) => value !== "", "属性名が空です"),
  LDAP_ROLE_GROUPS: z.string().trim().default(""),
  LDAP_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(60).default(5),
  LDAP_SYNC_BASE_DN: optional,
  LDAP_SYNC_FILTER: z.string().trim().default("(&(objectClass=user)(employeeID=*)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))")
    .refine((value) => value.startsWith("(") && value.endsWith(")"), "括弧で囲んだ検索フィルタにしてください"),
  LDAP_ATTR_NAME: attribute("displayName").refine((value) => value !== "", "氏名の属性は必須です"),
  LDAP_ATTR_KANA: attribute("msDS-PhoneticDisplayName"),
  LDAP_ATTR_EMAIL: attribute("mail"),
  LDAP_ATTR_DEPARTMENT: attribute("departmentNumber").refine((value) => value !== "", "所属コードの属性は必須です"),
  LDAP_ATTR_CATEGORY: attribute("employeeType").refine((value) => value !== "", "職員区分の属性は必須です"),
  LDAP_ATTR_ROLE_TIER: attribute(""),
  LDAP_ATTR_HIRE_DATE: attribute(""),
  LDAP_ATTR_END_DATE: attribute(""),
  OIDC_ISSUER: optional.pipe(z.url("URL にしてください").optional()),
  OIDC_CLIENT_ID: optional,
  OIDC_CLIENT_SECRET: optional,
  OIDC_REDIRECT_URI: optional.pipe(z.url("URL にしてください").optional()),
  OIDC_SCOPES: z.string().trim().default("openid profile email"),
  OIDC_EMPLOYEE_CLAIM: z.string().trim().min(1).default("employee_id"),
  OIDC_MATCH: z.enum(["employee_no", "email"]).default("employee_no"),
  OIDC_ALLOW_INSECURE: bool("false"),
});

class ConfigError extends Error {
  constructor(variable: string, message: string) {
    super(`環境変数 ${variable} が不正です: ${message}`);
  }
}

function parseRoleGroups(value: string): { role: DirectoryRole; dn: string }[] {
  if (!value) return [];
  return value.split(";").map((item) => item.trim()).filter(Boolean).map((item) => {
    // Split at the first "=" only: the DN itself is full of them.
    const at = item.indexOf("=");
    const role = item.slice(0, at).trim();
    const dn = item.slice(at + 1).trim();
    if (at < 0 || !(DIRECTORY_ROLES as readonly string[]).includes(role) || !dn.includes("=")) {
      throw new ConfigError("LDAP_ROLE_GROUPS", `「${item}」は 役割=グループのDN（役割は ${DIRECTORY_ROLES.join("・")}）の形式にしてください`);
    }
    return { role: role as DirectoryRole, dn };
  });
}

/**
 * Read and validate the directory sign-in settings. Each method is off (null) unless its main
 * variable is set; a bad value throws naming the variable, so the server does not start.
 */
export function getDirectoryConfig(env: Record<string, string | undefined> = process.env): DirectoryConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(issue.path.join("."), issue.message);
  }
  const value = parsed.data;
  let ldap: LdapConfig | null = null;
  if (value.LDAP_URL) {
    const plain = value.LDAP_URL.startsWith("ldap://") && !value.LDAP_STARTTLS;
    if (value.LDAP_URL.startsWith("ldaps://") && value.LDAP_STARTTLS) {
      throw new ConfigError("LDAP_STARTTLS", "ldaps:// では StartTLS は使いません（どちらか一方にしてください）");
    }
    if (plain && !value.LDAP_ALLOW_PLAIN) {
      throw new ConfigError(
        "LDAP_URL",
        "暗号化されていない ldap:// ではパスワードが平文で流れます。ldaps:// にするか LDAP_STARTTLS=true を指定してください（試験・開発に限り LDAP_ALLOW_PLAIN=true）",
      );
    }
    if (!value.LDAP_BASE_DN) throw new ConfigError("LDAP_BASE_DN", "LDAP_URL を指定したときは検索の起点（例: dc=city,dc=local）が必要です");
    if (value.LDAP_BIND_DN && value.LDAP_BIND_PASSWORD === undefined) {
      throw new ConfigError("LDAP_BIND_PASSWORD", "LDAP_BIND_DN を指定したときはサービスアカウントのパスワードが必要です");
    }
    let ca: string | null = null;
    if (value.LDAP_CA_FILE) {
      try {
        ca = readFileSync(value.LDAP_CA_FILE, "utf8");
      } catch {
        throw new ConfigError("LDAP_CA_FILE", `${value.LDAP_CA_FILE} を読めません`);
      }
    }
    const orNull = (name: string) => (name === "" ? null : name);
    ldap = {
      url: value.LDAP_URL,
      startTls: value.LDAP_STARTTLS,
      plain,
      ca,
      bindDn: value.LDAP_BIND_DN ?? null,
      bindPassword: value.LDAP_BIND_DN ? value.LDAP_BIND_PASSWORD ?? "" : null,
      baseDn: value.LDAP_BASE_DN,
      userFilter: value.LDAP_USER_FILTER,
      employeeAttribute: value.LDAP_EMPLOYEE_ATTRIBUTE,
      roleGroups: parseRoleGroups(value.LDAP_ROLE_GROUPS),
      timeoutMs: value.LDAP_TIMEOUT_SECONDS * 1000,
      sync: {
        baseDn: value.LDAP_SYNC_BASE_DN ?? value.LDAP_BASE_DN,
        filter: value.LDAP_SYNC_FILTER,
        attributes: {
          name: value.LDAP_ATTR_NAME,
          nameKana: orNull(value.LDAP_ATTR_KANA),
          email: orNull(value.LDAP_ATTR_EMAIL),
          departmentCode: value.LDAP_ATTR_DEPARTMENT,
          categoryName: value.LDAP_ATTR_CATEGORY,
          roleTier: orNull(value.LDAP_ATTR_ROLE_TIER),
          hireDate: orNull(value.LDAP_ATTR_HIRE_DATE),
          endDate: orNull(value.LDAP_ATTR_END_DATE),
        },
      },
    };
  }
  let oidc: OidcConfig | null = null;
  if (value.OIDC_ISSUER) {
    if (!value.OIDC_CLIENT_ID) throw new ConfigError("OIDC_CLIENT_ID", "OIDC_ISSUER を指定したときはクライアントIDが必要です");
    if (!value.OIDC_REDIRECT_URI) {
      throw new ConfigError("OIDC_REDIRECT_URI", "OIDC_ISSUER を指定したときはコールバックURL（https://…/login/oidc/callback）が必要です");
    }
    const insecure = (url: string) => new URL(url).protocol !== "https:";
    if (!value.OIDC_ALLOW_INSECURE && insecure(value.OIDC_ISSUER)) {
      throw new ConfigError("OIDC_ISSUER", "https:// の URL にしてください（試験・開発に限り OIDC_ALLOW_INSECURE=true）");
    }
    if (!new URL(value.OIDC_REDIRECT_URI).pathname.endsWith("/login/oidc/callback")) {
      throw new ConfigError("OIDC_REDIRECT_URI", "パスは /login/oidc/callback にしてください");
    }
    if (!value.OIDC_SCOPES.split(/\s+/).includes("openid")) throw new ConfigError("OIDC_SCOPES", "openid を含めてください");
    oidc = {
      issuer: value.OIDC_ISSUER,
      clientId: value.OIDC_CLIENT_ID,
      clientSecret: value.OIDC_CLIENT_SECRET ?? null,
      redirectUri: value.OIDC_REDIRECT_URI,
      scopes: value.OIDC_SCOPES,
      employeeClaim: value.OIDC_EMPLOYEE_CLAIM,
      matchBy: value.OIDC_MATCH,
      allowInsecure: value.OIDC_ALLOW_INSECURE,
    };
  }
  return { ldap, oidc };
}
