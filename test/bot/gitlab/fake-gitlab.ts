import { json, startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';

export interface FakeProject {
  readonly id: number;
  /** `group/sub/project`. */
  readonly path: string;
  readonly defaultBranch: string;
  readonly branches: readonly string[];
  /** Pipeline trigger tokens that work for this project. */
  readonly triggerTokens: readonly string[];
  /** Tokens GitLab would answer 401 for (e.g. a job token without access). */
  readonly unauthorizedTokens?: readonly string[];
}

export interface TriggeredPipeline {
  readonly id: number;
  readonly projectId: number;
  readonly ref: string;
  readonly variables: Record<string, string>;
  readonly webUrl: string;
}

export interface FakeGitlab extends LoopbackServer {
  readonly pipelines: TriggeredPipeline[];
  /** A Pipeline Hook body for a triggered pipeline, as GitLab sends it. */
  hookBody(pipeline: TriggeredPipeline, status: string): Record<string, unknown>;
}

export const READ_TOKEN = 'glpat-read-only-for-tests';

const TRIGGER = /^\/api\/v4\/projects\/([^/]+)\/trigger\/pipeline$/;
const PROJECT = /^\/api\/v4\/projects\/([^/?]+)$/;

/**
 * A loopback server answering GitLab's pipeline trigger API and `GET /projects/:id` the way
 * GitLab does (spec §2): 201 with the pipeline object; 404 `{"message":"404 Project Not Found"}`
 * for an unknown project, 404 `{"message":"404 Not Found"}` for a wrong trigger token, 401 for
 * a token without access; 400 `{"message":{"base":["Reference not found"]}}` for a bad ref and
 * 400 for a variable that is not a string.
 */
export async function startFakeGitlab(projects: readonly FakeProject[]): Promise<FakeGitlab> {
  const pipelines: TriggeredPipeline[] = [];
  let nextId = 1000;
  const find = (id: string) => {
    const decoded = decodeURIComponent(id);
    return projects.find((p) => p.path === decoded || String(p.id) === decoded);
  };
  const server = await startLoopbackServer((req, res) => {
    const path = req.url.split('?')[0]!;
    const trigger = TRIGGER.exec(path);
    if (trigger && req.method === 'POST') {
      const project = find(trigger[1]!);
      if (!project) return json(res, 404, { message: '404 Project Not Found' });
      let body: { token?: unknown; ref?: unknown; variables?: unknown };
      try {
        body = JSON.parse(req.body || '{}');
      } catch {
        return json(res, 400, { error: 'The request body is not valid JSON' });
      }
      if (typeof body.token !== 'string' || body.token === '')
        return json(res, 400, { error: 'token is missing' });
      if (project.unauthorizedTokens?.includes(body.token))
        return json(res, 401, { message: '401 Unauthorized' });
      if (!project.triggerTokens.includes(body.token))
        return json(res, 404, { message: '404 Not Found' });
      if (typeof body.ref !== 'string' || body.ref === '')
        return json(res, 400, { error: 'ref is missing' });
      const variables = (body.variables ?? {}) as Record<string, unknown>;
      if (Object.values(variables).some((value) => typeof value !== 'string'))
        return json(res, 400, { error: 'variables is invalid' });
      if (!project.branches.includes(body.ref))
        return json(res, 400, { message: { base: ['Reference not found'] } });
      const id = nextId++;
      const webUrl = `https://gitlab.example.com/${project.path}/-/pipelines/${id}`;
      const pipeline = {
        id,
        projectId: project.id,
        ref: body.ref,
        variables: variables as Record<string, string>,
        webUrl,
      };
      pipelines.push(pipeline);
      return json(res, 201, {
        id,
        iid: pipelines.length,
        project_id: project.id,
        sha: 'a91957a858320c0e17f3a0eca7cfacbff50ea29a',
        ref: body.ref,
        status: 'created',
        source: 'trigger',
        created_at: new Date().toISOString(),
        updated_at: new Date().toISOString(),
        web_url: webUrl,
        before_sha: '0000000000000000000000000000000000000000',
        tag: false,
        yaml_errors: null,
        user: { id: 1, username: 'trigger-owner', name: 'Trigger Owner' },
        detailed_status: { icon: 'status_created', text: 'created', label: 'created' },
      });
    }
    const projectPath = PROJECT.exec(path);
    if (projectPath && req.method === 'GET') {
      if (req.headers['private-token'] !== READ_TOKEN)
        return json(res, 401, { message: '401 Unauthorized' });
      const project = find(projectPath[1]!);
      if (!project) return json(res, 404, { message: '404 Project Not Found' });
      return json(res, 200, {
        id: project.id,
        path_with_namespace: project.path,
        default_branch: project.defaultBranch,
        web_url: `https://gitlab.example.com/${project.path}`,
      });
    }
    json(res, 404, { error: '404 Not Found' });
  });
  return Object.assign(server, {
    pipelines,
    hookBody(pipeline: TriggeredPipeline, status: string) {
      const project = projects.find((p) => p.id === pipeline.projectId)!;
      return {
        object_kind: 'pipeline',
        object_attributes: {
          id: pipeline.id,
          iid: 1,
          name: null,
          ref: pipeline.ref,
          tag: false,
          sha: 'a91957a858320c0e17f3a0eca7cfacbff50ea29a',
          source: 'trigger',
          status,
          detailed_status: status,
          stages: ['build', 'deploy'],
          created_at: '2026-01-01 10:00:00 UTC',
          finished_at: '2026-01-01 10:05:00 UTC',
          duration: 300,
          variables: Object.entries(pipeline.variables).map(([key, value]) => ({ key, value })),
          url: pipeline.webUrl,
        },
        project: {
          id: project.id,
          name: project.path.split('/').pop(),
          path_with_namespace: project.path,
          web_url: `https://gitlab.example.com/${project.path}`,
        },
        user: { id: 1, name: 'Trigger Owner', username: 'trigger-owner' },
        builds: [],
      };
    },
  });
}
