import { describe, expect, it } from 'vitest';
import { gitlabTokenOf } from '../../../bot/gitlab/gitlab-token-of.js';

describe('gitlabTokenOf', () => {
  it('reads SWITCHYARD_GITLAB_TOKEN_<variable>, then <variable>, then the secret <variable>', () => {
    const env = { SWITCHYARD_GITLAB_TOKEN_g_p: 'first', g_p: 'second', g_q: 'agent-style' };
    const secrets = { g_p: 'third', g_r: 'from-secret' };
    expect(gitlabTokenOf('g_p', env, secrets)).toBe('first');
    expect(gitlabTokenOf('g_q', env, secrets)).toBe('agent-style');
    expect(gitlabTokenOf('g_r', env, secrets)).toBe('from-secret');
    expect(gitlabTokenOf('g_s', env, secrets)).toBeUndefined();
    expect(gitlabTokenOf('g_s', { g_s: '  ' }, {})).toBeUndefined();
  });
  it('follows a {{ .secrets.NAME }} reference and names the variable when the secret is missing', () => {
    const env = {
      a_b: '{{ .secrets.SHARED }}',
      c_d: '{{.secrets["with-dash"]}}',
      e_f: '{{ .secrets.NOPE }}',
    };
    const secrets = { SHARED: 'glptt-shared', 'with-dash': 'glptt-dash' };
    expect(gitlabTokenOf('a_b', env, secrets)).toBe('glptt-shared');
    expect(gitlabTokenOf('c_d', env, secrets)).toBe('glptt-dash');
    expect(gitlabTokenOf('e_f', env, secrets)).toEqual({
      error: expect.stringContaining('set the environment variable SWITCHYARD_SECRET_NOPE'),
    });
  });
});
