import type Database from "better-sqlite3";
import type { Db } from "~/db/client.server";

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** A prepared statement, compiled once per connection: the report queries are hot. */
export function statement(db: Db, source: string): Database.Statement {
  let statements = cache.get(db.$client);
  if (!statements) {
    statements = new Map();
    cache.set(db.$client, statements);
  }
  let prepared = statements.get(source);
  if (!prepared) {
    prepared = db.$client.prepare(source);
    statements.set(source, prepared);
  }
  return prepared;
}
