import type { VendorProfile } from "../../policy-schema.js";

const docs = "https://docs.stripe.com/api";

// Payments. stripe-node takes host, port and protocol rather than a URL: parse STRIPE_API_BASE_URL.
// The SDK's hosts are its DEFAULT_BASE_ADDRESSES (stripe@23.1.0, esm/Types.js).
export const stripeVendor = {
  baseUrlEnv: "STRIPE_API_BASE_URL",
  defaultBaseUrl: "https://api.stripe.com",
  sdk: {
    package: "stripe",
    version: "23.1.0",
    hosts: ["api.stripe.com", "files.stripe.com", "connect.stripe.com", "meter-events.stripe.com"],
  },
  endpoints: [
    {
      id: "customers.create",
      method: "POST",
      path: "/v1/customers",
      purpose: "Create the tenant's payments customer",
      docs: `${docs}/customers/create`,
    },
    {
      id: "customers.retrieve",
      method: "GET",
      path: "/v1/customers/{customer}",
      purpose: "Retrieve a customer",
      docs: `${docs}/customers/retrieve`,
    },
    {
      id: "customers.update",
      method: "POST",
      path: "/v1/customers/{customer}",
      purpose: "Update a customer (rectification; invoice_settings[default_payment_method])",
      docs: `${docs}/customers/update`,
    },
    {
      id: "customers.delete",
      method: "DELETE",
      path: "/v1/customers/{customer}",
      purpose: "Delete a customer once no billing hold applies",
      docs: `${docs}/customers/delete`,
    },
    {
      id: "customers.list",
      method: "GET",
      path: "/v1/customers",
      purpose: "List customers (by email)",
      docs: `${docs}/customers/list`,
    },
    {
      id: "customers.search",
      method: "GET",
      path: "/v1/customers/search",
      purpose: "Find the tenant's customer by its metadata, or customers by email (?query=)",
      docs: `${docs}/customers/search`,
    },
    {
      id: "paymentMethods.retrieve",
      method: "GET",
      path: "/v1/payment_methods/{payment_method}",
      purpose: "Read a payment method's card brand, last four digits and expiry",
      docs: `${docs}/payment_methods/retrieve`,
    },
    {
      id: "paymentMethods.attach",
      method: "POST",
      path: "/v1/payment_methods/{payment_method}/attach",
      purpose: "Attach a payment method created client-side to the tenant's customer",
      docs: `${docs}/payment_methods/attach`,
    },
    {
      id: "paymentMethods.detach",
      method: "POST",
      path: "/v1/payment_methods/{payment_method}/detach",
      purpose: "Detach the card a newer one replaced, so the payments provider keeps only the card on file",
      docs: `${docs}/payment_methods/detach`,
    },
    {
      id: "invoices.create",
      method: "POST",
      path: "/v1/invoices",
      purpose: "Create a draft invoice for a customer",
      docs: `${docs}/invoices/create`,
    },
    {
      id: "invoices.finalize",
      method: "POST",
      path: "/v1/invoices/{invoice}/finalize",
      purpose: "Finalize an invoice",
      docs: `${docs}/invoices/finalize`,
    },
    {
      id: "invoices.retrieve",
      method: "GET",
      path: "/v1/invoices/{invoice}",
      purpose: "Retrieve an invoice",
      docs: `${docs}/invoices/retrieve`,
    },
    {
      id: "invoices.list",
      method: "GET",
      path: "/v1/invoices",
      purpose: "List a customer's invoices (?customer=)",
      docs: `${docs}/invoices/list`,
    },
    {
      id: "invoices.delete",
      method: "DELETE",
      path: "/v1/invoices/{invoice}",
      purpose: "Delete a draft invoice (finalized ones cannot be deleted)",
      docs: `${docs}/invoices/delete`,
    },
  ],
  subjectLinks: [
    {
      object: "customer",
      field: "metadata[crmfactory_tenant_id]",
      identifier: "tenantId",
      description: "One payments customer per tenant, tagged with the tenant id.",
    },
    {
      object: "customer",
      field: "email",
      identifier: "email",
      description: "The billing email of the tenant.",
    },
    {
      object: "invoice",
      field: "customer",
      identifier: "tenantId",
      via: "customer",
      description: "An invoice belongs to the tenant of its customer.",
    },
    {
      object: "invoice",
      field: "customer_email",
      identifier: "email",
      description: "The copy of the customer's email an invoice keeps.",
    },
  ],
} satisfies VendorProfile;
