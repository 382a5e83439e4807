import type { PolicyInput } from "../policy-schema.js";

// Section 4's security measures as data, so the guarantees that promise them point here instead of
// repeating a version or a cipher.
export const security = {
  tlsMinimumVersion: "1.3",
  atRestCipher: "AES-256",
  encryptedIntegrationCredentials: true,
  hostingCertifications: ["SOC 2 Type II"],
  tenantIsolation: "schema-per-tenant",
  sections: ["4"],
} satisfies PolicyInput["security"];
