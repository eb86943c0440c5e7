import { hash, hashSync, verify } from "@node-rs/argon2";

// argon2id (the library's default algorithm) with the OWASP-recommended minimum cost:
// 19 MiB memory, 2 iterations, 1 lane.
const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

/** Synchronous variant for seeding inside a better-sqlite3 transaction. */
export function hashPasswordSync(password: string): string {
  return hashSync(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash of nothing in particular, verified when the account is unknown so timing is similar. */
let decoyHash: Promise<string> | undefined;
export function getDecoyHash(): Promise<string> {
  decoyHash ??= hashPassword(`decoy-${Math.random()}`);
  return decoyHash;
}

export { MIN_PASSWORD_LENGTH } from "./policy";
