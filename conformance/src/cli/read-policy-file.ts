import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { crmFactoryPolicy, loadPolicy, type Policy, PolicyValidationError } from "@crmfactory/taxonomy";
import { SuiteRefusedError } from "../run/suite-refused.js";

/** The policy under test: the file `--policy` names (policy.json of the taxonomy's model), else CRM Factory's. */
export async function readPolicyFile(file: string | undefined, cwd: string): Promise<Policy> {
  if (file === undefined) return crmFactoryPolicy;
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SuiteRefusedError(
      `--policy ${file}: cannot read the file (${code ?? (error as Error).message})`,
    );
  }
  try {
    return loadPolicy(text);
  } catch (error) {
    if (error instanceof PolicyValidationError)
      throw new SuiteRefusedError(`--policy ${file}: ${error.message}`);
    throw error;
  }
}
