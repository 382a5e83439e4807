import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

// ajv is not a dependency of the suite (adding one touches the lockfile, the coordinator's call): until
// it is, the tests borrow the copy the api package depends on, resolved from that package's folder.
const fromApi = createRequire(createRequire(import.meta.url).resolve("@crmfactory/api/package.json"));

// The slice of ajv's API used here, typed locally since its types do not resolve from this package.
interface SchemaError {
  readonly instancePath: string;
  readonly message?: string;
}
interface CompiledSchema {
  (data: unknown): boolean;
  errors?: readonly SchemaError[] | null;
}
interface SchemaCompiler {
  compile(schema: unknown): CompiledSchema;
}
const { Ajv2020 } = fromApi("ajv/dist/2020.js") as { Ajv2020: new (options: object) => SchemaCompiler };
const addFormats = fromApi("ajv-formats") as (ajv: SchemaCompiler) => void;

/** The committed `conformance/report.schema.json`. */
export const reportSchema = JSON.parse(
  readFileSync(join(import.meta.dirname, "../../report.schema.json"), "utf8"),
) as Record<string, unknown>;

const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);
const validate = ajv.compile(reportSchema);

/** The schema's complaints about `report` (empty when it conforms), each `path: message`. */
export function reportSchemaErrors(report: unknown): string[] {
  if (validate(report)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || "/"}: ${error.message}`);
}
