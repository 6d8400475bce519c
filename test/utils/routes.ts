import type { INestApplication } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { PUBLIC_ROUTE, REQUIRED_SCOPE } from '../../src/common/auth/authenticated.decorator.js';

export interface AppRoute {
  method: string;
  /** In the spec's form: without the /v1 prefix, `{param}` placeholders. */
  path: string;
  scope: string | null;
  isPublic: boolean;
}

/** Every route the app registers, read from Nest's own controller metadata. */
export function appRoutes(app: INestApplication): AppRoute[] {
  const discovery = app.get(DiscoveryService);
  const scanner = app.get(MetadataScanner);
  return discovery.getControllers().flatMap((wrapper) => {
    const controller = wrapper.metatype as new (...args: unknown[]) => object;
    const prototype = controller.prototype as Record<string, (...args: unknown[]) => unknown>;
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    return scanner.getAllMethodNames(prototype).flatMap((name) => {
      const handler = prototype[name];
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (method === undefined || sub === undefined) return [];
      const full = `/${[base, sub]
        .map((p) => p.replace(/^\/|\/$/g, ''))
        .filter(Boolean)
        .join('/')}`;
      const path = full.replace(/:([A-Za-z_]+)/g, '{$1}');
      const scope = (Reflect.getMetadata(REQUIRED_SCOPE, handler) ??
        Reflect.getMetadata(REQUIRED_SCOPE, controller) ??
        null) as string | null;
      const isPublic = Boolean(
        Reflect.getMetadata(PUBLIC_ROUTE, handler) ?? Reflect.getMetadata(PUBLIC_ROUTE, controller),
      );
      return [{ method: RequestMethod[method].toLowerCase(), path, scope, isPublic }];
    });
  });
}

interface RouterLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** Every route as Express serves it, prefix included (`get /v1/calls/:call_id`). */
export function servedRoutes(app: INestApplication): Set<string> {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: RouterLayer[] } };
  return new Set(
    express.router.stack.flatMap(({ route }) =>
      route ? Object.keys(route.methods).map((method) => `${method} ${route.path}`) : [],
    ),
  );
}
