import { Injectable } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { discoverProviders } from './discover-providers.js';

const Step = DiscoveryService.createDecorator<number>();
const Listener = DiscoveryService.createDecorator();

@Injectable()
@Step(20)
class SecondStep {}

@Injectable()
@Step(10)
class FirstStep {}

@Injectable()
@Step(30)
@Listener()
class StepAndListener {}

@Injectable()
class Unmarked {}

@Step(40)
class BuiltByFactory {}

const LEGACY_KEY = 'library:marker';

@Injectable()
class MarkedByKey {}
Reflect.defineMetadata(LEGACY_KEY, { queue: 'calls' }, MarkedByKey);

describe(discoverProviders.name, () => {
  let discovery: DiscoveryService;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [DiscoveryModule],
      providers: [
        SecondStep,
        FirstStep,
        StepAndListener,
        Unmarked,
        MarkedByKey,
        { provide: 'alias', useExisting: FirstStep },
        { provide: 'factory', useFactory: () => new BuiltByFactory() },
        { provide: 'value', useValue: Object.create(null) as object },
      ],
    }).compile();
    discovery = moduleRef.get(DiscoveryService);
  });

  it('finds each marked provider once, with its metadata, whichever way it was provided', () => {
    const found = discoverProviders(discovery, Step)
      .map((p) => [p.name, p.metadata] as const)
      .sort((a, b) => a[1] - b[1]);

    expect(found).toEqual([
      ['FirstStep', 10],
      ['SecondStep', 20],
      ['StepAndListener', 30],
      ['BuiltByFactory', 40],
    ]);
  });

  it('finds a class by each of the discoverable decorators it carries', () => {
    expect(discoverProviders(discovery, Listener).map((p) => p.instance)).toEqual([
      discovery.getProviders().find((w) => w.metatype === StepAndListener)!.instance,
    ]);
  });

  it('finds classes by a plain metadata key too', () => {
    const [found] = discoverProviders<{ queue: string }>(discovery, LEGACY_KEY);
    expect(found.metadata).toEqual({ queue: 'calls' });
    expect(found.instance).toBeInstanceOf(MarkedByKey);
  });
});
