/**
 * Raised whenever the parse rules give other results for the same bytes and
 * config (the version stays the same between releases), so that entries
 * cached under the old rules are not reused (parse.ts) and pages built from
 * them are rendered again (fingerprint.ts).
 */
export const PARSE_RULES = 8;
