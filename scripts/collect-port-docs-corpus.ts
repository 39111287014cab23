/**
 * Collects the automation and self-service action definitions in Port's documentation, in
 * memory (`scripts/check-port-docs.ts` validates them; none is written into this repository,
 * see test/fixtures/port-docs/README.md for why).
 *
 * The docs are a clone of https://github.com/port-labs/port-docs: a bare git directory (its
 * HEAD commit is read) or a checkout folder (its files are read as they are on disk). Every
 * ```json fence in a .md or .mdx file under docs/ is parsed as strict JSON; blocks that are not
 * valid JSON (comments, `...` placeholders) are counted and skipped. A block holding an object
 * with `identifier`, `trigger` and `invocationMethod` (or an array of such objects) is a
 * definition; legacy actions (`"trigger": "CREATE"`) are included. Definitions are
 * deduplicated by content (the first in doc-path order is kept) and named
 * `<doc-path-slug>-<n>.json`, holding the block's own text, dedented.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';

export const CORPUS_FOLDER = join(import.meta.dirname, '../test/fixtures/port-docs');
export const MANIFEST_FILE = 'manifest.json';
/** Files in the corpus folder that are not corpus examples. */
export const NOT_EXAMPLES = [MANIFEST_FILE, 'broken.json'];

const SOURCE_URL = 'https://github.com/port-labs/port-docs';
const DOC_EXTENSIONS = ['.md', '.mdx'];

export interface DocFile {
  /** Path inside the port-docs repository, with forward slashes (docs/…). */
  readonly path: string;
  readonly text: string;
}

export interface JsonBlock {
  readonly doc: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The block's content, dedented by the fence's indentation. */
  readonly text: string;
}

export interface ManifestEntry {
  readonly file: string;
  readonly source: string;
  readonly line: number;
  /** Other places in the docs with the same definition. */
  readonly alsoIn?: { source: string; line: number }[];
}

export interface Counts {
  docFiles: number;
  jsonBlocks: number;
  notValidJson: number;
  /** The blocks that are not valid JSON, by jsonc-parser's code for their first error. */
  notValidJsonByError: Record<string, number>;
  /** Blocks that are not valid JSON but mention invocationMethod: definitions left out. */
  notValidJsonWithInvocationMethod: number;
  definitions: number;
  duplicates: number;
  collected: number;
}

export interface Manifest {
  readonly source: string;
  readonly commit: string | null;
  readonly generatedBy: string;
  readonly counts: Counts;
  readonly files: ManifestEntry[];
}

/** The .md / .mdx files under docs/ of a port-docs git directory (at HEAD) or folder. */
export function readDocs(location: string): { commit: string | null; docs: DocFile[] } {
  if (existsSync(join(location, 'HEAD')) && existsSync(join(location, 'objects'))) {
    return readGitDir(location);
  }
  const root = join(location, 'docs');
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new Error(`${location} is neither a git directory nor a folder with docs/`);
  }
  const docs: DocFile[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && isDoc(entry.name)) {
        docs.push({
          path: relative(location, full).split(sep).join('/'),
          text: readFileSync(full, 'utf8'),
        });
      }
    }
  };
  walk(root);
  return { commit: checkoutCommit(location), docs: docs.sort((a, b) => compare(a.path, b.path)) };
}

/** HEAD of the checkout whose top folder is `folder`, or null (with a warning). */
function checkoutCommit(folder: string): string | null {
  try {
    const top = git(['-C', folder, 'rev-parse', '--show-toplevel']).toString('utf8').trim();
    if (realpathSync(top) === realpathSync(folder)) {
      const dirty = git(['-C', folder, 'status', '--porcelain', '--', 'docs']).length > 0;
      if (dirty) console.warn(`${folder}: docs/ has uncommitted changes, read as they are`);
      return git(['-C', folder, 'rev-parse', 'HEAD']).toString('utf8').trim();
    }
  } catch {
    // not a git checkout
  }
  console.warn(`${folder} is not the top of a git checkout: the manifest's commit is null`);
  return null;
}

function readGitDir(gitDir: string): { commit: string; docs: DocFile[] } {
  const commit = git(['--git-dir', gitDir, 'rev-parse', 'HEAD']).toString('utf8').trim();
  const listing = git(['--git-dir', gitDir, 'ls-tree', '-r', '-z', commit, '--', 'docs'])
    .toString('utf8')
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const [meta, path] = line.split('\t') as [string, string];
      const [, type, oid] = meta.split(' ') as [string, string, string];
      return { type, oid, path };
    })
    .filter((e) => e.type === 'blob' && isDoc(e.path))
    .sort((a, b) => compare(a.path, b.path));
  const out = git(['--git-dir', gitDir, 'cat-file', '--batch'], {
    input: listing.map((e) => `${e.oid}\n`).join(''),
  });
  const docs: DocFile[] = [];
  let offset = 0;
  for (const entry of listing) {
    const headerEnd = out.indexOf(0x0a, offset);
    const header = out.subarray(offset, headerEnd).toString('utf8');
    const size = Number(header.split(' ')[2]);
    if (!Number.isInteger(size)) throw new Error(`git cat-file: unexpected "${header}"`);
    const start = headerEnd + 1;
    docs.push({ path: entry.path, text: out.subarray(start, start + size).toString('utf8') });
    offset = start + size + 1;
  }
  return { commit, docs };
}

function git(args: string[], options: { input?: string } = {}): Buffer {
  return execFileSync('git', args, {
    maxBuffer: 1 << 30,
    stdio: ['pipe', 'pipe', 'pipe'],
    ...options,
  });
}

