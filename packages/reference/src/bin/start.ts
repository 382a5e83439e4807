#!/usr/bin/env node
// `crmfactory-reference [--port 8787] [--test-mode] [--database-url URL | --data-dir DIR] [--host H]`
import { parseStartArguments, startServer } from "../server.js";

let args: ReturnType<typeof parseStartArguments>;
try {
  args = parseStartArguments(process.argv.slice(2), process.env);
} catch (error) {
  console.error(`crmfactory-reference: ${(error as Error).message}`);
  process.exit(2);
}
const server = await startServer({
  port: args.port,
  ...(args.hostname ? { hostname: args.hostname } : {}),
  reference: {
    mode: args.mode,
    ...(args.operatorToken ? { operatorToken: args.operatorToken } : {}),
    ...(process.env.CRMFACTORY_SECRET_KEY ? { secretKey: process.env.CRMFACTORY_SECRET_KEY } : {}),
    database: args.databaseUrl
      ? { driver: "pg", connectionString: args.databaseUrl }
      : { driver: "pglite", ...(args.dataDir ? { dataDir: args.dataDir } : {}) },
  },
});
console.error(`crmfactory-reference: ${args.mode} mode, serving ${server.url}`);
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    console.error(`crmfactory-reference: ${signal}, stopping`);
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
