import { formatTime } from './format.js';

/** A time, readable, with the exact ISO value for machines and on hover. */
export function TimeText({ iso }: { iso: string | null | undefined }) {
  if (iso === null || iso === undefined) return <span>—</span>;
  return (
    <time dateTime={iso} title={iso}>
      {formatTime(iso)}
    </time>
  );
}
