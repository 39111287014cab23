import type { ApplicationFunction } from 'probot';
import type { BotContext } from '../bot-context.js';
import type { GithubSync } from '../sync/github-sync.js';
import { closeWorkflowRun } from '../github/close-workflow-run.js';
import type { InstallationSender } from '../github/installation-sender.js';
import {
  onInstalled,
  onPush,
  onRepositoriesChanged,
  onUninstalled,
} from '../sync/sync-webhooks.js';

/**
 * The Probot app: registers GitHub webhook handlers and hands over to plain modules —
 * repository sync (push, installation, installation_repositories) and workflow status
 * reporting (workflow_run completed).
 */
export function githubApp(
  ctx: BotContext,
  sync: GithubSync,
  sender: InstallationSender,
): ApplicationFunction {
  return (app) => {
    app.onAny(async (context) => {
      ctx.log.debug({ event: context.name, id: context.id }, 'GitHub webhook received');
    });
    app.on('push', (context) => onPush(sync, context.payload));
    app.on(
      ['installation.created', 'installation.new_permissions_accepted', 'installation.unsuspend'],
      (context) => onInstalled(sync, sender, context.payload),
    );
    app.on(['installation.deleted', 'installation.suspend'], (context) =>
      onUninstalled(sync, sender, context.payload),
    );
    app.on(['installation_repositories.added', 'installation_repositories.removed'], (context) =>
      onRepositoriesChanged(sync, sender, context.payload),
    );
    app.on('workflow_run.completed', async (context) => {
      await closeWorkflowRun(ctx, context.payload);
    });
    app.onError(async (error) => {
      ctx.log.error({ err: error }, 'GitHub webhook handler failed');
    });
  };
}
