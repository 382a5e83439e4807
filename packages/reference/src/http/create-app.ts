import { Hono } from "hono";
import type { OperationHandler, Platform } from "../operations/operation-group.js";
import { problem } from "../platform/problem.js";
import { operationShapes } from "./contract-operations.js";
import { errorResponse, serveOperation } from "./pipeline.js";

export interface AppOptions {
  platform: Platform;
  handlers: ReadonlyMap<string, OperationHandler>;
  operatorTokenHash: string | undefined;
  /** Where the contract's paths are served; default `/v1`. */
  basePath: string;
}

/** The Hono app: one route per operation of the contract, every one through the same pipeline. */
export function createApp(options: AppOptions): Hono {
  const app = new Hono();
  const base = app.basePath(options.basePath);
  // Static segments before parameters, so `/sessions/current` never reads as a session id.
  const shapes = [...operationShapes.values()].sort(
    (a, b) => (a.route.match(/:/g)?.length ?? 0) - (b.route.match(/:/g)?.length ?? 0),
  );
  for (const shape of shapes) {
    const handler = options.handlers.get(shape.operationId);
    base.on(shape.method, shape.route, (c) =>
      serveOperation(options, shape, handler, c.req.raw, c.req.param() as Record<string, string>),
    );
  }
  app.notFound((c) => {
    const requestId = `req_${crypto.randomUUID().replaceAll("-", "")}`;
    const response = errorResponse(options.platform, problem("not-found", "No such operation."), requestId);
    response.headers.set("X-Request-Id", requestId);
    return c.newResponse(response.body, response);
  });
  app.onError((error) =>
    errorResponse(options.platform, error, `req_${crypto.randomUUID().replaceAll("-", "")}`),
  );
  return app;
}
