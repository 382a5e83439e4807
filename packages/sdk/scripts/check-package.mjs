#!/usr/bin/env node
// Checks the package the way a consumer meets it, from the tarball `pnpm pack` makes:
//   1. publint: package.json fields, exports and files agree with what is built;
//   2. attw (Are the Types Wrong?) on the tarball: ESM and CJS both resolve, with types, under
//      node10, node16 (from ESM and from CJS) and bundler resolution;
//   3. its runtime dependencies are openapi-fetch alone, and nothing in it names @crmfactory/api;
//   4. no `any` in the published declarations (comments aside): the public surface is fully typed;
//   5. strict TypeScript consumers compile against its three entries from CommonJS and from ESM
//      (node16, library checking on) with only openapi-fetch beside it, and get the contract's types;
//   6. it loads and works from ESM and from CommonJS with only openapi-fetch beside it: a call, an
//      audit trail verified, a callback refused with a PrivacyError of the main entry's class.
// Run after `pnpm build`. Exits 1 on the first failing check.
import { spawnSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const packageDir = new URL("..", import.meta.url).pathname;
const packageRequire = createRequire(join(packageDir, "package.json"));

function run(command, args, cwd = packageDir) {
  console.log(`$ ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { cwd, stdio: "inherit" });
  if (result.status !== 0) fail(`${command} failed`);
}

function fail(message) {
  console.error(`check-package: ${message}`);
  process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), "crmfactory-sdk-package-"));
try {
  run("pnpm", ["exec", "publint", "--strict"]);
  run("pnpm", ["pack", "--pack-destination", work]);
  const tarball = readdirSync(work).find((name) => name.endsWith(".tgz"));
  if (!tarball) fail("pnpm pack made no tarball");
  run("pnpm", ["exec", "attw", join(work, tarball)]);

  // The consumer project: the unpacked tarball and openapi-fetch, nothing else.
  const consumer = join(work, "consumer");
  const installed = join(consumer, "node_modules", "@crmfactory", "sdk");
  mkdirSync(installed, { recursive: true });
  run("tar", ["-xzf", join(work, tarball), "-C", installed, "--strip-components=1"]);

  const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8"));
  const dependencies = Object.keys(manifest.dependencies ?? {});
  if (dependencies.join() !== "openapi-fetch") {
    fail(`runtime dependencies must be openapi-fetch alone, got: ${dependencies.join(", ") || "none"}`);
  }
  for (const field of ["peerDependencies", "optionalDependencies", "bundleDependencies"]) {
    if (manifest[field] && Object.keys(manifest[field]).length > 0) fail(`${field} must be empty`);
  }
  const files = readdirSync(join(installed, "dist")).filter((name) => /\.(c?js|d\.c?ts)$/.test(name));
  for (const file of files) {
    if (readFileSync(join(installed, "dist", file), "utf8").includes("@crmfactory/api")) {
      fail(`dist/${file} names @crmfactory/api, which the package does not depend on`);
    }
  }
  console.log(`dependencies: openapi-fetch ${manifest.dependencies["openapi-fetch"]} alone`);

  let anyCount = 0;
  const declarations = readdirSync(join(installed, "dist")).filter((name) => /\.d\.c?ts$/.test(name));
  for (const entry of ["index", "callbacks", "audit"]) {
    for (const extension of ["d.ts", "d.cts"]) {
      if (!declarations.includes(`${entry}.${extension}`)) fail(`no dist/${entry}.${extension}`);
    }
  }
  for (const file of declarations.map((name) => `dist/${name}`)) {
    const source = readFileSync(join(installed, file), "utf8")
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/\/\/.*$/gm, "");
    for (const [index, line] of source.split("\n").entries()) {
      if (/(?<![\w$.'"`-])any(?![\w$'"`-])/.test(line)) {
        anyCount++;
        console.error(`${file}:${index + 1}: \`any\` in the public surface: ${line.trim()}`);
      }
    }
  }
  if (anyCount > 0) fail("`any` in the declarations");
  console.log("declarations: no `any`");

  // openapi-fetch from the store, linked where its own dependency (its types' helpers) resolves.
  symlinkSync(
    dirname(packageRequire.resolve("openapi-fetch/package.json")),
    join(consumer, "node_modules", "openapi-fetch"),
    "dir",
  );
  writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true }));
  const usage = `
const client = createPrivacyClient({ baseUrl: "https://privacy.example.com/v1", apiKey: "token" });
export async function status(): Promise<string> {
  const request = await client.rightsRequests.get("id");
  // @ts-expect-error the contract's status is a string union, so the types did resolve
  const wrong: number = request.status;
  const { data, response } = await client.tenant.get().withResponse();
  const first = await client.contacts.list({ limit: 10 });
  // @ts-expect-error a problem type is a URI string (a type the SDK does not know is kept as sent)
  const type: ProblemDetails["type"] = 404;
  const verdict = await verifyAuditTrail(client.audit);
  const { event } = await verifyCallbackSignature({ payload: "{}", header: "t=1,v1=00", secret: "s" });
  const kind: CallbackEventType = event.type;
  // @ts-expect-error a verdict has a reason only when it is invalid
  const reason: string = verdict.reason;
  return request.status + String(wrong) + data.id + response.status + first.nextCursor + type + kind + reason;
}
`;
  const imports = `import { createPrivacyClient, type ProblemDetails } from "@crmfactory/sdk";
import { verifyAuditTrail } from "@crmfactory/sdk/audit";
import { type CallbackEventType, verifyCallbackSignature } from "@crmfactory/sdk/callbacks";`;
  writeFileSync(join(consumer, "from-cjs.cts"), `${imports}\n${usage}`);
  writeFileSync(join(consumer, "from-esm.mts"), `${imports}\n${usage}`);
  writeFileSync(
    join(consumer, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        module: "node16",
        moduleResolution: "node16",
        target: "es2022",
        lib: ["es2022", "dom"],
        strict: true,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
        noEmit: true,
        skipLibCheck: false,
        types: [],
      },
      files: ["from-cjs.cts", "from-esm.mts"],
    }),
  );
  run(packageRequire.resolve("typescript/bin/tsc"), ["-p", "."], consumer);
  console.log("TypeScript consumers (CommonJS and ESM, node16, strict): types resolve");

  const exercise = `
const genesis = "0".repeat(64);
const client = createPrivacyClient({
  baseUrl: "https://privacy.example.com/v1",
  apiKey: "token",
  fetch: async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname.endsWith("/audit-trail/head")) return Response.json({ sequence: 0, hash: genesis, at: null });
    if (pathname.endsWith("/audit-trail/entries")) return Response.json({ data: [], nextCursor: null });
    return Response.json({ id: "t1", url: request.url });
  },
});
(async () => {
  const tenant = await client.tenant.get();
  if (tenant.url !== "https://privacy.example.com/v1/tenant") throw new Error("wrong call: " + tenant.url);
  const verdict = await verifyAuditTrail(client.audit);
  if (!verdict.valid) throw new Error("the empty trail did not verify");
  const refusal = await verifyCallbackSignature({ payload: "{}", header: null, secret: "s" }).catch((e) => e);
  if (!(refusal instanceof CallbackSignatureError) || !(refusal instanceof PrivacyError)) {
    throw new Error("a callback refusal is not a PrivacyError of the main entry");
  }
  console.log(FORMAT + ": a call, an audit verification and a callback refusal work");
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;
  writeFileSync(
    join(consumer, "run.mjs"),
    `import { createPrivacyClient, PrivacyError } from "@crmfactory/sdk";
import { verifyAuditTrail } from "@crmfactory/sdk/audit";
import { CallbackSignatureError, verifyCallbackSignature } from "@crmfactory/sdk/callbacks";
const FORMAT = "ESM";${exercise}`,
  );
  writeFileSync(
    join(consumer, "run.cjs"),
    `const { createPrivacyClient, PrivacyError } = require("@crmfactory/sdk");
const { verifyAuditTrail } = require("@crmfactory/sdk/audit");
const { CallbackSignatureError, verifyCallbackSignature } = require("@crmfactory/sdk/callbacks");
const FORMAT = "CommonJS";${exercise}`,
  );
  run(process.execPath, ["run.mjs"], consumer);
  run(process.execPath, ["run.cjs"], consumer);
} finally {
  rmSync(work, { recursive: true, force: true });
}
