/**
 * Names made safe for a diagram language, kept distinct: two tables that clean up to the same
 * identifier (`order-line`, `order_line`) get `_2`, `_3` ... so no edge lands on the wrong box.
 */
export function uniqueIdentifiers(names: readonly string[], clean: (name: string) => string): Map<string, string> {
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  for (const name of names) {
    if (ids.has(name)) continue;
    const base = clean(name);
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
    taken.add(id);
    ids.set(name, id);
  }
  return ids;
}

