/**
 * A count with its noun in English, singular for exactly one: "1 post", "0 posts", "2 posts".
 * Every count gazette prints goes through here, so that none reads "1 posts".
 */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
