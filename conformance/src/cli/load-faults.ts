import type { TargetEnvironment, TargetFactory } from "../harness/target.js";
import { SuiteRefusedError } from "../run/suite-refused.js";

/** What the suite needs of `@crmfactory/conformance-faults`, typed here so it stays a dev dependency. */
export interface FaultLike {
  readonly name: string;
  readonly aims: readonly string[];
  readonly description: string;
}

export interface FaultsModule {
  readonly faults: readonly FaultLike[];
  faultNamed(name: string): FaultLike | undefined;
  createReferenceTarget(
    environment: TargetEnvironment,
    options?: { fault?: never } | { fault: FaultLike },
  ): ReturnType<TargetFactory>;
}

// A variable specifier keeps bundlers and `tsc` from treating the workspace package as a dependency of
// the published suite; in the workspace it resolves, elsewhere it is simply absent.
const faultsPackage = "@crmfactory/conformance-faults";

/** The faults package: the embedded reference and its broken variants, present only in the workspace. */
export async function importFaults(specifier: string = faultsPackage): Promise<FaultsModule> {
  try {
    return (await import(/* @vite-ignore */ specifier)) as FaultsModule;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (
      code === "ERR_MODULE_NOT_FOUND" ||
      /Cannot find (module|package)|Failed to load url/.test(String(error))
    )
      throw new SuiteRefusedError(
        `${specifier} is not installed: the embedded reference and --fault exist only in the suite's own workspace. Name a target with --target MODULE or --target-url URL.`,
      );
    throw error;
  }
}

/** The fault `--fault` names, refusing an unknown name with the names there are. */
export function findFault(module: FaultsModule, name: string): FaultLike {
  const fault = module.faultNamed(name);
  if (fault) return fault;
  const known = module.faults.map((item) => item.name);
  throw new SuiteRefusedError(
    `--fault ${name}: no such fault in ${faultsPackage} (${known.length > 0 ? `its faults: ${known.join(", ")}` : "it has none yet"})`,
  );
}
