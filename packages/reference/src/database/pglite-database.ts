import { PGlite, type PGliteOptions } from "@electric-sql/pglite";
import { type Database, defaultAppRole, type Queryable } from "./database.js";
import { quoteIdentifier, searchPathSql } from "./identifiers.js";

export interface PgliteDatabaseOptions {
  /** A data directory to keep the database in (`file://`-less path); in memory when absent. */
  dataDir?: string;
  /** A `dumpDataDir()` snapshot to start from instead of an empty cluster (much faster than migrating). */
  loadDataDir?: Blob | File;
  /** An instance to use as it is (shared by the caller, who closes it). */
  instance?: PGlite;
  appRole?: string;
}

/**
 * PGlite in-process. One session serves every caller one transaction at a time; the application role is
 * taken per transaction with `SET LOCAL ROLE`, so the trigger and the missing rights refuse changes to
 * the audit trail here exactly as on a server.
 */
export async function createPgliteDatabase(options: PgliteDatabaseOptions = {}): Promise<Database> {
  const { appRole = defaultAppRole } = options;
  const settings: PGliteOptions = {};
  if (options.dataDir) settings.dataDir = options.dataDir;
  if (options.loadDataDir) settings.loadDataDir = options.loadDataDir;
  const db = options.instance ?? (await PGlite.create(settings));
  const owned = !options.instance;
  const wrap = (tx: { query: PGlite["query"] }): Queryable => ({
    async query<Row>(text: string, params: readonly unknown[] = []) {
      const result = await tx.query<Row>(text, params as unknown[]);
      return result.rows;
    },
  });
  return {
    driver: "pglite",
    transaction(fn, transactionOptions = {}) {
      return db.transaction(async (tx) => {
        await tx.query(`SET LOCAL ROLE ${quoteIdentifier(appRole)}`);
        if (transactionOptions.searchPath) await tx.query(searchPathSql(transactionOptions.searchPath));
        return fn(wrap(tx));
      });
    },
    ownerTransaction(fn) {
      return db.transaction((tx) => fn(wrap(tx)));
    },
    async close() {
      if (owned) await db.close();
    },
  };
}
