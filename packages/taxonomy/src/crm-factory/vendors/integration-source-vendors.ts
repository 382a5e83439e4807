import type { VendorProfile } from "../../policy-schema.js";

// Customer-connected sources: reached at the connection's instance URL (credentials.baseUrl), so
// they have no environment variable and no default base URL.
const instanceUrlField = "credentials.baseUrl";
const salesforce = "https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest";
const sap = "https://api.sap.com/api";
const netsuite =
  "https://system.netsuite.com/help/helpcenter/en_US/APIs/REST_API_Browser/record/v1/2025.1/index.html";
const record = "/services/rest/record/v1";

export const salesforceVendor = {
  instanceUrlField,
  endpoints: [
    {
      id: "oauth.token",
      method: "POST",
      path: "/services/oauth2/token",
      purpose: "Get an access token for the connection",
      docs: "https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_endpoints.htm&type=5",
    },
    {
      id: "oauth.revoke",
      method: "POST",
      path: "/services/oauth2/revoke",
      purpose: "Revoke the connection's token when the customer disconnects",
      docs: "https://help.salesforce.com/s/articleView?id=sf.remoteaccess_revoke_token.htm",
    },
    {
      id: "query",
      method: "GET",
      path: "/services/data/{version}/query",
      purpose: "Run a SOQL query (?q=)",
      docs: `${salesforce}/resources_query.htm`,
    },
    {
      id: "query.more",
      method: "GET",
      path: "/services/data/{version}/query/{locator}",
      purpose: "Fetch the next batch of a query (its nextRecordsUrl)",
      docs: `${salesforce}/dome_query.htm`,
    },
    {
      id: "sobject.get",
      method: "GET",
      path: "/services/data/{version}/sobjects/{sObject}/{id}",
      purpose: "Fetch a record",
      docs: `${salesforce}/resources_sobject_retrieve.htm`,
    },
  ],
  subjectLinks: [
    { object: "Contact", field: "Email", identifier: "email", description: "A synced contact." },
    { object: "Lead", field: "Email", identifier: "email", description: "A synced lead." },
  ],
} satisfies VendorProfile;

export const sapVendor = {
  instanceUrlField,
  endpoints: [
    {
      id: "businessPartners.list",
      method: "GET",
      path: "/sap/opu/odata/sap/API_BUSINESS_PARTNER/A_BusinessPartner",
      purpose: "List business partners",
      docs: `${sap}/API_BUSINESS_PARTNER/overview`,
    },
    {
      id: "businessPartners.get",
      method: "GET",
      path: "/sap/opu/odata/sap/API_BUSINESS_PARTNER/A_BusinessPartner('{BusinessPartner}')",
      purpose: "Fetch a business partner",
      docs: `${sap}/API_BUSINESS_PARTNER/overview`,
    },
    {
      id: "salesOrders.list",
      method: "GET",
      path: "/sap/opu/odata/sap/API_SALES_ORDER_SRV/A_SalesOrder",
      purpose: "List sales orders",
      docs: `${sap}/API_SALES_ORDER_SRV/overview`,
    },
    {
      id: "salesOrders.get",
      method: "GET",
      path: "/sap/opu/odata/sap/API_SALES_ORDER_SRV/A_SalesOrder('{SalesOrder}')",
      purpose: "Fetch a sales order",
      docs: `${sap}/API_SALES_ORDER_SRV/overview`,
    },
  ],
  subjectLinks: [
    {
      object: "A_BusinessPartner",
      field: "to_AddressIndependentEmail/EmailAddress",
      identifier: "email",
      description: "A business partner's email address ($expand=to_AddressIndependentEmail).",
    },
    {
      object: "A_SalesOrder",
      field: "SoldToParty",
      identifier: "email",
      via: "A_BusinessPartner",
      description: "A sales order belongs to the business partner it is sold to.",
    },
  ],
} satisfies VendorProfile;

export const netsuiteVendor = {
  instanceUrlField,
  endpoints: [
    {
      id: "oauth.token",
      method: "POST",
      path: "/services/rest/auth/oauth2/v1/token",
      purpose: "Refresh the connection's access token (refresh-token grant)",
      docs: "https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_158081952044.html",
    },
    {
      id: "customer.list",
      method: "GET",
      path: `${record}/customer`,
      purpose: "List customers",
      docs: `${netsuite}#tag-customer`,
    },
    {
      id: "customer.get",
      method: "GET",
      path: `${record}/customer/{id}`,
      purpose: "Fetch a customer",
      docs: `${netsuite}#tag-customer`,
    },
    {
      id: "salesOrder.list",
      method: "GET",
      path: `${record}/salesOrder`,
      purpose: "List sales orders",
      docs: `${netsuite}#tag-salesOrder`,
    },
    {
      id: "salesOrder.get",
      method: "GET",
      path: `${record}/salesOrder/{id}`,
      purpose: "Fetch a sales order",
      docs: `${netsuite}#tag-salesOrder`,
    },
    {
      id: "inventoryItem.list",
      method: "GET",
      path: `${record}/inventoryItem`,
      purpose: "List inventory items",
      docs: `${netsuite}#tag-inventoryItem`,
    },
    {
      id: "inventoryItem.get",
      method: "GET",
      path: `${record}/inventoryItem/{id}`,
      purpose: "Fetch an inventory item",
      docs: `${netsuite}#tag-inventoryItem`,
    },
  ],
  subjectLinks: [
    { object: "customer", field: "email", identifier: "email", description: "A synced customer." },
    {
      object: "salesOrder",
      field: "entity",
      identifier: "email",
      via: "customer",
      description: "A sales order belongs to its customer.",
    },
  ],
} satisfies VendorProfile;
