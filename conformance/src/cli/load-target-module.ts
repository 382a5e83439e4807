import { createRequire } from "node:module";
import { isAbsolute, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { TargetFactory } from "../harness/target.js";
import { SuiteRefusedError } from "../run/suite-refused.js";

/**
 * The factory an in-process target module exports (`createTarget`, or its default export). A path is
 * read from the working directory; a package name is resolved from there too, as its user installed it.
 */
export async function loadTargetModule(specifier: string, cwd: string): Promise<TargetFactory> {
  let url: string;
  try {
    const isPath = specifier.startsWith(".") || isAbsolute(specifier);
    url = isPath
      ? pathToFileURL(resolve(cwd, specifier)).href
      : pathToFileURL(createRequire(join(cwd, "noop.js")).resolve(specifier)).href;
  } catch {
    throw new SuiteRefusedError(`--target ${specifier}: no such module from ${cwd}`);
  }
  let module: { createTarget?: unknown; default?: unknown };
  try {
    module = await import(url);
  } catch (error) {
    throw new SuiteRefusedError(
      `--target ${specifier}: the module could not be loaded (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const factory = module.createTarget ?? module.default;
  if (typeof factory !== "function")
    throw new SuiteRefusedError(
      `--target ${specifier}: the module exports no target factory (export \`createTarget(environment)\` or a default function returning { fetch, close })`,
    );
  return factory as TargetFactory;
}
