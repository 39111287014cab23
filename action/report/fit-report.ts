import type { ActionReport } from './action-report.js';
import { renderReport, type RenderOptions } from './render-report.js';
import type { Detail } from './render-request.js';

/** GitHub's limit for an issue comment body, in characters. */
export const COMMENT_LIMIT = 65_536;
/** GitHub's limit for one step's job summary, in bytes. */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024;

export interface FittedReport {
  readonly markdown: string;
  readonly detail: Detail;
}

/**
 * Renders the report with as much detail as fits `limit` (measured by `size`): first
 * without request bodies, then without diffs, then without previews, then with the
 * tables cut; the report says what it left out. As a last resort the text is cut.
 */
export function fitReport(
  report: ActionReport,
  limit: number,
  size: (text: string) => number,
  options: Omit<RenderOptions, 'detail'> = {},
): FittedReport {
  for (const detail of [0, 1, 2, 3, 4] as const) {
    const markdown = renderReport(report, { ...options, detail });
    if (size(markdown) <= limit) return { markdown, detail };
  }
  const markdown = renderReport(report, { ...options, detail: 4 });
  const cut = "\n\n…(cut to fit GitHub's size limit)\n";
  let end = Math.max(0, limit - cut.length - 16);
  while (end > 0 && size(markdown.slice(0, end)) > limit - cut.length - 16) end -= 1024;
  return { markdown: markdown.slice(0, end) + cut, detail: 4 };
}

export const characters = (text: string): number => text.length;
export const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');
