/** Small formatting helpers for the generated docs: JSON files and Markdown. */

/** Pretty JSON with a trailing newline, as the committed files are. */
export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** A fenced JSON block. */
export function jsonBlock(value: unknown): string {
  return `\`\`\`json\n${JSON.stringify(value, null, 2)}\n\`\`\``;
}

/** Inline code. */
export function code(text: string): string {
  return `\`${text}\``;
}

/** A GitHub-flavoured Markdown table; cells are escaped so a `|` or a line break can't break a row. */
export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/** A relative link. */
export function link(text: string, target: string): string {
  return `[${text}](${target})`;
}
