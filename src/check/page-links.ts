/**
 * One output file's links, each resolved against the site's written files:
 * the broken ones (with their line and column in the file), the hosts of
 * external ones, and the `#fragment` links to other pages, whose ids are
 * checked once those pages are read. Pure.
 */
import { type Extracted, extractLinks, type FoundLink } from './extract.js';
import { fragmentFound, isHtml, ownCopy, type Resolution } from './resolve.js';

/** A link that leads to no written file, or to no such `#fragment` in it. */
export interface BrokenLink {
  /** The output file it is in (a path in the destination). */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The URL, entities decoded. */
  readonly value: string;
  /** As written in the output file. */
  readonly raw: string;
  /** Why it is broken, as the end of a sentence: "no file /a/b/ was written". */
  readonly reason: string;
}

/** A link to `#fragment` in another page: checked once that page's ids are known. */
export interface FragmentLink {
  readonly link: BrokenLink;
  readonly target: string;
  readonly fragment: string;
}

export interface PageLinks {
  readonly extracted: Extracted;
  readonly broken: readonly BrokenLink[];
  readonly externalHosts: readonly string[];
  readonly fragments: readonly FragmentLink[];
}

/** `resolve`: resolve.ts's createLinkResolver over the written files, shared by all pages. */
export function checkPage(file: string, text: string, resolve: (value: string, from: string) => Resolution): PageLinks {
  const extracted = extractLinks(text);
  const broken: BrokenLink[] = [];
  const externalHosts: string[] = [];
  const fragments: FragmentLink[] = [];
  // Lines are counted only in a file with a broken link (or a fragment to check elsewhere).
  let lines: number[] | undefined;
  const at = (link: FoundLink, reason: string): BrokenLink => {
    lines ??= lineStarts(text);
    return { file, ...positionOf(lines, link.offset), value: ownCopy(link.value), raw: ownCopy(link.raw), reason };
  };
  for (const link of extracted.links) {
    const target = resolve(link.value, file);
    if (target.kind === 'ignored') continue;
    if (target.kind === 'external') externalHosts.push(target.host);
    else if (target.kind === 'broken') broken.push(at(link, target.reason));
    else if (target.fragment !== undefined && isHtml(target.file)) {
      if (target.file !== file)
        fragments.push({ link: at(link, fragmentReason(target.fragment, target.file)), target: target.file, fragment: target.fragment });
      else if (!fragmentFound(target.fragment, extracted.ids)) broken.push(at(link, fragmentReason(target.fragment, target.file)));
    }
  }
  return { extracted, broken, externalHosts, fragments };
}

function fragmentReason(fragment: string, file: string): string {
  return `${file} has no element with id "${fragment}" (nor "user-content-${fragment}")`;
}

/** Offsets where each line starts, for line:column from an offset. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line and column of a UTF-16 offset. */
export function positionOf(starts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
}
