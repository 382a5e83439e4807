#!/usr/bin/env node
import { crmFactoryPolicy } from "./crm-factory/policy.js";
import { renderGuaranteeCatalogue, renderRetentionSchedule } from "./render-text.js";

const usage = `Usage: crmfactory-policy [schedule | guarantees | json]

  schedule     the retention schedule, computed from the policy data
  guarantees   every guarantee with its method and policy sections
  json         the whole policy as JSON
  (none)       the schedule, then the guarantees`;

const command = process.argv[2];
switch (command) {
  case undefined:
    console.log(
      `${renderRetentionSchedule(crmFactoryPolicy)}\n\n${renderGuaranteeCatalogue(crmFactoryPolicy)}`,
    );
    break;
  case "schedule":
    console.log(renderRetentionSchedule(crmFactoryPolicy));
    break;
  case "guarantees":
    console.log(renderGuaranteeCatalogue(crmFactoryPolicy));
    break;
  case "json":
    console.log(JSON.stringify(crmFactoryPolicy, null, 2));
    break;
  case "-h":
  case "--help":
    console.log(usage);
    break;
  default:
    console.error(`crmfactory-policy: unknown command "${command}"\n\n${usage}`);
    process.exit(2);
}
