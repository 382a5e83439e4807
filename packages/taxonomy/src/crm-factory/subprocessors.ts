import type { PolicyInput } from "../policy-schema.js";
import { netsuiteVendor, salesforceVendor, sapVendor } from "./vendors/integration-source-vendors.js";
import { resendVendor } from "./vendors/resend-vendor.js";
import { stripeVendor } from "./vendors/stripe-vendor.js";
import { twilioVendor } from "./vendors/twilio-vendor.js";
import { vercelBlobVendor } from "./vendors/vercel-blob-vendor.js";
// Section 3 names five key subprocessors; GUARANTEES.md reads file storage (profile photos) as
// Vercel's Blob storage. Integration sources are reached only once a customer connects them.
// `deletion` lists what each vendor's API lets us delete: anything else stays, and receipts say so.
// `hosts` is the allow-list and covers every host the vendor's pinned SDK can call; `vendor` says how an
// implementation calls the API (Neon is reached by the database driver, Vercel hosting by nobody).
export const subprocessors = {
  vercel: {
    name: "Vercel",
    kind: "subprocessor",
    namedInPolicy: true,
    purpose: "Hosting, edge CDN, and file storage for profile photos (Blob).",
    services: ["hosting", "cdn", "blob-storage"],
    hosts: ["vercel.com", "*.public.blob.vercel-storage.com", "*.private.blob.vercel-storage.com"],
    categories: ["account", "authentication", "telemetry"],
    vendor: vercelBlobVendor,
    deletion: ["stored files"],
    sections: ["3", "4"],
  },
  neon: {
    name: "Neon",
    kind: "subprocessor",
    namedInPolicy: true,
    purpose: "Managed PostgreSQL database holding each tenant's schema.",
    services: ["database"],
    hosts: ["*.neon.tech"],
    categories: ["account", "authentication", "crm", "communications", "integration", "telemetry", "billing"],
    deletion: ["rows", "schemas"],
    sections: ["3", "4"],
  },
  twilio: {
    name: "Twilio",
    kind: "subprocessor",
    namedInPolicy: true,
    purpose: "SMS, WhatsApp and voice: sending messages, calls, recordings and voicemails.",
    services: ["sms", "whatsapp", "voice"],
    hosts: ["api.twilio.com", "*.twilio.com"],
    categories: ["communications"],
    vendor: twilioVendor,
    deletion: ["messages", "recordings"],
    sections: ["3"],
  },
  stripe: {
    name: "Stripe",
    kind: "subprocessor",
    namedInPolicy: true,
    purpose: "Payments: customers, payment methods, subscriptions and invoices.",
    services: ["payments"],
    hosts: ["api.stripe.com", "files.stripe.com", "connect.stripe.com", "meter-events.stripe.com"],
    categories: ["billing"],
    vendor: stripeVendor,
    deletion: ["customers", "draft invoices"],
    sections: ["3"],
  },
  resend: {
    name: "Resend",
    kind: "subprocessor",
    namedInPolicy: true,
    purpose: "Transactional and notice email; contact lists for email.",
    services: ["email"],
    hosts: ["api.resend.com"],
    categories: ["account", "crm", "communications"],
    vendor: resendVendor,
    deletion: ["contacts"],
    sections: ["3"],
  },
  salesforce: {
    name: "Salesforce",
    kind: "integration-source",
    namedInPolicy: false,
    purpose: "Customer-connected CRM integration: sync in both directions.",
    services: ["crm-sync"],
    hosts: ["login.salesforce.com", "*.my.salesforce.com"],
    categories: ["integration"],
    vendor: salesforceVendor,
    deletion: [],
    sections: ["1", "table"],
  },
  sap: {
    name: "SAP",
    kind: "integration-source",
    namedInPolicy: false,
    purpose: "Customer-connected ERP integration: orders and inventory.",
    services: ["erp-sync"],
    hosts: ["*.s4hana.ondemand.com", "*.s4hana.cloud.sap"],
    categories: ["integration"],
    vendor: sapVendor,
    deletion: [],
    sections: ["1", "table"],
  },
  netsuite: {
    name: "NetSuite",
    kind: "integration-source",
    namedInPolicy: false,
    purpose: "Customer-connected ERP integration: orders and inventory.",
    services: ["erp-sync"],
    hosts: ["*.suitetalk.api.netsuite.com"],
    categories: ["integration"],
    vendor: netsuiteVendor,
    deletion: [],
    sections: ["table"],
  },
} satisfies PolicyInput["subprocessors"];
