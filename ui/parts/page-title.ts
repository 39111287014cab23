import { useEffect } from 'preact/hooks';

/** Sets the tab's title: `TITLE · switchyard`. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · switchyard`;
  }, [title]);
}
