import { AppError } from '../../../common/errors/app-error.js';
import { validateDtoOrThrow } from '../../../common/validation/validate-dto.js';
import { parseUserIds, TeamMetricsQueryDto } from './team-metrics-query.dto.js';

describe(TeamMetricsQueryDto.name, () => {
  describe(parseUserIds.name, () => {
    it('trims, drops blanks and duplicates, keeping first-seen order', () => {
      expect(parseUserIds(' u_b, u_a ,,u_b, ')).toEqual(['u_b', 'u_a']);
    });

    it('accepts the parameter repeated as well as comma-separated', () => {
      expect(parseUserIds(['u_a,u_b', 'u_c', 'u_a'])).toEqual(['u_a', 'u_b', 'u_c']);
    });

    it('treats nothing but blanks as no filter', () => {
      expect(parseUserIds(' , ,')).toBeUndefined();
    });

    it('leaves anything else for the validators', () => {
      const value = { x: 'u_a' };
      expect(parseUserIds(value)).toBe(value);
    });
  });

  it('accepts 100 distinct ids, duplicates not counted', async () => {
    const ids = Array.from({ length: 100 }, (_, i) => `u_${i}`);
    const sut = await validateDtoOrThrow(TeamMetricsQueryDto, {
      user_ids: [...ids, ...ids].join(','),
    });
    expect(sut.user_ids).toHaveLength(100);
  });

  it('refuses 101 distinct ids, naming user_ids', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => `u_${i}`).join(',');
    const sut = validateDtoOrThrow(TeamMetricsQueryDto, { user_ids: ids });
    await expect(sut).rejects.toBeInstanceOf(AppError);
    await expect(sut).rejects.toMatchObject({
      details: { field: 'user_ids', expected: 'at most 100 distinct ids' },
    });
  });

  it('refuses an object for user_ids and a date that is not ISO 8601', async () => {
    await expect(
      validateDtoOrThrow(TeamMetricsQueryDto, { user_ids: { a: 'b' } }),
    ).rejects.toMatchObject({ details: { field: 'user_ids' } });
    await expect(
      validateDtoOrThrow(TeamMetricsQueryDto, { start_date: '03/01/2025' }),
    ).rejects.toMatchObject({ details: { field: 'start_date', expected: 'ISO 8601 format' } });
  });
});
