/** The identifiers an event's own subjects hold, by the policy's identifier kind (`email`, `userId`...). */
export type KnownIdentifiers = Partial<Record<string, readonly (string | null | undefined)[]>>;

// What a value of each kind looks like wherever it appears, so an identifier of a subject the event does
// not name (another contact's id in a page path) is caught too. Names have no shape: only known ones go.
// Ids go before phone numbers, whose shape a run of an id's digits could match.
const shapes: Record<string, RegExp | null> = {
  email: /[^\s/?#@]+@[^\s/?#@]+\.[^\s/?#@]+/g,
  userId: /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi,
  contactId: /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi,
  phone: /\+?\d[\d ().-]{5,}\d/g,
  name: null,
};

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * An event name as an aggregate may keep it: every identifier of a kind the policy excludes from
 * aggregates is replaced by `{kind}` (`/contacts/{contactId}`). A kind this module cannot recognise is
 * an error, never a silent pass: the aggregate would otherwise hold it.
 */
export function aggregateName(name: string, excluded: readonly string[], known: KnownIdentifiers): string {
  const unknown = excluded.find((kind) => !(kind in shapes));
  if (unknown !== undefined) throw new Error(`no way to keep identifier kind ${unknown} out of aggregates`);
  let result = name;
  // Known values first, each labelled with its own kind; then any other value of a kind's shape.
  for (const kind of excluded) {
    for (const value of known[kind] ?? []) {
      if (!value) continue;
      // Whole words only: the name "Ada" goes from "/people/Ada", not from "/adapters".
      const word = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(value)}(?![\\p{L}\\p{N}])`, "giu");
      result = result.replace(word, `{${kind}}`);
    }
  }
  for (const [kind, shape] of Object.entries(shapes)) {
    if (shape && excluded.includes(kind)) result = result.replace(shape, `{${kind}}`);
  }
  return result;
}
