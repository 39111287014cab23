/** Port's run statuses. API callers may only set SUCCESS and FAILURE. */
export type RunStatus = 'IN_PROGRESS' | 'SUCCESS' | 'FAILURE' | 'WAITING_FOR_APPROVAL' | 'DECLINED';

export const TERMINAL_STATUSES: readonly RunStatus[] = ['SUCCESS', 'FAILURE', 'DECLINED'];

export function isTerminal(status: RunStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}
