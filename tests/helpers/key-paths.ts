// Every key path of a JSON value, as a sorted list: `case.caseCode`, `screenings[].month`. Tests of
// what a role receives compare it with an exact list, so a key added to a loader fails the test
// until someone decides it may be there. Records keyed by data (place names by P-code) are given
// as `dynamic` paths: their keys read `*`.
export function keyPaths(value: unknown, options: { dynamic?: readonly string[] } = {}): string[] {
  const dynamic = new Set(options.dynamic ?? []);
  const paths = new Set<string>();
  const visit = (node: unknown, path: string) => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, `${path}[]`);
      return;
    }
    if (node === null || typeof node !== "object") return;
    for (const [key, child] of Object.entries(node)) {
      const childPath = dynamic.has(path) ? `${path}.*` : path ? `${path}.${key}` : key;
      paths.add(childPath);
      visit(child, childPath);
    }
  };
  visit(value, "");
  return [...paths].sort();
}
