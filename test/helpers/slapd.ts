import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

/** A free TCP port on 127.0.0.1 (nothing listens on it when this returns). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function binary(name: string): string {
  for (const folder of ["/usr/sbin", "/usr/bin", "/usr/local/sbin"]) {
    const candidate = path.join(folder, name);
    if (existsSync(candidate)) return candidate;
  }
  return name;
}

export const BASE_DN = "dc=nanao,dc=test";
export const SERVICE_DN = `cn=svc-mamori,ou=service,${BASE_DN}`;
export const SERVICE_PASSWORD = "svc-secret";

// Active Directory attribute names the product reads by default, declared for OpenLDAP (which
// has displayName, mail, departmentNumber, employeeType in inetOrgPerson but not these).
const AD_SCHEMA = `
attributetype ( 1.3.6.1.4.1.99999.1.1 NAME 'msDS-PhoneticDisplayName' EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.99999.1.2 NAME 'employeeID' EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.99999.1.3 NAME 'sAMAccountName' EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
objectclass ( 1.3.6.1.4.1.99999.2.1 NAME 'mamoriTestADUser' AUXILIARY MAY ( msDS-PhoneticDisplayName $ employeeID $ sAMAccountName ) )
`;

export type Slapd = {
  url: string;
  port: number;
  /** With `tls`: the ldaps:// listener and the self-signed certificate (PEM file) for LDAP_CA_FILE. */
  ldapsUrl: string | null;
  caFile: string | null;
  stop: () => Promise<void>;
};

/** A throw-away self-signed certificate for 127.0.0.1 (subjectAltName IP, as Node checks). */
function selfSignedCertificate(folder: string): { cert: string; key: string } {
  const cert = path.join(folder, "cert.pem");
  const key = path.join(folder, "key.pem");
  const made = spawnSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", cert,
    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-days", "2",
  ], { encoding: "utf8" });
  if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr}`);
  return { cert, key };
}

/**
 * OpenLDAP's slapd on a free loopback port with a throw-away mdb database loaded from `ldif`
 * (slapadd). Users may read the tree once bound; passwords are only usable for binds.
 */
export async function startSlapd(ldif: string, options: { tls?: boolean } = {}): Promise<Slapd> {
  const folder = mkdtempSync(path.join(tmpdir(), "mamori-slapd-"));
  const tls = options.tls ? selfSignedCertificate(folder) : null;
  const dbFolder = path.join(folder, "db");
  mkdirSync(dbFolder);
  const conf = path.join(folder, "slapd.conf");
  writeFileSync(conf, [
    "include /etc/ldap/schema/core.schema",
    "include /etc/ldap/schema/cosine.schema",
    "include /etc/ldap/schema/inetorgperson.schema",
    AD_SCHEMA,
    `pidfile ${path.join(folder, "slapd.pid")}`,
    ...(tls ? [`TLSCertificateFile ${tls.cert}`, `TLSCertificateKeyFile ${tls.key}`] : []),
    "modulepath /usr/lib/ldap",
    "moduleload back_mdb",
    "database mdb",
    `suffix "${BASE_DN}"`,
    `rootdn "cn=root,${BASE_DN}"`,
    `rootpw root-${process.pid}`,
    `directory ${dbFolder}`,
    "maxsize 16777216",
    "access to attrs=userPassword by anonymous auth by * none",
    "access to * by users read by * none",
    "",
  ].join("\n"));
  const ldifFile = path.join(folder, "fixture.ldif");
  writeFileSync(ldifFile, ldif);
  const loaded = spawnSync(binary("slapadd"), ["-f", conf, "-l", ldifFile], { encoding: "utf8" });
  if (loaded.status !== 0) throw new Error(`slapadd failed: ${loaded.stderr}`);
  const port = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  const ldapsUrl = tls ? `ldaps://127.0.0.1:${await freePort()}` : null;
  const listeners = [`${url}/`, ...(ldapsUrl ? [`${ldapsUrl}/`] : [])].join(" ");
  const child: ChildProcess = spawn(binary("slapd"), ["-f", conf, "-h", listeners, "-d", "0"], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk) => (stderr += String(chunk)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`slapd exited: ${stderr}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => (socket.destroy(), resolve(true)));
      socket.once("error", () => resolve(false));
    });
    if (open) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`slapd did not listen on ${url}: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    port,
    ldapsUrl,
    caFile: tls?.cert ?? null,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

export type DirectoryPerson = {
  uid: string; employeeId?: string; sAMAccountName: string; displayName: string; kana?: string; mail?: string;
  department?: string; employeeType?: string; password: string;
  /** Written as `description:` (the tests' stand-in for AD's disabled flag in the sync filter). */
  description?: string;
};

/** An AD-like tree: people, the service account and groups (groupOfNames with member DNs). */
export function directoryLdif(people: DirectoryPerson[], groups: { cn: string; members: string[] }[]): string {
  const blocks = [
    `dn: ${BASE_DN}\nobjectClass: domain\ndc: nanao`,
    `dn: ou=people,${BASE_DN}\nobjectClass: organizationalUnit\nou: people`,
    `dn: ou=groups,${BASE_DN}\nobjectClass: organizationalUnit\nou: groups`,
    `dn: ou=service,${BASE_DN}\nobjectClass: organizationalUnit\nou: service`,
    `dn: ${SERVICE_DN}\nobjectClass: inetOrgPerson\ncn: svc-mamori\nsn: svc\nuserPassword: ${SERVICE_PASSWORD}`,
  ];
  const b64 = (value: string) => Buffer.from(value, "utf8").toString("base64");
  for (const person of people) {
    const lines = [
      `dn: ${personDn(person.uid)}`, "objectClass: inetOrgPerson", "objectClass: mamoriTestADUser",
      `cn: ${person.uid}`, `sn:: ${b64(person.displayName.split(" ")[0])}`, `sAMAccountName: ${person.sAMAccountName}`,
      `displayName:: ${b64(person.displayName)}`, `userPassword: ${person.password}`,
    ];
    if (person.employeeId) lines.push(`employeeID: ${person.employeeId}`);
    if (person.kana) lines.push(`msDS-PhoneticDisplayName:: ${b64(person.kana)}`);
    if (person.mail) lines.push(`mail: ${person.mail}`);
    if (person.department) lines.push(`departmentNumber: ${person.department}`);
    if (person.employeeType) lines.push(`employeeType:: ${b64(person.employeeType)}`);
    if (person.description) lines.push(`description: ${person.description}`);
    blocks.push(lines.join("\n"));
  }
  for (const group of groups) {
    blocks.push([`dn: ${groupDn(group.cn)}`, "objectClass: groupOfNames", `cn: ${group.cn}`, ...group.members.map((uid) => `member: ${personDn(uid)}`)].join("\n"));
  }
  return `${blocks.join("\n\n")}\n`;
}

export const personDn = (uid: string) => `cn=${uid},ou=people,${BASE_DN}`;
export const groupDn = (cn: string) => `cn=${cn},ou=groups,${BASE_DN}`;
