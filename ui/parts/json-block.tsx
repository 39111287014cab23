/** JSON in a collapsible block (`<details>`), open or closed at first. */
export function JsonBlock({
  summary,
  value,
  open = false,
}: {
  summary: string;
  value: unknown;
  open?: boolean;
}) {
  return (
    <details class="json" open={open}>
      <summary>{summary}</summary>
      <pre tabIndex={0}>
        <code>{value === undefined ? 'not recorded' : JSON.stringify(value, null, 2)}</code>
      </pre>
    </details>
  );
}
