/** One line of the results table. Rows without a target are figures for reference. */
export interface Row {
  readonly section: string;
  readonly measure: string;
  readonly figure: string;
  /** The floor, or whatever the figure is compared with. */
  readonly reference?: string;
  readonly ratio?: number;
  /** Target on the ratio (`ratio <= max`) or, without a ratio, described in words. */
  readonly target?: { readonly text: string; readonly met: boolean };
}

const COLUMNS = ['Section', 'Measure', 'Figure', 'Floor / reference', 'Ratio', 'Target', 'Met'] as const;

const cells = (row: Row): string[] => [
  row.section,
  row.measure,
  row.figure,
  row.reference ?? '',
  row.ratio === undefined ? '' : `${row.ratio.toFixed(2)}x`,
  row.target?.text ?? 'reference',
  row.target === undefined ? '' : row.target.met ? 'yes' : 'NO',
];

/** A Markdown table, padded so it also reads well in a terminal. */
export function renderTable(rows: readonly Row[]): string {
  const lines = [[...COLUMNS], ...rows.map(cells)];
  const widths = COLUMNS.map((_, i) => Math.max(...lines.map((line) => line[i]!.length)));
  const format = (line: string[]) => `| ${line.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [format(lines[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.slice(1).map(format)].join('\n') + '\n';
}

/** `ratio <= max` as a target cell. */
export const atMost = (ratio: number, max: number, of: string): Row['target'] => ({ text: `<= ${max}x ${of}`, met: ratio <= max });

export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
export const ms = (millis: number): string => `${millis.toFixed(1)} ms`;
export const us = (micros: number): string => `${micros.toFixed(0)} us`;
export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
