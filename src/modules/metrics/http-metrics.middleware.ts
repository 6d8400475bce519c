import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { MetricsService } from './metrics.service.js';

/** Requests no operation handled (404s, body errors before routing) share one label. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The pattern of the route that handled the request. Nest mounts middleware on catch-all
 * routes for every method (`/v1{/*splat}`), which Express leaves in `req.route` when no
 * operation matches; an operation's route answers exactly one method.
 */
function routePattern(req: Request): string {
  const route = req.route as { path: string; methods: Record<string, boolean> } | undefined;
  return route && Object.keys(route.methods).length === 1
    ? `${req.baseUrl}${route.path}`
    : UNMATCHED_ROUTE;
}

/**
 * Times every request from arrival to the end of its response and labels it with the
 * route pattern Express matched, so `/v1/calls/:call_id` is one series whatever the id.
 */
export function httpMetricsMiddleware(metrics: MetricsService): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const route = routePattern(req);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpRequest(req.method, route, res.statusCode, seconds);
    });
    next();
  };
}
