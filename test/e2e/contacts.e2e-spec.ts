import type { Schemas } from '../../src/common/http/openapi-types.js';
import { DataSource } from 'typeorm';
import { Call } from '../../src/modules/calls/call.entity.js';
import { ContactsService } from '../../src/modules/contacts/contacts.service.js';
import { SALES_CALL } from '../fixtures/transcripts.js';
import { createKey, createOrganization, OrgWithKey, completedCall } from '../utils/factories.js';
import { createTestApp, TestApp } from '../utils/test-app.js';

const ALL_SCOPES = ['calls:read', 'calls:write', 'contacts:read', 'contacts:write'];

interface Tenant {
  org: OrgWithKey;
  key: string;
}

const idsOf = (res: { body: { data: { id: string }[] } }) => res.body.data.map((c) => c.id);

describe('Contacts', () => {
  let sut: TestApp;
  let tenant: Tenant;

  const newTenant = async (): Promise<Tenant> => {
    const org = await createOrganization(sut);
    return { org, key: (await createKey(sut, org, ALL_SCOPES)).secret };
  };
  const upload = async (
    t: Tenant,
    contact: Record<string, string>,
    extra: Record<string, unknown> = {},
  ): Promise<string> => {
    const res = await sut.http
      .post('/v1/calls/upload')
      .set('X-API-Key', t.key)
      .send({ user_id: 'rep-1', transcript: SALES_CALL, contact, ...extra })
      .expect(202);
    return res.body.data.id as string;
  };
  const completed = (t: Tenant, id: string) => completedCall<Schemas['Call']>(sut, t.key, id);
  const getContact = (t: Tenant, id: string) =>
    sut.http.get(`/v1/contacts/${id}`).set('X-API-Key', t.key);
  const listContacts = (t: Tenant, query: Record<string, string | number>) =>
    sut.http.get('/v1/contacts').query(query).set('X-API-Key', t.key).expect(200);
  const patch = (t: Tenant, id: string, body: unknown, type = 'application/merge-patch+json') =>
    sut.http
      .patch(`/v1/contacts/${id}`)
      .set('X-API-Key', t.key)
      .set('Content-Type', type)
      .send(JSON.stringify(body));
  /** Uploads a call for `contact`, waits for it, and returns its contact id. */
  const contactFor = async (
    t: Tenant,
    contact: Record<string, string>,
    extra: Record<string, unknown> = {},
  ) => {
    const call = await completed(t, await upload(t, contact, extra));
    return call.contact_id as string;
  };

  beforeAll(async () => {
    sut = await createTestApp();
    tenant = await newTenant();
  });

  afterAll(async () => {
    await sut.close();
  });

  it('links calls whose phone numbers differ only in format to one contact, with counters and stats', async () => {
    const first = await completed(
      tenant,
      await upload(
        tenant,
        { name: 'Marcus Lee', phone: '+1 (415) 555-0100' },
        { started_at: '2025-02-20T17:30:00.000Z', duration_seconds: 40 },
      ),
    );
    const second = await completed(
      tenant,
      await upload(
        tenant,
        { phone: '4155550100', email: 'Marcus.Lee@Example.com', company: 'Globex' },
        { started_at: '2025-03-12T15:02:11.000Z', duration_seconds: 58.4 },
      ),
    );
    expect(first.contact_id).toEqual(expect.any(String));
    expect(second.contact_id).toBe(first.contact_id);
    expect(second.contact).toEqual({
      id: first.contact_id,
      name: 'Marcus Lee',
      company: 'Globex',
      emails: ['marcus.lee@example.com'],
      phones: ['+14155550100'],
    });

    const res = await getContact(tenant, first.contact_id!).expect(200);
    const contact = res.body.data;
    expect(contact).toMatchObject({
      name: 'Marcus Lee',
      call_count: 2,
      first_call_at: '2025-02-20T17:30:00.000Z',
      last_call_at: '2025-03-12T15:02:11.000Z',
      custom_fields: {},
    });
    expect(contact.recent_calls.map((c: { id: string }) => c.id)).toEqual([second.id, first.id]);
    expect(contact.recent_calls[0].contact.id).toBe(first.contact_id);
    const scores = contact.recent_calls
      .map((c: { quality_score: number | null }) => c.quality_score)
      .filter((s: number | null): s is number => s !== null);
    expect(contact.stats).toEqual({
      calls: 2,
      total_talk_seconds: 98.4,
      avg_quality_score:
        scores.length === 0
          ? null
          : Math.round((scores.reduce((a: number, b: number) => a + b, 0) / scores.length) * 10) /
            10,
    });
  });

  it('ends with one contact when uploads race to create the same new contact', async () => {
    const t = await newTenant();
    const formats = ['+1 212 555 0199', '(212) 555-0199', '2125550199', '+12125550199'];
    const ids = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        upload(t, { name: 'Priya Raman', phone: formats[i % formats.length] }),
      ),
    );
    const calls = await Promise.all(ids.map((id) => completed(t, id)));
    expect(new Set(calls.map((c) => c.contact_id)).size).toBe(1);
    const list = await listContacts(t, {});
    expect(list.body.meta.total).toBe(1);
    expect(list.body.data[0]).toMatchObject({ phones: ['+12125550199'], call_count: 8 });
  });

  it('settles concurrent links of the same identifiers on one contact, and a repeated link changes nothing', async () => {
    const t = await newTenant();
    const dataSource = sut.app.get(DataSource);
    const contacts = sut.app.get(ContactsService);
    // Completed rows the pipeline leaves alone, so only these concurrent links race.
    const rows = await dataSource.getRepository(Call).save(
      Array.from({ length: 6 }, (_, i) =>
        dataSource.getRepository(Call).create({
          organizationId: t.org.organizationId,
          userId: 'rep-race',
          status: 'completed',
          startedAt: new Date(),
          contactInput:
            i % 2 === 0
              ? { phone: '(646) 555-0142', email: 'race@example.com' }
              : { email: 'RACE@example.com', phone: '+16465550142' },
        }),
      ),
    );
    const linked = await Promise.all(
      rows.map((row) => contacts.linkCall(t.org.organizationId, row.id)),
    );
    expect(new Set(linked).size).toBe(1);
    expect(await contacts.linkCall(t.org.organizationId, rows[0].id)).toBe(linked[0]);
    const list = await listContacts(t, {});
    expect(list.body.meta.total).toBe(1);
    expect(list.body.data[0]).toMatchObject({
      emails: ['race@example.com'],
      phones: ['+16465550142'],
    });
  });

  describe('search', () => {
    let t: Tenant;
    let marcus: string;
    let priya: string;
    let marcy: string;

    beforeAll(async () => {
      t = await newTenant();
      marcus = await contactFor(
        t,
        { name: 'Marcus Lee', phone: '(415) 555-0100', email: 'marcus.lee@example.com' },
        { started_at: '2025-01-10T10:00:00.000Z' },
      );
      priya = await contactFor(
        t,
        {
          name: 'Priya Raman',
          company: 'Initech',
          phone: '+1 212 555 0199',
          email: 'priya@initech.example',
        },
        { started_at: '2025-03-10T13:00:00.000Z' },
      );
      marcy = await contactFor(
        t,
        { name: 'Marcy Stone', phone: '+1 303 555 0123' },
        { started_at: '2024-06-01T09:00:00.000Z' },
      );
    });

    it('sorts by the most recent call, then pages with meta', async () => {
      const all = await listContacts(t, {});
      expect(idsOf(all)).toEqual([priya, marcus, marcy]);
      const page = await listContacts(t, { limit: 1, offset: 1 });
      expect(idsOf(page)).toEqual([marcus]);
      expect(page.body.meta).toEqual({ page: 2, limit: 1, total: 3 });
    });

    it('matches a prefix of the name, company, an email or a phone with q', async () => {
      expect(idsOf(await listContacts(t, { q: 'marc' }))).toEqual([marcus, marcy]);
      expect(idsOf(await listContacts(t, { q: 'Init' }))).toEqual([priya]);
      expect(idsOf(await listContacts(t, { q: 'PRIYA@init' }))).toEqual([priya]);
      expect(idsOf(await listContacts(t, { q: '(415) 555' }))).toEqual([marcus]);
      expect(idsOf(await listContacts(t, { q: '+1212' }))).toEqual([priya]);
      expect(idsOf(await listContacts(t, { q: 'Lee' }))).toEqual([]);
      expect(idsOf(await listContacts(t, { q: '%' }))).toEqual([]);
    });

    it('matches an exact email, case-insensitively, and a phone in any format', async () => {
      expect(idsOf(await listContacts(t, { email: 'Marcus.Lee@Example.com' }))).toEqual([marcus]);
      expect(idsOf(await listContacts(t, { phone: '212.555.0199' }))).toEqual([priya]);
      expect(idsOf(await listContacts(t, { phone: '+14155550100', q: 'Marcus' }))).toEqual([
        marcus,
      ]);
      const none = await listContacts(t, { email: 'marcus@example.com' });
      expect(none.body).toMatchObject({ data: [], meta: { total: 0 } });
    });

    it('refuses a phone that is not a number and a malformed email', async () => {
      const phone = await sut.http
        .get('/v1/contacts?phone=555-0100')
        .set('X-API-Key', t.key)
        .expect(400);
      expect(phone.body.error).toMatchObject({
        code: 'VALIDATION_ERROR',
        details: { field: 'phone', value: '555-0100' },
      });
      const email = await sut.http
        .get('/v1/contacts?email=nope')
        .set('X-API-Key', t.key)
        .expect(400);
      expect(email.body.error.details.field).toBe('email');
    });
  });

  describe('PATCH', () => {
    let t: Tenant;
    let marcus: string;
    let priya: string;

    beforeAll(async () => {
      t = await newTenant();
      marcus = await contactFor(t, {
        name: 'Marcus Lee',
        phone: '(415) 555-0100',
        email: 'marcus.lee@example.com',
      });
      priya = await contactFor(t, {
        name: 'Priya Raman',
        phone: '+1 212 555 0199',
        email: 'priya@initech.example',
      });
    });

    it('applies a merge patch: fields replace, arrays replace, custom_fields merge, null clears', async () => {
      const before = (await getContact(t, marcus).expect(200)).body.data;
      const first = await patch(t, marcus, {
        company: 'Globex',
        emails: ['marcus.lee@example.com', 'MLee@Globex.example'],
        custom_fields: { hubspot_contact_id: '51234', segment: 'first-time buyer' },
      }).expect(200);
      expect(first.body.data).toMatchObject({
        name: 'Marcus Lee',
        company: 'Globex',
        emails: ['marcus.lee@example.com', 'mlee@globex.example'],
        phones: ['+14155550100'],
        custom_fields: { hubspot_contact_id: '51234', segment: 'first-time buyer' },
        call_count: 1,
      });
      expect(Date.parse(first.body.data.updated_at)).toBeGreaterThan(Date.parse(before.updated_at));

      const second = await patch(
        t,
        marcus,
        { title: 'CFO', company: null, custom_fields: { segment: null, tier: 'gold' } },
        'application/json',
      ).expect(200);
      expect(second.body.data).toMatchObject({
        title: 'CFO',
        company: null,
        emails: ['marcus.lee@example.com', 'mlee@globex.example'],
        custom_fields: { hubspot_contact_id: '51234', tier: 'gold' },
      });

      const third = await patch(t, marcus, { phones: ['(415) 555-0101'], emails: null }).expect(
        200,
      );
      expect(third.body.data).toMatchObject({ phones: ['+14155550101'], emails: [] });
      expect(idsOf(await listContacts(t, { phone: '4155550101' }))).toEqual([marcus]);
      expect(idsOf(await listContacts(t, { phone: '4155550100' }))).toEqual([]);
      // The released number is free again: a new call with it makes a new contact.
      const newcomer = await contactFor(t, { phone: '+1 415 555 0100' });
      expect(newcomer).not.toBe(marcus);
    });

    it('answers 409 naming the contact that owns a phone or an email', async () => {
      const phone = await patch(t, priya, { phones: ['+12125550199', '415-555-0101'] }).expect(409);
      expect(phone.body.error).toMatchObject({
        code: 'CONFLICT',
        message: 'Phone +14155550101 belongs to another contact',
        details: { field: 'phones', value: '+14155550101', contact_id: marcus },
      });
      await patch(t, marcus, { emails: ['mlee@globex.example'] }).expect(200);
      const email = await patch(t, priya, { emails: ['MLEE@globex.example'] }).expect(409);
      expect(email.body.error.details).toEqual({
        field: 'emails',
        value: 'mlee@globex.example',
        contact_id: marcus,
      });
      const unchanged = (await getContact(t, priya).expect(200)).body.data;
      expect(unchanged).toMatchObject({
        phones: ['+12125550199'],
        emails: ['priya@initech.example'],
      });
    });

    it('answers 400 naming an invalid email or phone, or an unknown field, and changes nothing', async () => {
      const email = await patch(t, priya, { emails: ['a@example.com', 'not-an-email'] }).expect(
        400,
      );
      expect(email.body.error).toMatchObject({
        code: 'VALIDATION_ERROR',
        message: 'emails.1 must be an email',
        details: { field: 'emails.1', value: 'not-an-email', expected: 'an email address' },
      });
      const phone = await patch(t, priya, { phones: ['12'] }).expect(400);
      expect(phone.body.error).toMatchObject({
        code: 'VALIDATION_ERROR',
        details: { field: 'phones.0', value: '12' },
      });
      const unknown = await patch(t, priya, { nickname: 'P' }).expect(400);
      expect(unknown.body.error).toMatchObject({
        code: 'VALIDATION_ERROR',
        details: { field: 'nickname' },
      });
      const wrongType = await patch(t, priya, { name: 42 }).expect(400);
      expect(wrongType.body.error.details.field).toBe('name');
      const unchanged = (await getContact(t, priya).expect(200)).body.data;
      expect(unchanged).toMatchObject({ name: 'Priya Raman', emails: ['priya@initech.example'] });
    });
  });

  it('fills only missing data from what a transcript revealed', async () => {
    const t = await newTenant();
    const contacts = sut.app.get(ContactsService);
    const owner = await contactFor(t, { email: 'taken@example.com' });
    const sam = await contactFor(t, { name: 'Sam', phone: '(512) 555-0111' });
    const filled = await contacts.fillGaps(t.org.organizationId, sam, {
      emails: ['Sam@Example.com', 'taken@example.com', 'bogus'],
      phones: ['(512) 555-0199'],
      company: 'Acme',
    });
    expect(filled).toEqual({ emails: ['sam@example.com'], phones: [], company: 'Acme' });
    const again = await contacts.fillGaps(t.org.organizationId, sam, {
      emails: ['other@example.com'],
      company: 'Other',
    });
    expect(again).toEqual({ emails: [], phones: [], company: null });
    const res = (await getContact(t, sam).expect(200)).body.data;
    expect(res).toMatchObject({
      company: 'Acme',
      emails: ['sam@example.com'],
      phones: ['+15125550111'],
    });
    expect(idsOf(await listContacts(t, { email: 'taken@example.com' }))).toEqual([owner]);
  });

  it('requires the contacts scopes and hides other organizations’ contacts', async () => {
    const id = (await listContacts(tenant, {})).body.data[0].id as string;
    const readOnly = (await createKey(sut, tenant.org, ['contacts:read'])).secret;
    const callsOnly = (await createKey(sut, tenant.org, ['calls:read'])).secret;
    await sut.http.get('/v1/contacts').set('X-API-Key', callsOnly).expect(403);
    await sut.http.get(`/v1/contacts/${id}`).set('X-API-Key', readOnly).expect(200);
    const denied = await sut.http
      .patch(`/v1/contacts/${id}`)
      .set('X-API-Key', readOnly)
      .send({ name: 'X' })
      .expect(403);
    expect(denied.body.error.details.required_scope).toBe('contacts:write');

    const other = await newTenant();
    await getContact(other, id).expect(404);
    await patch(other, id, { name: 'Stolen' }).expect(404);
    expect((await listContacts(other, {})).body.meta.total).toBe(0);
    await getContact(tenant, 'not-a-uuid').expect(404);
    await getContact(tenant, '00000000-0000-4000-8000-000000000000').expect(404);
  });
});
