/**
 * Wraps one paragraph to `width` columns: the first line starts with `indent`, continuation lines
 * with `hanging` (deeper, so a reader sees where an entry goes on). Words longer than a line (a URL,
 * a JSON pointer) are kept whole on a line of their own rather than broken.
 */
export function wrapText(text: string, width: number, indent = "", hanging = `${indent}  `): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = indent;
  let empty = true;
  for (const word of words) {
    const candidate = empty ? `${line}${word}` : `${line} ${word}`;
    if (!empty && candidate.length > width) {
      lines.push(line);
      line = `${hanging}${word}`;
    } else {
      line = candidate;
    }
    empty = false;
  }
  if (!empty || lines.length === 0) lines.push(line);
  return lines;
}
