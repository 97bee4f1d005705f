import { useEffect } from 'preact/hooks';

const SITE = 'Shop';
const DEFAULT_DESCRIPTION = 'Shoes, jackets, headphones, coffee, camping gear and more, delivered fast.';

/** The document title and meta description of the page on screen, set on every navigation. */
export function setHead(title: string, description = DEFAULT_DESCRIPTION): void {
  document.title = title ? `${title} · ${SITE}` : SITE;
  let meta = document.querySelector<HTMLMetaElement>('meta[name="description"]');
  if (!meta) {
    meta = document.createElement('meta');
    meta.name = 'description';
    document.head.append(meta);
  }
  meta.content = description.length > 160 ? `${description.slice(0, 157).trimEnd()}…` : description;
}

export function useHead(title: string, description?: string): void {
  useEffect(() => setHead(title, description), [title, description]);
}
