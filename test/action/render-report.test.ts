import { describe, expect, it } from 'vitest';
import type { ActionReport, ChangeReport } from '../../action/report/action-report.js';
import { characters, fitReport } from '../../action/report/fit-report.js';
import { code, codeBlock } from '../../action/report/markdown.js';
import { REPORT_MARKER, renderReport } from '../../action/report/render-report.js';

const change = (i: number, body: string): ChangeReport => ({
  identifier: `automation_${i}`,
  kind: 'changed',
  file: `automations/a${i}.json`,
  valid: true,
  trigger: 'ENTITY_CREATED service',
  backend: 'WEBHOOK',
  diff: `- title: "old ${i}"\n+ title: "new ${i}"`,
  previews: [
    {
      sample: 'automations/events/service-created.json',
      subject: 'event',
      synthetic: false,
      matched: true,
      conditions: [{ expression: '.a | length > 0', value: true, passed: true }],
      runId: 'r_0000000000000000',
      request: {
        type: 'WEBHOOK',
        runId: 'r_0000000000000000',
        method: 'POST',
        url: 'https://example.com',
        headers: {},
        body: { payload: body },
        bodyText: JSON.stringify({ payload: body }),
        synchronized: false,
        agent: false,
      },
      errors: [],
    },
  ],
});

const report = (changes: ChangeReport[]): ActionReport => ({
  mode: 'preview',
  valid: true,
  strict: false,
  path: 'automations',
  fileCount: changes.length,
  errorCount: 0,
  warningCount: 0,
  problems: [],
  changes,
  previewErrorCount: 0,
  notes: [],
});

describe('renderReport', () => {
  it('starts with the hidden marker and a header with the counts', () => {
    const text = renderReport(report([change(1, 'x')]));
    expect(
      text.startsWith(
        `${REPORT_MARKER}\n\n### ✅ switchyard preview: 0 errors · 0 warnings · 1 definition changed`,
      ),
    ).toBe(true);
    expect(text).toContain('<details>');
    expect(text).not.toContain('bodyText');
  });
});

describe('fitReport', () => {
  const big = (size: number, count: number) =>
    report(Array.from({ length: count }, (_, i) => change(i, 'b'.repeat(size))));

  it('keeps everything when it fits', () => {
    expect(fitReport(big(10, 3), 65_536, characters).detail).toBe(0);
  });

  it('drops request bodies first, then diffs, then previews, and says what it left out', () => {
    const bodies = fitReport(big(2_000, 30), 65_536, characters);
    expect(bodies.detail).toBe(1);
    expect(bodies.markdown).toContain('size limit: request bodies are left out.');
    expect(bodies.markdown).toContain('"body": "(omitted)"');
    expect(bodies.markdown).toContain('```diff');

    const full = renderReport(big(0, 120), { detail: 1 }).length;
    const diffs = fitReport(big(0, 120), full - 1, characters);
    expect(diffs.detail).toBe(2);
    expect(diffs.markdown).not.toContain('```diff');
    expect(diffs.markdown).toContain('<details>');

    const previews = fitReport(big(0, 400), 65_536, characters);
    expect(previews.detail).toBe(3);
    expect(previews.markdown).not.toContain('<details>');
    expect(previews.markdown).toContain('`automation_399`');
    expect(previews.markdown.length).toBeLessThanOrEqual(65_536);
  });

  it('cuts the tables, then the text, as a last resort, and stays under the limit', () => {
    const fitted = fitReport(big(0, 3_000), 65_536, characters);
    expect(fitted.detail).toBe(4);
    expect(fitted.markdown.length).toBeLessThanOrEqual(65_536);
    expect(fitted.markdown).toContain('…and 2950 more changes.');
    const tiny = fitReport(big(0, 3_000), 500, characters);
    expect(tiny.markdown.length).toBeLessThanOrEqual(500);
    expect(tiny.markdown).toContain("cut to fit GitHub's size limit");
  });
});

describe('markdown helpers', () => {
  it('escapes pipes in table cells and picks a backtick run longer than the text has', () => {
    expect(code('.a | .b')).toBe('`.a \\| .b`');
    expect(code('a`b')).toBe('``a`b``');
    expect(codeBlock('json', 'x ``` y')).toBe('````json\nx ``` y\n````');
  });
});
