import type { ListParams, RequestBody, ResponseBody } from "../operation-types.js";
import { Paginator } from "../pagination.js";
import type { RequestOptions } from "../transport.js";
import { Resource, unwrap } from "./resource.js";

/** Salesforce, SAP and NetSuite integrations and the records they sync. */
export class Integrations extends Resource {
  /** Connect Salesforce, SAP or NetSuite (`connectIntegration`). */
  connect(
    body: RequestBody<"connectIntegration">,
    options?: RequestOptions,
  ): Promise<ResponseBody<"connectIntegration">> {
    return unwrap(this.api(options).POST("/integrations", { body }));
  }

  /** List integrations and their sync state (`listIntegrations`). Await for the first page, `for await` for every item. */
  list(
    params?: ListParams<"listIntegrations">,
    options?: RequestOptions,
  ): Paginator<ResponseBody<"listIntegrations">> {
    return new Paginator((cursor) =>
      unwrap(this.api(options).GET("/integrations", { params: { query: { ...params, cursor } } })),
    );
  }

  /** Get an integration (`getIntegration`). */
  get(integrationId: string, options?: RequestOptions): Promise<ResponseBody<"getIntegration">> {
    return unwrap(
      this.api(options).GET("/integrations/{integrationId}", {
        params: { path: { integrationId } },
      }),
    );
  }

  /** Sync now (`syncIntegration`). */
  sync(integrationId: string, options?: RequestOptions): Promise<ResponseBody<"syncIntegration">> {
    return unwrap(
      this.api(options).POST("/integrations/{integrationId}/sync", {
        params: { path: { integrationId } },
      }),
    );
  }

  /** Disconnect an integration and purge its data (`disconnectIntegration`). */
  disconnect(
    integrationId: string,
    options?: RequestOptions,
  ): Promise<ResponseBody<"disconnectIntegration">> {
    return unwrap(
      this.api(options).POST("/integrations/{integrationId}/disconnect", {
        params: { path: { integrationId } },
      }),
    );
  }

  /** List records synced by an integration (`listIntegrationRecords`). Await for the first page, `for await` for every item. */
  listRecords(
    integrationId: string,
    params?: ListParams<"listIntegrationRecords">,
    options?: RequestOptions,
  ): Paginator<ResponseBody<"listIntegrationRecords">> {
    return new Paginator((cursor) =>
      unwrap(
        this.api(options).GET("/integrations/{integrationId}/records", {
          params: { path: { integrationId }, query: { ...params, cursor } },
        }),
      ),
    );
  }
}
