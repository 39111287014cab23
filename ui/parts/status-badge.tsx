import type { RunStatus } from '../api-types.js';

const LOOK: Readonly<Record<RunStatus, { icon: string; text: string }>> = {
  IN_PROGRESS: { icon: '◔', text: 'In progress' },
  SUCCESS: { icon: '✓', text: 'Success' },
  FAILURE: { icon: '✗', text: 'Failure' },
  WAITING_FOR_APPROVAL: { icon: '⏸', text: 'Waiting for approval' },
  DECLINED: { icon: '⊘', text: 'Declined' },
};

/** A run's status as colour, icon and words (the words alone carry the meaning). */
export function StatusBadge({ status }: { status: RunStatus }) {
  const look = LOOK[status] ?? { icon: '?', text: status };
  return (
    <span class={`status status-${status.toLowerCase().replace(/_/g, '-')}`} data-status={status}>
      <span class="status-icon" aria-hidden="true">
        {look.icon}
      </span>{' '}
      {look.text}
    </span>
  );
}

export function statusText(status: RunStatus): string {
  return LOOK[status]?.text ?? status;
}
