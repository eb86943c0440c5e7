import { isIP } from "node:net";
import type { ConnectionOptions } from "node:tls";
import { Client, Filter, InvalidCredentialsError, NoSuchObjectError, SizeLimitExceededError, type Entry } from "ldapts";
import type { DirectoryRole, LdapConfig } from "./directory-config.server";

export type LdapVerifyResult =
  | { kind: "ok"; dn: string; employeeNo: string | null; roles: DirectoryRole[] }
  | { kind: "invalid" }
  | { kind: "unreachable"; error: string };

function tlsOptions(config: LdapConfig): ConnectionOptions {
  // StartTLS upgrades an existing socket: without the host, Node checks the certificate against
  // "localhost". servername (SNI) must not be an IP address.
  const host = new URL(config.url).hostname.replace(/^\[|\]$/g, "");
  return { minVersion: "TLSv1.2", host, ...(isIP(host) ? {} : { servername: host }), ...(config.ca ? { ca: config.ca } : {}) };
}

/** A connection that is encrypted before anything is sent, unless plain LDAP was explicitly allowed. */
async function connect(config: LdapConfig): Promise<Client> {
  // ldapts speaks TLS from the first byte whenever tlsOptions are given, so only for ldaps://.
  const ldaps = config.url.startsWith("ldaps://");
  const client = new Client({ url: config.url, timeout: config.timeoutMs, connectTimeout: config.timeoutMs, ...(ldaps ? { tlsOptions: tlsOptions(config) } : {}) });
  if (config.startTls) await client.startTLS(tlsOptions(config));
  return client;
}

async function close(client: Client | null): Promise<void> {
  if (!client) return;
  try {
    await client.unbind();
  } catch {
    // The connection is going away either way.
  }
}

/** The first value of an attribute as text (AD returns multi-valued attributes as arrays). */
export function firstValue(entry: Entry, attribute: string): string | null {
  const key = Object.keys(entry).find((name) => name.toLowerCase() === attribute.toLowerCase());
  if (!key) return null;
  const raw = entry[key];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined) return null;
  const text = (Buffer.isBuffer(value) ? value.toString("utf8") : value).trim();
  return text === "" ? null : text;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

async function serviceClient(config: LdapConfig): Promise<Client> {
  const client = await connect(config);
  try {
    if (config.bindDn) await client.bind(config.bindDn, config.bindPassword ?? "");
  } catch (error) {
    await close(client);
    throw error;
  }
  return client;
}

/** Roles granted by the configured groups the user is a direct member of (member=<user DN>). */
async function groupRoles(client: Client, config: LdapConfig, dn: string): Promise<DirectoryRole[]> {
  const roles: DirectoryRole[] = [];
  for (const group of config.roleGroups) {
    try {
      const { searchEntries } = await client.search(group.dn, { scope: "base", filter: `(member=${Filter.escape(dn)})`, attributes: ["1.1"] });
      if (searchEntries.length > 0 && !roles.includes(group.role)) roles.push(group.role);
    } catch (error) {
      // A mistyped group DN must not block sign-in: the role is simply not granted (the admin
      // connection test reports it).
      if (!(error instanceof NoSuchObjectError)) throw error;
    }
  }
  return roles;
}

/**
 * Find the user with the service account (search filter with the typed name), then bind as the
 * user's DN with the typed password. "invalid" for a wrong password, no match or an ambiguous
 * match; "unreachable" for anything that is the directory's (or its configuration's) fault.
 */
export async function verifyLdapUser(config: LdapConfig, username: string, password: string): Promise<LdapVerifyResult> {
  // An empty password would be an "unauthenticated bind", which LDAP servers report as success.
  if (password === "" || username === "") return { kind: "invalid" };
  let service: Client | null = null;
  let user: Client | null = null;
  try {
    service = await serviceClient(config);
    let entries: Entry[];
    try {
      const filter = config.userFilter.replaceAll("{username}", Filter.escape(username));
      entries = (await service.search(config.baseDn, { scope: "sub", filter, sizeLimit: 2, attributes: [config.employeeAttribute] })).searchEntries;
    } catch (error) {
      if (error instanceof SizeLimitExceededError) return { kind: "invalid" };
      throw error;
    }
    if (entries.length !== 1) return { kind: "invalid" };
    const entry = entries[0];
    user = await connect(config);
    try {
      await user.bind(entry.dn, password);
    } catch (error) {
      if (error instanceof InvalidCredentialsError) return { kind: "invalid" };
      throw error;
    }
    const roles = config.roleGroups.length > 0 ? await groupRoles(config.bindDn ? service : user, config, entry.dn) : [];
    return { kind: "ok", dn: entry.dn, employeeNo: firstValue(entry, config.employeeAttribute), roles };
  } catch (error) {
    return { kind: "unreachable", error: describe(error) };
  } finally {
    await close(user);
    await close(service);
  }
}

export type LdapTestResult = { ok: true; detail: string } | { ok: false; detail: string };

/** The admin's 接続テスト: connect (TLS as configured), service bind, read the base and the role groups. */
export async function testLdapConnection(config: LdapConfig): Promise<LdapTestResult> {
  let client: Client | null = null;
  try {
    client = await serviceClient(config);
    const base = await client.search(config.baseDn, { scope: "base", filter: "(objectClass=*)", attributes: ["1.1"] });
    if (base.searchEntries.length === 0) return { ok: false, detail: `検索の起点 ${config.baseDn} を読めません。` };
    const missing: string[] = [];
    for (const group of config.roleGroups) {
      try {
        await client.search(group.dn, { scope: "base", filter: "(objectClass=*)", attributes: ["1.1"] });
      } catch (error) {
        if (error instanceof NoSuchObjectError) missing.push(group.dn);
        else throw error;
      }
    }
    if (missing.length > 0) return { ok: false, detail: `接続できましたが、役割のグループが見つかりません: ${missing.join("、")}` };
    return { ok: true, detail: `${config.url} に${config.bindDn ? "サービスアカウントで" : "匿名で"}接続し、${config.baseDn} を読めました。` };
  } catch (error) {
    return { ok: false, detail: `接続できません（${describe(error)}）。` };
  } finally {
    await close(client);
  }
}

/** Every person the sync filter selects, with the requested attributes (paged: AD returns 1,000 at most otherwise). */
export async function searchDirectoryPeople(config: LdapConfig, attributes: string[]): Promise<Entry[]> {
  const client = await serviceClient(config);
  try {
    const { searchEntries } = await client.search(config.sync.baseDn, { scope: "sub", filter: config.sync.filter, attributes, paged: { pageSize: 500 } });
    return searchEntries;
  } finally {
    await close(client);
  }
}
