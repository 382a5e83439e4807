import type { SubjectLink } from "@crmfactory/taxonomy";
import type { VendorId } from "./vendor.js";

/** What a vendor's object can link to a subject by, as the taxonomy's subject links name it. */
export type SubjectIdentifier = SubjectLink["identifier"];

/**
 * How one held object links to a subject: a subject link of the vendor profile (its `field` and
 * `identifier`) with its value. For a link `via` another object, the value that object's link gives
 * (a recording's `CallSid` gives its call's `To` number).
 */
export interface SubjectLinkValue {
  readonly field: string;
  readonly identifier: SubjectIdentifier;
  readonly value: string;
}

/** One object a fake holds, as the conformance suite cross-checks it against an inventory. */
export interface InventoryItem {
  readonly vendor: VendorId;
  /** The credential whose state holds it (API key, account SID, store id, instance URL). */
  readonly credential: string;
  /** The profile's object name: `customer`, `invoice`, `message`, `recording`, `contact`, `blob`... */
  readonly object: string;
  readonly id: string;
  readonly links: readonly SubjectLinkValue[];
  /** Whether the vendor's API lets a client delete it now (a finalised invoice or sent email: no). */
  readonly deletable: boolean;
}
