import { useEffect } from 'preact/hooks';

/** The document title of the screen on show, so tabs and history entries say which screen they are. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Shop admin` : 'Shop admin';
  }, [title]);
}
