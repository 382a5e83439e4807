// A stand-in target for the spawn tests: listens on $PORT and answers GET /v1/meta with the
// environment variables the suite promises a spawned target, so a test can read what it was given.
import { createServer } from "node:http";

const names = [
  "STRIPE_API_BASE_URL",
  "TWILIO_API_BASE_URL",
  "RESEND_BASE_URL",
  "VERCEL_BLOB_API_URL",
  "CRMFACTORY_OPERATOR_TOKEN",
  "PORT",
  "CONFORMANCE_TARGET_URL",
  "CONFORMANCE_FAKES_URL",
];
const server = createServer((request, response) => {
  if (request.url !== "/v1/meta") {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { "content-type": "application/json" });
  response.end(JSON.stringify(Object.fromEntries(names.map((name) => [name, process.env[name] ?? null]))));
});
server.listen(Number(process.env.PORT), "127.0.0.1", () =>
  console.error(`env-echo-target: pid ${process.pid}`),
);
process.on("SIGTERM", () => server.close(() => process.exit(0)));
