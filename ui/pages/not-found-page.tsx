import { usePageTitle } from '../parts/page-title.js';

export function NotFoundPage({ path }: { path: string }) {
  usePageTitle('Not found');
  return (
    <>
      <h1>Page not found</h1>
      <p>
        There is no page at <code>{path}</code>. Go to the <a href="/runs">runs</a>.
      </p>
    </>
  );
}
