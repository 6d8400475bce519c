import type { Scope } from './scopes.js';

/**
 * What the scope guard and the decorators here need of the caller. ApiKeyGuard attaches the
 * whole `AuthContext` (api-keys module), which has these fields and more; keeping only these
 * here lets every module, key management included, use the decorators without importing
 * the modules that authenticate.
 */
export interface Caller {
  organization: { id: string };
  apiKey: { id: string; scopes: readonly Scope[] };
}

const AUTH = Symbol('aila.auth');

export function attachAuth(req: object, caller: Caller): void {
  (req as Record<symbol, Caller>)[AUTH] = caller;
}

export function authOf(req: object): Caller | undefined {
  return (req as Record<symbol, Caller | undefined>)[AUTH];
}
