import { describe, expect, it } from 'vitest';
import { ApiError } from './http';

describe('ApiError.isNotFound', () => {
  const error = (status: number, paths: string[] = []) =>
    new ApiError({
      status,
      title: 'x',
      detail: 'x',
      errors: paths.map((path) => ({ path, message: 'bad' })),
    });

  it('is a 404, or a 400 that rejects the named URL parameter', () => {
    expect(error(404).isNotFound('path.id')).toBe(true);
    expect(error(400, ['path.id']).isNotFound('path.id')).toBe(true);
  });

  it('is not a 400 about something else, nor any other failure', () => {
    expect(error(400, ['query.sort']).isNotFound('path.id')).toBe(false);
    expect(error(400).isNotFound('path.id')).toBe(false);
    expect(error(500, ['path.id']).isNotFound('path.id')).toBe(false);
    expect(error(0).isNotFound('path.id')).toBe(false);
  });
});
