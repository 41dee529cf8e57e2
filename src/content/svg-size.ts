/**
 * An SVG file's intrinsic size, as a browser sizes an `<img>` of it: the root
 * element's `width` and `height` (numbers, or `px`), else its `viewBox`'s.
 * Read from the text: no rasteriser is needed to know it.
 */

/** Width and height in CSS pixels, rounded; undefined when the root gives neither (the browser then uses 300×150). */
export function svgSize(text: string): { width: number; height: number } | undefined {
  const root = /<svg\b([^>]*)>/i.exec(text)?.[1];
  if (root === undefined) return undefined;
  const attribute = (name: string) =>
    new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'i')
      .exec(root)
      ?.slice(1)
      .find((v) => v !== undefined);
  const viewBox = attribute('viewBox')
    ?.trim()
    .split(/[\s,]+/)
    .map(Number);
  const box = viewBox?.length === 4 && viewBox.every(Number.isFinite) ? { width: viewBox[2] as number, height: viewBox[3] as number } : undefined;
  const width = pixels(attribute('width'));
  const height = pixels(attribute('height'));
  const size =
    width !== undefined && height !== undefined
      ? { width, height }
      : width !== undefined && box && box.width > 0
        ? { width, height: (width * box.height) / box.width }
        : height !== undefined && box && box.height > 0
          ? { width: (height * box.width) / box.height, height }
          : box;
  if (!size || !(size.width > 0) || !(size.height > 0)) return undefined;
  return { width: Math.max(1, Math.round(size.width)), height: Math.max(1, Math.round(size.height)) };
}

/** A length in pixels: a number, or a number in `px`; undefined for `%`, `em` and the like. */
function pixels(value: string | undefined): number | undefined {
  const match = value === undefined ? undefined : /^\s*([0-9]*\.?[0-9]+)\s*(px)?\s*$/.exec(value);
  return match ? Number(match[1]) : undefined;
}
