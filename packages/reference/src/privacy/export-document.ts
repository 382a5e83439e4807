import { createHash } from "node:crypto";
import type { Queryable } from "../database/database.js";
import type { Platform } from "../operations/operation-group.js";
import { aiSources } from "./export-ai-sources.js";
import { customerSources } from "./export-customer-sources.js";
import { accountSources, type ExportSource, type ResolvedScope } from "./export-sources.js";

/** `$id` of the published export schema, which every document names in `schema`. */
export const exportSchemaId = "https://crmfactory.ai/schemas/export/v1.json";

/** Text per stored chunk: a chunk is sealed and written once this much is buffered. */
const chunkChars = 256 * 1024;

/** The record sources in document order within each category. */
const sources: readonly ExportSource[] = [...accountSources, ...customerSources, ...aiSources];

/**
 * Appends text to the stored document chunk by chunk, hashing as it goes, so neither the document nor
 * its hash input is ever whole in memory. Each chunk is sealed (AES-256-GCM, bound to its export and
 * position): a document is a copy of personal data at rest.
 */
class ChunkWriter {
  readonly #hash = createHash("sha256");
  #parts: string[] = [];
  #buffered = 0;
  #seq = 0;
  byteLength = 0;

  constructor(
    readonly tx: Queryable,
    readonly platform: Platform,
    readonly exportId: string,
  ) {}

  async write(text: string): Promise<void> {
    this.#parts.push(text);
    this.#buffered += text.length;
    if (this.#buffered >= chunkChars) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.#parts.length === 0) return;
    const text = this.#parts.join("");
    this.#parts = [];
    this.#buffered = 0;
    this.#hash.update(text, "utf8");
    this.byteLength += Buffer.byteLength(text, "utf8");
    const seq = this.#seq++;
    await this.tx.query("INSERT INTO export_chunks (export_id, seq, sealed) VALUES ($1, $2, $3)", [
      this.exportId,
      seq,
      this.platform.sealer.seal(text, chunkContext(this.exportId, seq)),
    ]);
  }

  digest(): string {
    return this.#hash.digest("hex");
  }
}

/** The authenticated data a chunk is sealed with: a chunk moved to another export or place does not open. */
export const chunkContext = (exportId: string, seq: number) => `export:${exportId}:${seq}`;

export interface WrittenDocument {
  sha256: string;
  byteLength: number;
  recordCount: number;
  /** Records per category, for the categories that held any. */
  categoryCounts: Record<string, number>;
}

/**
 * Writes the export document as JSON, streamed: the head, then each category of the enforced policy
 * (every key present, an empty array when nothing is held or the category was not asked for), each
 * record serialised as it comes off its keyset walk. §9: the subject's data in a machine-readable form.
 */
export async function writeExportDocument(input: {
  tx: Queryable;
  platform: Platform;
  tenantId: string;
  exportId: string;
  scope: ResolvedScope;
  scopeView: unknown;
  categories: readonly string[];
  now: Date;
}): Promise<WrittenDocument> {
  const { tx, platform, tenantId, exportId, scope } = input;
  const policyCategories = Object.keys(platform.policy.categories);
  for (const source of sources) {
    if (!policyCategories.includes(source.category)) {
      throw new Error(`the enforced policy has no data category ${source.category}`);
    }
  }
  const out = new ChunkWriter(tx, platform, exportId);
  const head = {
    schema: exportSchemaId,
    schemaVersion: "1",
    exportId,
    tenantId,
    generatedAt: input.now.toISOString(),
    scope: input.scopeView,
  };
  await out.write(`${JSON.stringify(head).slice(0, -1)},"categories":{`);
  const categoryCounts: Record<string, number> = {};
  let recordCount = 0;
  for (const [index, category] of policyCategories.entries()) {
    await out.write(`${index === 0 ? "" : ","}${JSON.stringify(category)}:[`);
    let count = 0;
    if (input.categories.includes(category)) {
      for (const source of sources) {
        if (source.category !== category) continue;
        for await (const record of source.records({ tx, platform, tenantId, scope, now: input.now })) {
          await out.write(`${count === 0 ? "" : ","}${JSON.stringify(record)}`);
          count++;
        }
      }
    }
    await out.write("]");
    if (count > 0) categoryCounts[category] = count;
    recordCount += count;
  }
  await out.write("}}");
  await out.flush();
  return { sha256: out.digest(), byteLength: out.byteLength, recordCount, categoryCounts };
}

/** The stored document as a byte stream, one chunk read (in its own short transaction) per pull. */
export function readExportDocument(platform: Platform, schemaName: string, exportId: string) {
  let seq = 0;
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const [row] = await platform.database.transaction(
        (tx) =>
          tx.query<{ sealed: string }>("SELECT sealed FROM export_chunks WHERE export_id = $1 AND seq = $2", [
            exportId,
            seq,
          ]),
        { searchPath: [schemaName, "catalog"] },
      );
      if (!row) {
        controller.close();
        return;
      }
      const text = platform.sealer.open(row.sealed, chunkContext(exportId, seq));
      if (text === undefined) {
        controller.error(new Error(`export ${exportId} chunk ${seq} does not open`));
        return;
      }
      seq++;
      controller.enqueue(encoder.encode(text));
    },
  });
}
