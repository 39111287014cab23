import { watch, type FSWatcher } from 'node:fs';

/**
 * Calls `onChange` once after a burst of changes under `folder` settles (editors write
 * several times per save). Returns a function that stops watching.
 */
export function watchFolder(folder: string, onChange: () => void, settleMs = 150): () => void {
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(folder, { recursive: true }, () => {
      clearTimeout(timer);
      timer = setTimeout(onChange, settleMs);
    });
  } catch {
    return () => undefined;
  }
  watcher.on('error', () => undefined);
  return () => {
    clearTimeout(timer);
    watcher?.close();
  };
}
