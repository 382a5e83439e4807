import type { PolicyInput } from "../policy-schema.js";
// The numbered sections of the policy document (it has no section 5), plus its summary table,
// so every rule and guarantee can cite where it comes from.
export const sections = {
  table: { title: "Data We Collect — At a Glance" },
  "1": { title: "Information We Collect" },
  "2": { title: "How We Use Your Information" },
  "3": { title: "Data Sharing & Disclosure" },
  "4": { title: "Data Security" },
  "6": { title: "AI & Automated Decision-Making" },
  "7": { title: "Cookies & Tracking" },
  "8": { title: "International Data Transfers" },
  "9": { title: "Your Rights" },
  "10": { title: "Children's Privacy" },
  "11": { title: "Data Retention" },
  "12": { title: "Changes to This Policy" },
  "13": { title: "Regulatory Framework & Compliance" },
} satisfies PolicyInput["sections"];
