import {
  type OperationGroup,
  operationGroups,
  type Queryable,
  type ReferenceOptions,
} from "@crmfactory/reference";

type Operations = OperationGroup["operations"];
type OperationHandler = NonNullable<Operations[keyof Operations]>;
type JobHandler = NonNullable<OperationGroup["jobs"]>[string];

/** The reference's options with one operation group (by name) replaced by `change(group)`. */
export function withGroup(
  options: ReferenceOptions,
  name: string,
  change: (group: OperationGroup) => OperationGroup,
): ReferenceOptions {
  const groups = options.groups ?? operationGroups;
  if (!groups.some((group) => group.name === name)) throw new Error(`the reference has no group ${name}`);
  return { ...options, groups: groups.map((group) => (group.name === name ? change(group) : group)) };
}

/** A group whose operation `operationId` runs `wrap(original)` instead. */
export function wrapOperation(
  group: OperationGroup,
  operationId: keyof Operations,
  wrap: (original: OperationHandler) => OperationHandler,
): OperationGroup {
  const original = group.operations[operationId];
  if (!original) throw new Error(`the group ${group.name} serves no ${operationId}`);
  return { ...group, operations: { ...group.operations, [operationId]: wrap(original) } };
}

/** A group whose every job runs `wrap(original, kind)` instead. */
export function wrapJobs(
  group: OperationGroup,
  wrap: (original: JobHandler, kind: string) => JobHandler,
): OperationGroup {
  const jobs = Object.fromEntries(
    Object.entries(group.jobs ?? {}).map(([kind, job]) => [kind, wrap(job, kind)]),
  );
  return { ...group, jobs };
}

/** A group with one more tenant migration (a trigger a fault needs), after the group's own. */
export function withTenantMigration(
  group: OperationGroup,
  id: string,
  sql: (schema: string) => string,
): OperationGroup {
  return { ...group, tenantMigrations: [...(group.tenantMigrations ?? []), { id, sql }] };
}

export async function schemaOfTenant(tx: Queryable, tenantId: string): Promise<string> {
  const [row] = await tx.query<{ schema_name: string }>(
    "SELECT schema_name FROM catalog.tenants WHERE id = $1",
    [tenantId],
  );
  if (!row) throw new Error(`no tenant ${tenantId}`);
  return row.schema_name;
}

/**
 * Deletes audit entries of a tenant's trail matching `where` as the schema's owner, switching off the
 * append-only triggers for the statement: the bug a fault models is code that removes entries itself.
 */
export async function removeAuditEntries(
  database: { ownerTransaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> },
  tenantId: string,
  where: string,
): Promise<void> {
  await database.ownerTransaction(async (tx) => {
    const schema = `"${(await schemaOfTenant(tx, tenantId)).replaceAll('"', '""')}"`;
    await tx.query(`ALTER TABLE ${schema}.audit_entries DISABLE TRIGGER USER`);
    await tx.query(`DELETE FROM ${schema}.audit_entries AS e WHERE ${where.replaceAll("{schema}", schema)}`);
    await tx.query(`ALTER TABLE ${schema}.audit_entries ENABLE TRIGGER USER`);
  });
}
