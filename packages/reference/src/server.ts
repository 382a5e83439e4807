import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createReference, type ReferenceOptions } from "./create-reference.js";

export interface StartOptions {
  port: number;
  /** `127.0.0.1` unless given; `0.0.0.0` to listen on every interface. */
  hostname?: string;
  reference: ReferenceOptions;
}

export interface RunningServer {
  url: string;
  /** Graceful stop: no new requests, the running job step finishes, then the database closes. */
  stop(): Promise<void>;
}

/** Serves the reference over HTTP with @hono/node-server. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const reference = await createReference(options.reference);
  const hostname = options.hostname ?? "127.0.0.1";
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: reference.fetch, port: options.port, hostname }, () => resolve(started));
  });
  const { port } = server.address() as AddressInfo;
  let stopping: Promise<void> | undefined;
  return {
    url: `http://${hostname}:${port}${options.reference.basePath ?? "/v1"}`,
    stop() {
      stopping ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Idle keep-alive sockets would hold the close open; requests in flight still finish.
          (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
        });
        await reference.close();
      })();
      return stopping;
    },
  };
}

export interface StartArguments {
  port: number;
  hostname?: string;
  mode: "test" | "production";
  databaseUrl?: string;
  dataDir?: string;
  operatorToken?: string;
}

/**
 * Reads the command line and the environment: `--port` / `PORT` (default 8787), `--host`,
 * `--test-mode` (default production), `--database-url` / `DATABASE_URL` (else PGlite), `--data-dir` /
 * `CRMFACTORY_DATA_DIR` (PGlite's directory; in memory without), `CRMFACTORY_OPERATOR_TOKEN`.
 */
export function parseStartArguments(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): StartArguments {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") continue; // `pnpm start -- --flag` passes the separator through
    if (!arg.startsWith("--")) throw new Error(`unexpected argument ${arg}`);
    const [name, inline] = arg.slice(2).split("=", 2) as [string, string | undefined];
    if (name === "test-mode") flags.set(name, true);
    else if (["port", "host", "database-url", "data-dir"].includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new Error(`--${name} needs a value`);
      flags.set(name, value);
    } else throw new Error(`unknown option --${name}`);
  }
  const text = (flag: string, variable?: string) => {
    const value = flags.get(flag);
    return typeof value === "string" ? value : variable ? env[variable] : undefined;
  };
  const portText = text("port", "PORT") ?? "8787";
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`not a port: ${portText}`);
  const databaseUrl = text("database-url", "DATABASE_URL");
  const dataDir = text("data-dir", "CRMFACTORY_DATA_DIR");
  if (databaseUrl && dataDir)
    throw new Error("give either a database URL or a PGlite data directory, not both");
  const hostname = text("host");
  return {
    port,
    mode: flags.get("test-mode") ? "test" : "production",
    ...(hostname ? { hostname } : {}),
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(dataDir ? { dataDir } : {}),
    ...(env.CRMFACTORY_OPERATOR_TOKEN ? { operatorToken: env.CRMFACTORY_OPERATOR_TOKEN } : {}),
  };
}
