/** Whether a run passes: no errors, no render errors in previews, and no warnings when strict. */
export function isValid(
  errors: number,
  warnings: number,
  previewErrors: number,
  strict: boolean,
): boolean {
  return errors === 0 && previewErrors === 0 && !(strict && warnings > 0);
}
