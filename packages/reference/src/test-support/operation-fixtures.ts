import { dataPlaneFixtures } from "./data-plane-fixtures.js";
import { noticeFixtures } from "./notice-fixtures.js";
import { platformFixtures } from "./platform-fixtures.js";
import { privacyFixtures } from "./privacy-fixtures.js";
import { rightsFixtures } from "./rights-fixtures.js";
import type { Fixture } from "./valid-request.js";

export { type Fixture, pathOf, requestOf, type ValidRequest } from "./valid-request.js";

/**
 * A valid request of every served operation, by operationId, built from real resources of the fixture
 * world (`fixture-world.ts`): what the generated bad input varies, and what the audit loop performs.
 */
export const operationFixtures: Record<string, Fixture> = {
  ...platformFixtures,
  ...dataPlaneFixtures,
  ...privacyFixtures,
  ...rightsFixtures,
  ...noticeFixtures,
};
