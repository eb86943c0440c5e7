import type { Db } from "~/db/client.server";
import { recordAudit } from "../audit.server";
import type { DirectoryConfig } from "../auth/directory-config.server";
import { testLdapConnection } from "../auth/ldap.server";
import { testOidcDiscovery } from "../auth/oidc.server";

export type SignInMethods = {
  ldap: null | {
    url: string; transport: string; serviceAccount: string | null; baseDn: string; userFilter: string;
    employeeAttribute: string; roleGroups: string[]; syncFilter: string;
  };
  oidc: null | { issuer: string; clientId: string; redirectUri: string; employeeClaim: string; matchBy: string };
};

/** What /admin shows about the sign-in methods: settings only, never a secret. */
export function signInMethods(config: DirectoryConfig): SignInMethods {
  const { ldap, oidc } = config;
  return {
    ldap: ldap && {
      url: ldap.url,
      transport: ldap.url.startsWith("ldaps://") ? "LDAPS（TLS）" : ldap.startTls ? "StartTLS" : "暗号化なし（LDAP_ALLOW_PLAIN=true：試験・開発用）",
      serviceAccount: ldap.bindDn,
      baseDn: ldap.baseDn,
      userFilter: ldap.userFilter,
      employeeAttribute: ldap.employeeAttribute,
      roleGroups: ldap.roleGroups.map((group) => `${group.role} = ${group.dn}`),
      syncFilter: ldap.sync.filter,
    },
    oidc: oidc && {
      issuer: oidc.issuer,
      clientId: oidc.clientId,
      redirectUri: oidc.redirectUri,
      employeeClaim: oidc.employeeClaim,
      matchBy: oidc.matchBy === "email" ? "メールアドレス" : "職員番号",
    },
  };
}

export type ConnectionTest = { method: "ldap" | "oidc"; label: string; ok: boolean; detail: string };

/** The 接続テスト button: LDAP connection + service bind, OIDC discovery. Audited with the outcome. */
export async function runDirectoryTest(
  db: Db, config: DirectoryConfig, actorAccountId: number, ip: string | null, now = Date.now(),
): Promise<ConnectionTest[]> {
  const results: ConnectionTest[] = [];
  if (config.ldap) results.push({ method: "ldap", label: "ディレクトリ（LDAP）", ...(await testLdapConnection(config.ldap)) });
  if (config.oidc) results.push({ method: "oidc", label: "組織のアカウント（OpenID Connect）", ...(await testOidcDiscovery(config.oidc)) });
  recordAudit(db, {
    actorAccountId,
    action: "admin.directory_test",
    details: Object.fromEntries(results.map((result) => [result.method, { ok: result.ok, detail: result.detail }])),
    ip,
  }, now);
  return results;
}
