import type { ListParams, RequestBody, ResponseBody } from "../operation-types.js";
import { Paginator } from "../pagination.js";
import type { RequestOptions } from "../transport.js";
import { Resource, unwrap } from "./resource.js";

/** Security incidents and breach notification (operator token only). */
export class Incidents extends Resource {
  /** Record a security incident (operator); `createIncident`. */
  create(
    body: RequestBody<"createIncident">,
    options?: RequestOptions,
  ): Promise<ResponseBody<"createIncident">> {
    return unwrap(this.api(options).POST("/platform/incidents", { body }));
  }

  /** List security incidents (operator); `listIncidents`. Await for the first page, `for await` for every item. */
  list(
    params?: ListParams<"listIncidents">,
    options?: RequestOptions,
  ): Paginator<ResponseBody<"listIncidents">> {
    return new Paginator((cursor) =>
      unwrap(
        this.api(options).GET("/platform/incidents", {
          params: { query: { ...params, cursor } },
        }),
      ),
    );
  }

  /** Get a security incident and its notifications (operator); `getIncident`. */
  get(incidentId: string, options?: RequestOptions): Promise<ResponseBody<"getIncident">> {
    return unwrap(
      this.api(options).GET("/platform/incidents/{incidentId}", {
        params: { path: { incidentId } },
      }),
    );
  }

  /** Confirm a breach and notify affected tenants (operator); `confirmIncident`. */
  confirm(
    incidentId: string,
    body?: RequestBody<"confirmIncident">,
    options?: RequestOptions,
  ): Promise<ResponseBody<"confirmIncident">> {
    return unwrap(
      this.api(options).POST("/platform/incidents/{incidentId}/confirm", {
        params: { path: { incidentId } },
        body,
      }),
    );
  }
}
