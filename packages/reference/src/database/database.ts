// The thin query interface every part of the reference talks to: plain SQL with bound parameters, run
// by one of two drivers (PGlite in-process, `pg` for a server). Nothing else knows which driver it is.

/** Something that runs one SQL statement with bound parameters and answers its rows. */
export interface Queryable {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
}

export interface TransactionOptions {
  /** Schemas to resolve unqualified table names in, first match wins (a tenant's schema, then the catalogue). */
  searchPath?: readonly string[];
}

export interface Database {
  readonly driver: "pglite" | "pg";
  /**
   * Runs `fn` in one transaction as the application role, which holds no UPDATE, DELETE or TRUNCATE on
   * append-only tables. Every request and job runs here; a thrown error rolls everything back.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Runs `fn` in one transaction as the schema owner: migrations, provisioning, whole-schema purges. */
  ownerTransaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The role the application's own connection acts as (created by the catalogue migrations). */
export const defaultAppRole = "crmf_app";
