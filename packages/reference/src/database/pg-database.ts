import pg from "pg";
import { type Database, defaultAppRole, type Queryable } from "./database.js";
import { quoteIdentifier, searchPathSql } from "./identifiers.js";

export interface PgDatabaseOptions {
  /** `postgres://user@host:port/database`; the user owns the schemas (it runs the migrations). */
  connectionString: string;
  /** Connections in the pool. Default 10. */
  max?: number;
  appRole?: string;
}

/**
 * A PostgreSQL server through `pg`. The connection's user owns the schemas; every application
 * transaction acts as the application role (`SET LOCAL ROLE`), which has no UPDATE, DELETE or TRUNCATE
 * on the audit trail and, not owning it, cannot disable the trigger that refuses them.
 */
export async function createPgDatabase(options: PgDatabaseOptions): Promise<Database> {
  const { appRole = defaultAppRole } = options;
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.max ?? 10 });
  // Fail now when the server is unreachable, not on the first request.
  const probe = await pool.connect();
  probe.release();
  const run = async <T>(prelude: string[], fn: (tx: Queryable) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    const tx: Queryable = {
      async query<Row>(text: string, params: readonly unknown[] = []) {
        const result = await client.query(text, params as unknown[]);
        return result.rows as Row[];
      },
    };
    try {
      await client.query("BEGIN");
      for (const statement of prelude) await client.query(statement);
      const value = await fn(tx);
      await client.query("COMMIT");
      return value;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  };
  return {
    driver: "pg",
    transaction(fn, transactionOptions = {}) {
      const prelude = [`SET LOCAL ROLE ${quoteIdentifier(appRole)}`];
      if (transactionOptions.searchPath) prelude.push(searchPathSql(transactionOptions.searchPath));
      return run(prelude, fn);
    },
    ownerTransaction(fn) {
      return run([], fn);
    },
    close() {
      return pool.end();
    },
  };
}
