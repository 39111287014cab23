import type { Bot } from '../../../bot/create-bot.js';
import type { RunRecord } from '../../../bot/store/run-record.js';
import { entity, entityEvent } from '../../helpers/sample-events.js';
import { signedPost } from '../../helpers/signed-post.js';
import { EVENTS_SECRET } from '../../helpers/start-test-bot.js';
import { waitFor } from '../../helpers/wait-for.js';
import type { FakeProject } from './fake-gitlab.js';

export const DEPLOYER: FakeProject = {
  id: 42,
  path: 'platform/infra/deployer',
  defaultBranch: 'develop',
  branches: ['main', 'develop', 'release', 'feature-x'],
  triggerTokens: ['glptt-deployer'],
  unauthorizedTokens: ['glcbt-job-token'],
};
export const SITE: FakeProject = {
  id: 77,
  path: 'web/site',
  defaultBranch: 'trunk',
  branches: ['trunk', 'main'],
  triggerTokens: ['glptt-site'],
};

/** A GITLAB automation on ENTITY_UPDATED of `blueprint`. */
export function gitlabAutomation(
  identifier: string,
  blueprint: string,
  method: Record<string, unknown>,
): Record<string, unknown> {
  return {
    identifier,
    trigger: {
      type: 'automation',
      event: { type: 'ENTITY_UPDATED', blueprintIdentifier: blueprint },
    },
    invocationMethod: { type: 'GITLAB', ...method },
    publish: true,
  };
}

/** Posts an ENTITY_UPDATED event of `blueprint`; returns the ids of the runs it started. */
export async function updateEntity(
  bot: Bot,
  blueprint: string,
  properties: Record<string, unknown>,
): Promise<string[]> {
  const after = entity(blueprint, `${blueprint}-1`, properties);
  const answer = await signedPost(
    `${bot.url}/v1/events`,
    entityEvent('UPDATE', blueprint, { ...after, properties: {} }, after),
    EVENTS_SECRET,
  );
  if (answer.status !== 202) throw new Error(`events answered ${answer.status}`);
  return answer.json.runs as string[];
}

/** Waits until the dispatcher has handled the run (a link, an external id, or an end). */
export function delivered(bot: Bot, runId: string): Promise<RunRecord> {
  return waitFor(
    async () => {
      const run = await bot.ctx.store.getRun(runId);
      return run && (run.externalRunId !== null || run.endedAt !== null) ? run : undefined;
    },
    10_000,
    `delivery of ${runId}`,
  );
}

export async function logsOf(bot: Bot, runId: string): Promise<string[]> {
  return (await bot.ctx.store.listRunLogs(runId)).map((log) => log.message);
}
