import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { TestProject } from "vitest/node";
import { createReference } from "../create-reference.js";
import { createPgliteDatabase } from "../database/pglite-database.js";
import { createLogger } from "../platform/logger.js";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteSnapshot: string;
  }
}

/** Schemas each test file finds ready in its restored PGlite. */
export const snapshotPoolSize = 12;

/**
 * Boots PGlite once, migrates the catalogue and a pool of tenant schemas, and dumps the data directory:
 * every test file starts from this snapshot instead of booting and migrating afresh.
 */
export default async function setup(project: TestProject) {
  const instance = await PGlite.create();
  const reference = await createReference({
    database: await createPgliteDatabase({ instance }),
    logger: createLogger({ level: "silent" }),
    schemaPoolSize: snapshotPoolSize,
    pollIntervalMs: 0,
  });
  await reference.platform.schemas.fillPool();
  await reference.close();
  const dump = await instance.dumpDataDir("none");
  await instance.close();
  const dir = mkdtempSync(join(tmpdir(), "crmf-reference-"));
  const file = join(dir, "pglite-snapshot.tar");
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide("pgliteSnapshot", file);
  return () => rmSync(dir, { recursive: true, force: true });
}
