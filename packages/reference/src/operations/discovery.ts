import { openapiDocument, operationPermissions } from "@crmfactory/api";
import { policyHash } from "@crmfactory/taxonomy";
import { attestationView, listAllAttestations } from "./attestations.js";
import type { OperationGroup } from "./operation-group.js";

/** Discovery: what this implementation is, the policy it enforces, its profiles and its own limits. */
export const discovery: OperationGroup = {
  name: "discovery",
  operations: {
    async getMeta({ platform, tx }) {
      const profiles = new Set<string>();
      for (const operation of Object.values(operationPermissions)) {
        if (operation.testModeOnly && platform.mode !== "test") continue;
        profiles.add(operation.profile);
      }
      const attestations = await listAllAttestations(tx);
      return {
        status: 200,
        body: {
          mode: platform.mode,
          contractVersion: openapiDocument.info.version,
          implementation: platform.implementation,
          policy: {
            id: platform.policy.id,
            name: platform.policy.name,
            hash: policyHash(platform.policy),
            url: "meta/policy",
          },
          profiles: [...profiles].sort(),
          limits: platform.limits,
          attestations: attestations.map(attestationView),
        },
      };
    },
    async getMetaPolicy({ platform }) {
      return { status: 200, body: platform.policy };
    },
  },
};
