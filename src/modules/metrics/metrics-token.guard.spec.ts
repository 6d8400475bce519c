import type { ExecutionContext } from '@nestjs/common';
import type { ConfigService } from '@nestjs/config';
import { AppError } from '../../common/errors/app-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { MetricsTokenGuard } from './metrics-token.guard.js';

const TOKEN = 'scrape-token-0123456789';

const guard = (token: string | undefined) =>
  new MetricsTokenGuard({
    get: () => token,
  } as unknown as ConfigService<EnvironmentVariables, true>);

const request = (authorization?: string) =>
  ({
    switchToHttp: () => ({ getRequest: () => ({ headers: { authorization } }) }),
  }) as unknown as ExecutionContext;

describe(MetricsTokenGuard.name, () => {
  it('lets every scrape through when no token is configured', () => {
    const sut = guard(undefined);
    expect(sut.canActivate(request())).toBe(true);
  });

  it('takes the configured token as a Bearer token', () => {
    const sut = guard(TOKEN);
    expect(sut.canActivate(request(`Bearer ${TOKEN}`))).toBe(true);
    expect(sut.canActivate(request(`bearer ${TOKEN}`))).toBe(true);
  });

  it.each([undefined, 'Bearer wrong', TOKEN, `Basic ${TOKEN}`, `Bearer ${TOKEN}x`])(
    'refuses %p with 401 UNAUTHORIZED',
    (authorization) => {
      const sut = guard(TOKEN);
      let refusal: unknown;
      try {
        sut.canActivate(request(authorization));
      } catch (err) {
        refusal = err;
      }
      expect(refusal).toBeInstanceOf(AppError);
      expect((refusal as AppError).code).toBe(ErrorCode.Unauthorized);
    },
  );
});
