import type { GuaranteeProperty } from "../../harness/property.js";
import { delAccountClose } from "./del-account-close.js";
import { delChild } from "./del-child.js";
import { delLegalHold } from "./del-legal-hold.js";
import { delNoResurrection } from "./del-no-resurrection.js";
import { delRequest30d } from "./del-request-30d.js";
import { delSelfService } from "./del-self-service.js";
import { delSubprocessors } from "./del-subprocessors.js";

/** The properties of the deletion guarantees (DEL-*), in the order GUARANTEES.md lists them. */
export const deletionProperties: readonly GuaranteeProperty[] = [
  delRequest30d,
  delLegalHold,
  delSubprocessors,
  delSelfService,
  delChild,
  delAccountClose,
  delNoResurrection,
];
