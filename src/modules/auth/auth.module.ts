import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../api-keys/api-keys.module.js';
import { ApiKeyAuthenticator } from './api-key-authenticator.service.js';
import { ApiKeyGuard } from './api-key.guard.js';
import { FailedKeyLimit } from './failed-key-limit.service.js';
import { ScopeGuard } from './scope.guard.js';

/**
 * Who is calling and what they may do: the authenticator and the per-IP limit of failed
 * keys behind the global API-key and scope guards (registered, in order, by AppModule). Key management lives in ApiKeysModule,
 * whose service the authenticator reads keys through.
 */
@Module({
  imports: [ApiKeysModule],
  providers: [ApiKeyAuthenticator, FailedKeyLimit, ApiKeyGuard, ScopeGuard],
  exports: [ApiKeyAuthenticator, FailedKeyLimit, ApiKeyGuard, ScopeGuard],
})
export class AuthModule {}
