import { randomBytes } from "node:crypto";
import { catalogueMigrations, catalogueSchema } from "./catalogue-migrations.js";
import type { Database, Queryable } from "./database.js";
import { quoteIdentifier } from "./identifiers.js";
import { type Migration, migrateSchema } from "./migrate.js";
import { appendOnlyTables } from "./tenant-migrations.js";

export interface SchemaStoreOptions {
  database: Database;
  appRole: string;
  /** Every tenant schema's migrations, platform first, then each operation group's. */
  tenantMigrations: readonly Migration[];
  /** Operation groups' catalogue migrations, after the platform's own. */
  catalogueMigrations: readonly Migration[];
  /** Tenant schemas kept migrated and ready, so sign-up never waits for DDL. */
  poolSize: number;
}

/**
 * The catalogue and the tenant schemas: migrating them, keeping a pool of ready tenant schemas, handing
 * one to a new tenant and dropping a tenant's schema whole.
 */
export class SchemaStore {
  readonly #options: SchemaStoreOptions;
  #filling: Promise<void> | undefined;
  #closed = false;

  constructor(options: SchemaStoreOptions) {
    this.#options = options;
  }

  /** Creates the application role and migrates the catalogue and every existing tenant and pool schema. */
  async prepare(): Promise<void> {
    const { database, appRole } = this.#options;
    const role = quoteIdentifier(appRole);
    await database.ownerTransaction(async (tx) => {
      // Concurrent boots on one server race to create the cluster-wide role: either error means it exists.
      await tx.query(`DO $$ BEGIN CREATE ROLE ${role} NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`);
      await migrateSchema(tx, catalogueSchema, [
        ...catalogueMigrations,
        ...this.#options.catalogueMigrations,
      ]);
      const c = quoteIdentifier(catalogueSchema);
      await tx.query(`GRANT USAGE ON SCHEMA ${c} TO ${role}`);
      await tx.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${c} TO ${role}`);
    });
    const schemas = await database.ownerTransaction((tx) =>
      tx.query<{ name: string }>(
        `SELECT schema_name AS name FROM catalog.tenants UNION SELECT schema_name FROM catalog.schema_pool`,
      ),
    );
    for (const { name } of schemas) await this.#migrateTenantSchema(name);
  }

  /** Migrates new pool schemas until the pool holds `poolSize`; one fill runs at a time. */
  fillPool(): Promise<void> {
    this.#filling ??= this.#fill().finally(() => {
      this.#filling = undefined;
    });
    return this.#filling;
  }

  async #fill(): Promise<void> {
    const { database, poolSize } = this.#options;
    while (!this.#closed) {
      const [row] = await database.ownerTransaction((tx) =>
        tx.query<{ count: number }>("SELECT count(*)::int AS count FROM catalog.schema_pool"),
      );
      if ((row?.count ?? 0) >= poolSize) return;
      const name = await this.#migrateTenantSchema(newSchemaName());
      await database.ownerTransaction((tx) =>
        tx.query("INSERT INTO catalog.schema_pool (schema_name) VALUES ($1)", [name]),
      );
    }
  }

  /**
   * Takes a ready schema for a new tenant inside the caller's transaction (so a failed sign-up returns
   * it to the pool); migrates one on the spot when the pool is empty.
   */
  async take(tx: Queryable): Promise<string> {
    const [taken] = await tx.query<{ schema_name: string }>(
      `DELETE FROM catalog.schema_pool WHERE schema_name = (
         SELECT schema_name FROM catalog.schema_pool ORDER BY created_at, schema_name LIMIT 1 FOR UPDATE SKIP LOCKED
       ) RETURNING schema_name`,
    );
    void this.fillPool().catch(() => {});
    if (taken) return taken.schema_name;
    // The pool ran dry: migrate a schema in this very transaction (a second transaction would wait for
    // this one on PGlite's single session), as the owner for the DDL, then back to the application role.
    const name = newSchemaName();
    await tx.query("RESET ROLE");
    await this.#migrateIn(tx, name);
    await tx.query(`SET LOCAL ROLE ${quoteIdentifier(this.#options.appRole)}`);
    return name;
  }

  /** Drops a tenant's schema and everything in it. */
  async drop(schema: string): Promise<void> {
    await this.#options.database.ownerTransaction((tx) =>
      tx.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`),
    );
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#filling?.catch(() => {});
  }

  async #migrateTenantSchema(name: string): Promise<string> {
    await this.#options.database.ownerTransaction((tx) => this.#migrateIn(tx, name));
    return name;
  }

  async #migrateIn(tx: Queryable, name: string): Promise<void> {
    const { tenantMigrations, appRole } = this.#options;
    const s = quoteIdentifier(name);
    const role = quoteIdentifier(appRole);
    await migrateSchema(tx, name, tenantMigrations);
    await tx.query(`GRANT USAGE ON SCHEMA ${s} TO ${role}`);
    await tx.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${role}`);
    await tx.query(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA ${s} TO ${role}`);
    for (const table of appendOnlyTables) {
      await tx.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${s}.${quoteIdentifier(table)} FROM ${role}`);
    }
  }
}

function newSchemaName(): string {
  return `tenant_${randomBytes(8).toString("hex")}`;
}
