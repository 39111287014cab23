/** One message of `GET /v1/stream`: the SSE event name and its JSON data. */
export interface LiveMessage {
  readonly event: 'run' | 'event';
  readonly data: unknown;
}

export type LiveListener = (message: LiveMessage) => void;

/**
 * What happens in this bot, for the UI's live views: runs created and changed, events
 * received. In-process only; each replica's stream shows what that replica did.
 */
export class LiveFeed {
  private readonly listeners = new Set<LiveListener>();
  private readonly closers = new Set<() => void>();
  private closed = false;

  constructor(readonly maxListeners = 100) {}

  /** Whether anyone listens: publishers skip the work of building messages otherwise. */
  get listening(): boolean {
    return this.listeners.size > 0;
  }

  get size(): number {
    return this.listeners.size;
  }

  /**
   * Adds a listener; `onClose` runs when the feed closes (server shutdown). Returns the
   * unsubscribe function, or null when the feed is full or closed.
   */
  subscribe(listener: LiveListener, onClose: () => void): (() => void) | null {
    if (this.closed || this.listeners.size >= this.maxListeners) return null;
    this.listeners.add(listener);
    this.closers.add(onClose);
    return () => {
      this.listeners.delete(listener);
      this.closers.delete(onClose);
    };
  }

  publish(message: LiveMessage): void {
    for (const listener of this.listeners) {
      try {
        listener(message);
      } catch {
        // A listener that cannot write (its client went away) is removed by its own close.
      }
    }
  }

  /** Ends every stream; later subscriptions are refused. */
  close(): void {
    this.closed = true;
    for (const close of [...this.closers]) close();
    this.listeners.clear();
    this.closers.clear();
  }
}
