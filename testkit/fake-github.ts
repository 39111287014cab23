import { actionRoutes } from './fake-github-action-routes.js';
import { appRoutes } from './fake-github-app-routes.js';
import { commentRoutes } from './fake-github-comment-routes.js';
import { repositoryRoutes } from './fake-github-repository-routes.js';
import { FakeGithubServer } from './fake-github-server.js';

export type { FakeComment, PushResult, RecordedRequest } from './fake-github-server.js';

/** The one GitHub fake of the tests and benchmarks: `FakeGithubServer` with every endpoint. */
export class FakeGithub extends FakeGithubServer {
  constructor() {
    super([...appRoutes, ...repositoryRoutes, ...actionRoutes, ...commentRoutes]);
  }
}
