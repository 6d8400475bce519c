import { ErrorCode } from '../errors/error-code.js';
import { bodyProblem, MAX_JSON_DEPTH } from './body-parsing.middleware.js';

const nested = (levels: number): unknown =>
  JSON.parse(`${'['.repeat(levels)}${']'.repeat(levels)}`);

describe(bodyProblem.name, () => {
  it('accepts a body nested exactly MAX_JSON_DEPTH levels deep and refuses one level more', () => {
    expect(bodyProblem(nested(MAX_JSON_DEPTH))).toBeUndefined();
    expect(bodyProblem(nested(MAX_JSON_DEPTH + 1))).toMatchObject({
      code: ErrorCode.BadRequest,
      details: { max_depth: MAX_JSON_DEPTH },
    });
  });

  it('walks a million levels without exhausting the call stack', () => {
    expect(bodyProblem(nested(1_000_000))?.code).toBe(ErrorCode.BadRequest);
  });

  it('names the first bad field in document order', () => {
    const problem = bodyProblem({ a: 'fine', b: { c: 'nul\u0000' }, d: '\uD800' });
    expect(problem?.details).toEqual({
      field: 'b.c',
      expected: 'text without NUL characters or unpaired surrogates',
    });
  });

  it.each(['__proto__', 'constructor', 'prototype', 'hasOwnProperty'])(
    'refuses the key %s as an unknown field, at any depth',
    (key) => {
      const problem = bodyProblem(JSON.parse(`{"metadata": {"ok": 1, "${key}": 2}}`));
      expect(problem).toMatchObject({
        code: ErrorCode.ValidationError,
        message: `Unknown field metadata.${key}`,
        details: { field: `metadata.${key}`, expected: 'no such field' },
      });
    },
  );

  it('leaves ordinary bodies alone', () => {
    expect(
      bodyProblem({ name: 'Acme', tags: ['a', 'b'], n: 1, nested: { x: null } }),
    ).toBeUndefined();
    expect(bodyProblem(undefined)).toBeUndefined();
  });
});
