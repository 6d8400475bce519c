import type { DiscoverableDecorator, DiscoveryService } from '@nestjs/core';

export interface DiscoveredProvider<M> {
  instance: object;
  /** What the decorator recorded on the provider's class. */
  metadata: M;
  /** The class name, for logs. */
  name: string;
}

/**
 * Every provider whose class carries `decorator`: one made with `DiscoveryService.createDecorator`,
 * or the metadata key of a library's class decorator (`@Processor` of @nestjs/bull).
 *
 * It reads each provider's class rather than asking `getProviders({ metadataKey })`, because Nest
 * links a class to one discoverable decorator only, and one class may carry two (the roll-ups are
 * a completion participant and a score listener). A provider exported under a second token is
 * returned once.
 */
export function discoverProviders<M>(
  discovery: DiscoveryService,
  decorator: DiscoverableDecorator<M> | string,
): DiscoveredProvider<M>[] {
  const key = typeof decorator === 'string' ? decorator : decorator.KEY;
  const seen = new Set<object>();
  const found: DiscoveredProvider<M>[] = [];
  for (const wrapper of discovery.getProviders()) {
    const instance = wrapper.instance as object | null | undefined;
    // The instance's class, not the wrapper's metatype: that is a factory for `useFactory` providers.
    const type = instance?.constructor as (new (...args: never[]) => object) | undefined;
    if (!instance || typeof type !== 'function' || seen.has(instance)) continue;
    const metadata = Reflect.getMetadata(key, type) as M | undefined;
    if (metadata === undefined) continue;
    seen.add(instance);
    found.push({ instance, metadata, name: type.name });
  }
  return found;
}

/**
 * The one provider whose class carries `decorator`, for a port a feature implements for a module
 * it cannot import (the calls module reads contacts and tasks through such ports). Call it after
 * every module is built: on first use, not in a constructor.
 */
export function discoverOne<T>(
  discovery: DiscoveryService,
  decorator: Pick<DiscoverableDecorator<unknown>, 'KEY'>,
  decoratorName: string,
): T {
  const found = discoverProviders(discovery, decorator.KEY);
  if (found.length !== 1)
    throw new Error(`Expected one @${decoratorName}() provider, found ${found.length}`);
  return found[0].instance as T;
}
