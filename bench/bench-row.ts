/** One line of a benchmark table. */
export interface BenchRow {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** Free text: ratio to a baseline, target, notes. */
  readonly note?: string;
}

/** Runs `fn` repeatedly for about `ms` milliseconds and returns operations per second. */
export async function opsPerSecond(
  fn: () => Promise<unknown> | unknown,
  ms = 1500,
): Promise<number> {
  for (let i = 0; i < 5; i++) await fn();
  let count = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    await fn();
    count++;
    now = performance.now();
  }
  return (count * 1000) / (now - start);
}

export function formatTable(title: string, rows: readonly BenchRow[]): string {
  const lines = [`### ${title}`, '', '| measure | value | unit | note |', '|---|---:|---|---|'];
  for (const row of rows) {
    const value =
      row.value >= 100 ? Math.round(row.value).toLocaleString('en-US') : row.value.toFixed(2);
    lines.push(`| ${row.name} | ${value} | ${row.unit} | ${row.note ?? ''} |`);
  }
  return `${lines.join('\n')}\n`;
}
