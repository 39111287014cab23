import {
  DefinitionPathError,
  loadDefinitionFiles,
} from '../../../core/definitions/load-definition-files.js';
import {
  validateDefinitions,
  type DefinitionFile,
  type ValidationReport,
} from '../../../core/definitions/validate-definitions.js';
import type { JqEngine } from '../../../core/jq/jq-engine.js';

export interface HeadDefinitions {
  readonly files: DefinitionFile[];
  readonly validation: ValidationReport;
  /** Set when the definitions path does not exist in the checkout. */
  readonly missing: boolean;
}

/** Reads and validates the definitions in the checked-out workspace (paths relative to it). */
export async function loadHead(
  workspace: string,
  path: string,
  eventsFolder: string,
  jq: JqEngine,
): Promise<HeadDefinitions> {
  let files: DefinitionFile[] = [];
  let missing = false;
  try {
    files = await loadDefinitionFiles([path], { eventsFolder, cwd: workspace });
  } catch (error) {
    if (!(error instanceof DefinitionPathError)) throw error;
    missing = true;
  }
  return { files, validation: await validateDefinitions(files, jq), missing };
}

/** The note shown when the definitions path is not in the checkout. */
export function missingNote(path: string): string {
  return `\`${path}\` does not exist in the checkout: no definitions were read. Set the \`path\` input to your definitions folder.`;
}
