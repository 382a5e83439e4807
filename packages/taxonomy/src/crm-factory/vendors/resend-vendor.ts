import type { VendorProfile } from "../../policy-schema.js";

const docs = "https://resend.com/docs/api-reference";

// Transactional email and contact lists. The resend SDK reads RESEND_BASE_URL itself. Paths are those
// resend@6.38.0 calls: contacts of an audience under /audiences/{id}/contacts, while audiences.create,
// audiences.get and listing an audience's contacts go to the segments endpoints (audiences are
// segments since Resend's segments API). Resend deprecates the /audiences endpoints but still serves
// them; they are listed so that a client written against the older documentation is served too.
export const resendVendor = {
  baseUrlEnv: "RESEND_BASE_URL",
  defaultBaseUrl: "https://api.resend.com",
  sdk: { package: "resend", version: "6.38.0", hosts: ["api.resend.com"] },
  endpoints: [
    {
      id: "emails.send",
      method: "POST",
      path: "/emails",
      purpose: "Send an email, tagged per the email profile",
      docs: `${docs}/emails/send-email`,
    },
    {
      id: "emails.retrieve",
      method: "GET",
      path: "/emails/{email_id}",
      purpose: "Retrieve a sent email",
      docs: `${docs}/emails/retrieve-email`,
    },
    {
      id: "contacts.create",
      method: "POST",
      path: "/audiences/{audience_id}/contacts",
      purpose: "Create a contact in the tenant's audience",
      docs: `${docs}/contacts/create-contact`,
    },
    {
      id: "contacts.list",
      method: "GET",
      path: "/audiences/{audience_id}/contacts",
      purpose:
        "List the contacts of an audience (the deprecated audiences path; the SDK lists under /segments)",
      docs: `${docs}/contacts/list-contacts`,
    },
    {
      id: "contacts.get",
      method: "GET",
      path: "/audiences/{audience_id}/contacts/{id_or_email}",
      purpose: "Get a contact",
      docs: `${docs}/contacts/get-contact`,
    },
    {
      id: "contacts.update",
      method: "PATCH",
      path: "/audiences/{audience_id}/contacts/{id_or_email}",
      purpose: "Update a contact (rectification, unsubscribe)",
      docs: `${docs}/contacts/update-contact`,
    },
    {
      id: "contacts.delete",
      method: "DELETE",
      path: "/audiences/{audience_id}/contacts/{id_or_email}",
      purpose: "Delete a contact",
      docs: `${docs}/contacts/delete-contact`,
    },
    {
      id: "segments.contacts.list",
      method: "GET",
      path: "/segments/{audience_id}/contacts",
      purpose: "List the contacts of an audience",
      docs: `${docs}/segments/list-segment-contacts`,
    },
    {
      id: "segments.create",
      method: "POST",
      path: "/segments",
      purpose: "Create an audience for a tenant",
      docs: `${docs}/segments/create-segment`,
    },
    {
      id: "segments.get",
      method: "GET",
      path: "/segments/{audience_id}",
      purpose: "Get an audience",
      docs: `${docs}/segments/get-segment`,
    },
    {
      id: "segments.list",
      method: "GET",
      path: "/segments",
      purpose: "List audiences, to find a tenant's",
      docs: `${docs}/segments/list-segments`,
    },
    {
      id: "segments.delete",
      method: "DELETE",
      path: "/segments/{audience_id}",
      purpose: "Delete a tenant's audience with its contacts",
      docs: `${docs}/segments/delete-segment`,
    },
    {
      id: "audiences.create",
      method: "POST",
      path: "/audiences",
      purpose: "Create an audience (the deprecated audiences path; older clients call it)",
      docs: `${docs}/audiences/create-audience`,
    },
    {
      id: "audiences.get",
      method: "GET",
      path: "/audiences/{audience_id}",
      purpose: "Get an audience (the deprecated audiences path; older clients call it)",
      docs: `${docs}/audiences/get-audience`,
    },
    {
      id: "audiences.list",
      method: "GET",
      path: "/audiences",
      purpose: "List audiences (the deprecated audiences path; older clients call it)",
      docs: `${docs}/audiences/list-audiences`,
    },
    {
      id: "audiences.delete",
      method: "DELETE",
      path: "/audiences/{audience_id}",
      purpose: "Delete an audience (the deprecated audiences path; older clients call it)",
      docs: `${docs}/audiences/delete-audience`,
    },
  ],
  subjectLinks: [
    {
      object: "contact",
      field: "email",
      identifier: "email",
      description: "A contact of the tenant's audience.",
    },
    { object: "email", field: "to", identifier: "email", description: "The recipients of a sent email." },
    {
      object: "email",
      field: "tags[crmfactory_tenant]",
      identifier: "tenantId",
      description: "The tenant an email was sent for (the email profile's tag).",
    },
  ],
} satisfies VendorProfile;
