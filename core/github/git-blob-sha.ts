import { createHash } from 'node:crypto';

/** The git object id of a file's content (`git hash-object`), to skip fetching unchanged blobs. */
export function gitBlobSha(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}
