import { Module } from '@nestjs/common';
import { ScopeGuard } from '../../common/auth/scope.guard.js';
import { ApiKeysModule } from '../api-keys/api-keys.module.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { ApiKeyAuthenticator } from './api-key-authenticator.service.js';
import { ApiKeyGuard } from './api-key.guard.js';
import { FailedKeyLimit } from './failed-key-limit.service.js';

/**
 * Who is calling: the authenticator with its key cache, the per-IP limit of failed keys and the
 * global API-key guard (registered before the scope guard, in order, by AppModule). It sits above
 * the api-keys and organizations modules: it reads keys through ApiKeysService and hears of key
 * and organization changes through their `onChange`. The scope guard, the scopes and the
 * `@Authenticated`/`@Auth` decorators are in `common/auth`, so those modules use them without
 * importing this one.
 */
@Module({
  imports: [ApiKeysModule, OrganizationsModule],
  providers: [ApiKeyAuthenticator, FailedKeyLimit, ApiKeyGuard, ScopeGuard],
  exports: [ApiKeyAuthenticator, FailedKeyLimit, ApiKeyGuard, ScopeGuard],
})
export class AuthModule {}
