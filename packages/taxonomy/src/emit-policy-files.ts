import { crmFactoryPolicySource } from "./crm-factory/policy.js";
import { writePolicyFiles } from "./write-policy-files.js";

// Build step: `node dist/emit-policy-files.js dist`.
const written = writePolicyFiles(crmFactoryPolicySource, process.argv[2] ?? "dist");
console.log(`wrote ${written.join(", ")}`);
