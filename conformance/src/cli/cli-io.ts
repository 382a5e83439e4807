import type { GuaranteeProperty } from "../harness/property.js";
import type { FaultsModule } from "./load-faults.js";
import type { StartHttpSession } from "./start-session.js";

export interface OutputStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** What the CLI reads and writes, so tests run it in-process with their own registries. */
export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The property registry; default the suite's. */
  readonly properties?: readonly GuaranteeProperty[];
  readonly loadFaults?: () => Promise<FaultsModule>;
  readonly loadHttpSession?: () => Promise<StartHttpSession>;
}
