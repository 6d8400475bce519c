import { startLocalHttpServer } from '../../../common/net/testing/local-http-server.js';
import {
  AILA_TASK_ID_PROPERTY,
  createHubSpotTask,
  ensureAilaTaskIdProperty,
  findHubSpotTask,
  HubSpotError,
  type CreateHubSpotTaskParams,
} from './hubspot-client.js';
import { startFakeHubSpot, type FakeHubSpot } from './testing/fake-hubspot-server.js';

describe(createHubSpotTask.name, () => {
  const sut = createHubSpotTask;
  const accessToken = 'pat-na1-11111111-2222-3333-4444-555555555555';
  let hubspot: FakeHubSpot;

  function params(overrides: Partial<CreateHubSpotTaskParams> = {}): CreateHubSpotTaskParams {
    return {
      baseUrl: hubspot.url,
      accessToken,
      allowPrivate: true,
      task: {
        ailaTaskId: 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b',
        subject: 'Send the loan estimate',
        body: 'Promised on the call of 3 March: send the loan estimate by Friday.',
        dueAt: new Date('2025-03-07T17:00:00.000Z'),
        status: 'NOT_STARTED',
        priority: 'HIGH',
        contactId: '51',
      },
      ...overrides,
    };
  }

  async function failure(attempt: Promise<unknown>): Promise<HubSpotError> {
    const error = await attempt.then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(HubSpotError);
    return error as HubSpotError;
  }

  beforeEach(async () => {
    hubspot = await startFakeHubSpot({
      accessToken,
      contactIds: ['51'],
      customTaskProperties: [AILA_TASK_ID_PROPERTY],
    });
  });

  afterEach(() => hubspot.close());

  it('creates the task with its properties and the contact association', async () => {
    const result = await sut(params());

    expect(hubspot.tasks).toEqual([
      {
        id: result.id,
        createdAt: expect.any(String),
        body: {
          properties: {
            hs_task_subject: 'Send the loan estimate',
            hs_task_body: 'Promised on the call of 3 March: send the loan estimate by Friday.',
            hs_timestamp: '2025-03-07T17:00:00.000Z',
            hs_task_status: 'NOT_STARTED',
            hs_task_priority: 'HIGH',
            aila_task_id: 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b',
          },
          associations: [
            {
              to: { id: '51' },
              types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 204 }],
            },
          ],
        },
      },
    ]);
    expect(hubspot.requests[0].authorization).toBe(`Bearer ${accessToken}`);
  });

  it('uses the sync time as due date when there is none, and no association without a contact', async () => {
    const task = {
      ...params().task,
      dueAt: null,
      contactId: undefined,
      status: 'COMPLETED' as const,
    };

    await sut(params({ task, now: () => new Date('2025-03-03T10:00:00.000Z') }));

    expect(hubspot.tasks[0].body).toMatchObject({
      properties: { hs_timestamp: '2025-03-03T10:00:00.000Z', hs_task_status: 'COMPLETED' },
      associations: [],
    });
  });

  it('accepts a base URL with a trailing slash', async () => {
    const result = await sut(params({ baseUrl: `${hubspot.url}/` }));

    expect(result.id).toBe(hubspot.tasks[0].id);
  });

  it('fails permanently on a bad token', async () => {
    const error = await failure(sut(params({ accessToken: 'expired' })));

    expect(error).toMatchObject({
      permanent: true,
      status: 401,
      category: 'INVALID_AUTHENTICATION',
    });
    expect(error.message).not.toContain('expired');
    expect(hubspot.tasks).toEqual([]);
  });

  it('fails permanently on a body HubSpot rejects', async () => {
    const task = { ...params().task, priority: 'URGENT' as never };

    const error = await failure(sut(params({ task })));

    expect(error).toMatchObject({ permanent: true, status: 400, category: 'VALIDATION_ERROR' });
    expect(error.message).toContain('hs_task_priority');
  });

  it('fails permanently when the contact does not exist', async () => {
    const task = { ...params().task, contactId: '999' };

    const error = await failure(sut(params({ task })));

    expect(error).toMatchObject({ permanent: true, status: 400 });
    expect(error.message).toContain('No contact with id 999');
  });

  it('fails permanently on 404', async () => {
    const error = await failure(sut(params({ baseUrl: `${hubspot.url}/wrong-prefix` })));

    expect(error).toMatchObject({ permanent: true, status: 404 });
  });

  it('is transient on 429 and passes on Retry-After', async () => {
    hubspot.failNext(429, 10);

    const error = await failure(sut(params()));

    expect(error).toMatchObject({ permanent: false, status: 429, retryAfterMs: 10_000 });
  });

  it('is transient on 5xx', async () => {
    hubspot.failNext(502);

    const error = await failure(sut(params()));

    expect(error).toMatchObject({ permanent: false, status: 502, retryAfterMs: null });
  });

  it('is transient when HubSpot cannot be reached', async () => {
    const gone = await startLocalHttpServer(() => undefined);
    await gone.close();

    const error = await failure(sut(params({ baseUrl: gone.url })));

    expect(error).toMatchObject({ permanent: false, status: null });
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('is transient on a time-out', async () => {
    const stalled = await startLocalHttpServer(() => undefined);

    const error = await failure(sut(params({ baseUrl: stalled.url, timeoutMs: 200 })));
    await stalled.close();

    expect(error).toMatchObject({ permanent: false, status: null });
  });

  it('refuses a private base URL unless private URLs are allowed', async () => {
    const error = await failure(sut(params({ allowPrivate: false })));

    expect(error).toMatchObject({ permanent: true, status: null });
    expect(hubspot.requests).toEqual([]);
  });
});

describe(findHubSpotTask.name, () => {
  const sut = findHubSpotTask;
  const accessToken = 'pat-na1-11111111-2222-3333-4444-555555555555';
  const ailaTaskId = 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b';
  let hubspot: FakeHubSpot;
  const connection = () => ({ baseUrl: hubspot.url, accessToken, allowPrivate: true });
  const create = (id: string) =>
    createHubSpotTask({
      ...connection(),
      task: {
        ailaTaskId: id,
        subject: 'Call back',
        body: '',
        dueAt: null,
        status: 'NOT_STARTED',
        priority: 'MEDIUM',
      },
    });

  beforeEach(async () => {
    hubspot = await startFakeHubSpot({ accessToken });
  });

  afterEach(() => hubspot.close());

  it('is refused until the portal has the Aila task id property, which it then creates', async () => {
    const error = await sut(connection(), ailaTaskId).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ permanent: true, status: 400 });

    await ensureAilaTaskIdProperty(connection());

    expect(hubspot.customTaskProperties).toEqual([AILA_TASK_ID_PROPERTY]);
    expect(await sut(connection(), ailaTaskId)).toBeNull();
  });

  it('takes a property that exists already as made', async () => {
    await ensureAilaTaskIdProperty(connection());
    await ensureAilaTaskIdProperty(connection());

    expect(hubspot.customTaskProperties).toEqual([AILA_TASK_ID_PROPERTY]);
  });

  it('finds the task created for an Aila task, and not another', async () => {
    await ensureAilaTaskIdProperty(connection());
    await create('0f1e2d3c-4b5a-4968-8776-655443322110');
    const { id } = await create(ailaTaskId);

    expect(await sut(connection(), ailaTaskId)).toEqual({ id });
  });

  it('fails as other calls do on a bad token', async () => {
    const error = await sut({ ...connection(), accessToken: 'expired' }, ailaTaskId).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(HubSpotError);
    expect(error).toMatchObject({ permanent: true, status: 401 });
  });
});
