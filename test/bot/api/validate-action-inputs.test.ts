import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it, vi } from 'vitest';
import type { SelfServiceAction } from '../../../core/definitions/definition.js';
import { validateActionInputs } from '../../../core/inputs/validate-action-inputs.js';
import { deployAction } from './api-definitions.js';

// core/inputs is shared with the Action; these tests pin its behaviour without HTTP.
describe('validateActionInputs', () => {
  it('applies defaults to missing inputs without touching the given object or the definition', () => {
    const given = { environment: 'dev', version: 'v0.0.1' };
    const result = validateActionInputs(deployAction, given);
    expect(result).toEqual({
      ok: true,
      properties: { environment: 'dev', version: 'v0.0.1', replicas: 2, dryRun: false },
    });
    expect(given).toEqual({ environment: 'dev', version: 'v0.0.1' });
  });

  it('keeps a given value over the default, even a falsy one', () => {
    const result = validateActionInputs(deployAction, {
      environment: 'dev',
      version: 'v0.0.1',
      dryRun: true,
      replicas: 5,
    });
    expect(result.ok && result.properties).toMatchObject({ dryRun: true, replicas: 5 });
  });

  it('accepts Port-only formats as any string', () => {
    const action: SelfServiceAction = {
      ...deployAction,
      trigger: {
        ...deployAction.trigger,
        userInputs: {
          properties: Object.fromEntries(
            [
              'entity',
              'user',
              'team',
              'yaml',
              'markdown',
              'multi-line',
              'labeled-url',
              'proto',
            ].map((format) => [format, { type: 'string', format }]),
          ),
        },
      },
    };
    const inputs = { entity: 'svc', user: 'ada', team: 'core', yaml: 'a: 1', markdown: '# x' };
    expect(validateActionInputs(action, inputs).ok).toBe(true);
    const wrongType = validateActionInputs(action, { team: 3 });
    expect(wrongType).toEqual({
      ok: false,
      problems: [{ path: ['team'], message: 'must be a string' }],
    });
  });

  it('checks ipv4, ipv6 and pattern, and reports a type error alone', () => {
    const action: SelfServiceAction = {
      ...deployAction,
      trigger: {
        ...deployAction.trigger,
        userInputs: {
          properties: {
            v4: { type: 'string', format: 'ipv4' },
            v6: { type: 'string', format: 'ipv6' },
            level: { type: 'number', enum: [1, 2] },
          },
        },
      },
    };
    expect(validateActionInputs(action, { v4: '10.0.0.1', v6: '::1', level: 2 }).ok).toBe(true);
    const result = validateActionInputs(action, { v4: '10.0.0', v6: 'x', level: 'high' });
    expect(result).toEqual({
      ok: false,
      problems: [
        { path: ['v4'], message: 'must be a valid ipv4' },
        { path: ['v6'], message: 'must be a valid ipv6' },
        { path: ['level'], message: 'must be a number' },
      ],
    });
    const pattern = validateActionInputs(deployAction, { environment: 'dev', version: '1.0' });
    expect(pattern.ok).toBe(false);
    expect(!pattern.ok && pattern.problems[0]!.path).toEqual(['version']);
  });

  it('refuses a non-object and never echoes input values', () => {
    expect(validateActionInputs(deployAction, null)).toEqual({
      ok: false,
      problems: [{ path: [], message: 'must be an object of input values' }],
    });
    const result = validateActionInputs(deployAction, {
      environment: 'top-secret-value',
      version: 'v1.0.0',
    });
    expect(JSON.stringify(result)).not.toContain('top-secret-value');
  });

  it('compiles once per definition object', () => {
    const compile = vi.spyOn(Ajv2020.prototype, 'compile');
    try {
      const action = structuredClone(deployAction);
      const first = validateActionInputs(action, { environment: 'dev', version: 'v1.0.0' });
      for (let i = 0; i < 100; i++) {
        validateActionInputs(action, { environment: 'dev', version: 'v1.0.0' });
      }
      expect(first.ok).toBe(true);
      expect(compile).toHaveBeenCalledTimes(1);
      // Another definition object (a reload) compiles anew.
      validateActionInputs(structuredClone(deployAction), { environment: 'dev', version: 'v1' });
      expect(compile).toHaveBeenCalledTimes(2);
    } finally {
      compile.mockRestore();
    }
  });

  it('takes the required list and defaults the caller evaluated', () => {
    const result = validateActionInputs(
      deployAction,
      {},
      { required: ['environment'], defaults: { environment: 'staging' } },
    );
    expect(result).toEqual({
      ok: true,
      properties: { environment: 'staging', replicas: 2, dryRun: false },
    });
  });
});
