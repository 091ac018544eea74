// Whether a request fetched a static asset: browsers fetch many, scripts and scanners few.

const STATIC_EXTENSIONS = new Set([
  'css', 'js', 'mjs', 'map', 'png', 'jpg', 'jpeg', 'gif', 'ico', 'svg', 'webp', 'avif', 'bmp',
  'woff', 'woff2', 'ttf', 'otf', 'eot', 'mp4', 'webm', 'mp3', 'ogg', 'wav',
]);

/** True when the path (without query) ends in a static-asset extension. */
export function isStaticPath(path: string): boolean {
  const dot = path.lastIndexOf('.');
  if (dot < 0 || dot < path.lastIndexOf('/')) return false;
  const extension = path.slice(dot + 1);
  return extension.length <= 5 && STATIC_EXTENSIONS.has(extension.toLowerCase());
}
