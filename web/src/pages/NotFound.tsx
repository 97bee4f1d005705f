import { useHead } from '../lib/head';

export function NotFound({ what = 'page' }: { what?: string }) {
  useHead('Not found', `This ${what} does not exist.`);
  return (
    <section class="empty-state">
      <h1>We could not find that {what}</h1>
      <p>It may have moved or been taken off sale.</p>
      <p>
        <a class="button" href="/">
          Back to the shop
        </a>
      </p>
    </section>
  );
}
