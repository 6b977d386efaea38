/**
 * docs/glossary.md, "Crossover": each fandom is replaced by its canonical and given its family (itself and
 * all its meta tags, transitively). Two fandoms are related when their families share a tag. A work is
 * a crossover when it has more than one fandom and no single fandom on it is related to every other.
 */
export function isCrossover(families: ReadonlyArray<ReadonlySet<number>>): boolean {
  if (families.length < 2) return false;
  const related = (a: ReadonlySet<number>, b: ReadonlySet<number>) => [...a].some((x) => b.has(x));
  return !families.some((f, i) => families.every((g, j) => i === j || related(f, g)));
}