function isDoc(path: string): boolean {
  return DOC_EXTENSIONS.some((ext) => path.toLowerCase().endsWith(ext));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const OPENING = /^([ \t]*)(`{3,}|~{3,})[ \t]*json(?![\w-])[^\n]*$/;

/** The ```json fenced blocks of one Markdown / MDX document, CommonMark-style. */
export function jsonBlocks(doc: DocFile): JsonBlock[] {
  const lines = doc.text.split(/\r?\n/);
  const blocks: JsonBlock[] = [];
  let open: { indent: number; fence: string; line: number; body: string[] } | undefined;
  let other: string | undefined;
  for (const [index, line] of lines.entries()) {
    if (open) {
      const close = line.match(/^[ \t]*(`{3,}|~{3,})[ \t]*$/);
      if (close && close[1]![0] === open.fence[0] && close[1]!.length >= open.fence.length) {
        blocks.push({ doc: doc.path, line: open.line, text: `${open.body.join('\n')}\n` });
        open = undefined;
      } else {
        open.body.push(dedent(line, open.indent));
      }
      continue;
    }
    if (other) {
      // Inside a fence of another language: only its closing fence matters.
      const close = line.match(/^[ \t]*(`{3,}|~{3,})[ \t]*$/);
      if (close && close[1]![0] === other[0] && close[1]!.length >= other.length) {
        other = undefined;
      }
      continue;
    }
    const opening = line.match(OPENING);
    if (opening) {
      open = { indent: opening[1]!.length, fence: opening[2]!, line: index + 1, body: [] };
      continue;
    }
    const fence = line.match(/^[ \t]*(`{3,}|~{3,})/);
    if (fence) other = fence[1]!;
  }
  // An unclosed fence runs to the end of the document.
  if (open) blocks.push({ doc: doc.path, line: open.line, text: `${open.body.join('\n')}\n` });
  return blocks;
}

/** Removes up to `indent` leading whitespace characters, as CommonMark does in a fence. */
function dedent(line: string, indent: number): string {
  let i = 0;
  while (i < indent && (line[i] === ' ' || line[i] === '\t')) i += 1;
  return line.slice(i);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isDefinition(value: unknown): boolean {
  return (
    isRecord(value) && 'identifier' in value && 'trigger' in value && 'invocationMethod' in value
  );
}

/** `docs/a/b_c.md` → `a-b-c`. */
export function slugOf(docPath: string): string {
  return docPath
    .replace(/^docs\//, '')
    .replace(/\.mdx?$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The corpus files and manifest for a set of docs (no file is written). */
export function collect(
  commit: string | null,
  docs: readonly DocFile[],
): { files: Map<string, string>; manifest: Manifest } {
  const counts: Counts = {
    docFiles: docs.length,
    jsonBlocks: 0,
    notValidJson: 0,
    notValidJsonByError: {},
    notValidJsonWithInvocationMethod: 0,
    definitions: 0,
    duplicates: 0,
    collected: 0,
  };
  const files = new Map<string, string>();
  const entries: (ManifestEntry & { alsoIn: { source: string; line: number }[] })[] = [];
  const byContent = new Map<string, (typeof entries)[number]>();
  const slugs = new Map<string, string>();
  for (const doc of docs) {
    let n = 0;
    for (const block of jsonBlocks(doc)) {
      counts.jsonBlocks += 1;
      let value: unknown;
      try {
        value = JSON.parse(block.text);
      } catch {
        counts.notValidJson += 1;
        const error = firstJsonError(block.text);
        counts.notValidJsonByError[error] = (counts.notValidJsonByError[error] ?? 0) + 1;
        if (block.text.includes('"invocationMethod"')) counts.notValidJsonWithInvocationMethod += 1;
        continue;
      }
      const items = Array.isArray(value) ? value : [value];
      const definitions = items.filter(isDefinition);
      if (definitions.length === 0) continue;
      // An array of definitions is split into one file per definition; a single one keeps
      // the block's own text.
      const single = !Array.isArray(value);
      for (const definition of definitions) {
        counts.definitions += 1;
        const key = JSON.stringify(definition);
        const seen = byContent.get(key);
        if (seen) {
          counts.duplicates += 1;
          seen.alsoIn.push({ source: doc.path, line: block.line });
          continue;
        }
        const slug = slugOf(doc.path);
        const owner = slugs.get(slug);
        if (owner !== undefined && owner !== doc.path) {
          throw new Error(`${owner} and ${doc.path} have the same file name slug "${slug}"`);
        }
        slugs.set(slug, doc.path);
        n += 1;
        const file = `${slug}-${n}.json`;
        files.set(file, single ? block.text : `${JSON.stringify(definition, null, 2)}\n`);
        const entry = { file, source: doc.path, line: block.line, alsoIn: [] };
        entries.push(entry);
        byContent.set(key, entry);
      }
    }
  }
  counts.collected = files.size;
  counts.notValidJsonByError = Object.fromEntries(
    Object.entries(counts.notValidJsonByError).sort(([a], [b]) => compare(a, b)),
  );
  return {
    files,
    manifest: {
      source: SOURCE_URL,
      commit,
      generatedBy: 'scripts/collect-port-docs-corpus.ts',
      counts,
      files: entries.map(({ alsoIn, ...entry }) => (alsoIn.length ? { ...entry, alsoIn } : entry)),
    },
  };
}

/** jsonc-parser's name for the first error in a text that is not valid JSON. */
function firstJsonError(text: string): string {
  const errors: ParseError[] = [];
  parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  return errors[0] ? printParseErrorCode(errors[0].error) : 'Other';
}
