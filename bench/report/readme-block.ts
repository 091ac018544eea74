// Replaces the generated part of a Markdown file: the text between two marker comments, so the
// README quotes exactly what the last benchmark run measured and the rest of it stays hand-written.

export const README_START = '<!-- bench:headline:start -->';
export const README_END = '<!-- bench:headline:end -->';

export function replaceMarkedBlock(text: string, block: string): string {
  const start = text.indexOf(README_START);
  const end = text.indexOf(README_END);
  if (start === -1 || end < start) throw new Error(`README.md has no ${README_START} … ${README_END} block to rewrite; put the two markers where the benchmark headline belongs`);
  return `${text.slice(0, start + README_START.length)}\n${block.trim()}\n${text.slice(end)}`;
}
