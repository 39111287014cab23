import { read, type DefinitionRule } from '../rule-context.js';

/** Port treats a missing `publish` as true; say so, since `publish: false` is how one disables an automation. */
export const publishMissing: DefinitionRule = ({ definition, report }) => {
  if (definition.publish !== undefined || read(definition, 'trigger', 'type') !== 'automation')
    return;
  report(
    'publish-missing',
    'warning',
    [],
    '"publish" is not set, so it defaults to true and the automation is active: write "publish": true (or false to disable it) to make that explicit',
  );
};
