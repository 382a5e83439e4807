import type { ListParams, RequestBody, ResponseBody } from "../operation-types.js";
import { Paginator } from "../pagination.js";
import type { RequestOptions } from "../transport.js";
import { Resource, unwrap } from "./resource.js";

/** Usage and telemetry events, raw and aggregated. */
export class Telemetry extends Resource {
  /** Record a usage or telemetry event (`recordTelemetryEvent`). */
  recordEvent(
    body: RequestBody<"recordTelemetryEvent">,
    options?: RequestOptions,
  ): Promise<ResponseBody<"recordTelemetryEvent">> {
    return unwrap(this.api(options).POST("/telemetry/events", { body }));
  }

  /** List raw telemetry events (last 90 days); `listTelemetryEvents`. Await for the first page, `for await` for every item. */
  listEvents(
    params?: ListParams<"listTelemetryEvents">,
    options?: RequestOptions,
  ): Paginator<ResponseBody<"listTelemetryEvents">> {
    return new Paginator((cursor) =>
      unwrap(
        this.api(options).GET("/telemetry/events", {
          params: { query: { ...params, cursor } },
        }),
      ),
    );
  }

  /** List telemetry aggregates (last 13 months); `listTelemetryAggregates`. Await for the first page, `for await` for every item. */
  listAggregates(
    params?: ListParams<"listTelemetryAggregates">,
    options?: RequestOptions,
  ): Paginator<ResponseBody<"listTelemetryAggregates">> {
    return new Paginator((cursor) =>
      unwrap(
        this.api(options).GET("/telemetry/aggregates", {
          params: { query: { ...params, cursor } },
        }),
      ),
    );
  }
}
