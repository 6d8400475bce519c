import { jest } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Schemas } from '../../src/common/http/openapi-types.js';
import { PermanentStepError } from '../../src/modules/calls/pipeline/call-pipeline-step.js';
import { CallPipeline } from '../../src/modules/calls/pipeline/call-pipeline.service.js';
import { CrmSync } from '../../src/modules/tasks/crm-sync/crm-sync.service.js';
import { TaskDetectionStep } from '../../src/modules/tasks/pipeline/task-detection.step.js';
import {
  startFakeHubSpot,
  type FakeHubSpot,
} from '../../src/modules/integrations/hubspot/testing/fake-hubspot-server.js';
import { JobQueue } from '../../src/queue/job-queue.js';
import { QueueName } from '../../src/queue/queue-names.js';
import { PURCHASE_CALL, REFINANCE_CALL, SALES_CALL } from '../fixtures/mortgage-calls.js';
import {
  createKey,
  createOrganization,
  eventually,
  OrgWithKey,
  completedCall,
} from '../utils/factories.js';
import { mismoSchemaAvailable, validateAgainstMismoSchema } from '../utils/mismo-schema.js';
import { parseXml, texts, value } from '../utils/mismo-xpath.js';
import { schemaProblems } from '../utils/spec-validator.js';
import { createTestApp, TestApp } from '../utils/test-app.js';

const TOKEN = 'pat-na1-11111111-2222-3333-4444-555555555555';
const HUBSPOT_CONTACT_ID = '5101';
/** A Wednesday: "by Friday" is 2025-03-14, "in 30 days" 2025-04-11. */
const STARTED_AT = '2025-03-12T15:00:00.000Z';

const DEAL = '/m:MESSAGE/m:DEAL_SETS/m:DEAL_SET/m:DEALS/m:DEAL';
const LOAN = `${DEAL}/m:LOANS/m:LOAN`;
const PROPERTY = `${DEAL}/m:COLLATERALS/m:COLLATERAL/m:SUBJECT_PROPERTY`;
const BORROWER_PARTY = `${DEAL}/m:PARTIES/m:PARTY[m:ROLES/m:ROLE/m:BORROWER/m:BORROWER_DETAIL/m:BorrowerClassificationType = 'Primary']`;
const BORROWER = `${BORROWER_PARTY}/m:ROLES/m:ROLE/m:BORROWER`;

type Call = Schemas['Call'];
type Entities = Schemas['ExtractedEntities'];
type MortgageFields = Schemas['MortgageFields'];

const OUR_EVENTS = ['call.data.extracted', 'task.created', 'task.synced', 'mismo.ready'];

interface StoredEvent {
  type: string;
  payload: { type: string; data: Record<string, unknown> };
}

describe('Extraction, tasks, CRM sync and MISMO', () => {
  let sut: TestApp;
  let db: DataSource;
  let hubspot: FakeHubSpot;

  const upload = async (key: string, body: Record<string, unknown>): Promise<string> => {
    const res = await sut.http
      .post('/v1/calls/upload')
      .set('X-API-Key', key)
      .send({ user_id: 'u_dana', started_at: STARTED_AT, ...body })
      .expect(202);
    return res.body.data.id as string;
  };
  const completed = (key: string, id: string) => completedCall<Call>(sut, key, id);
  const connectCrm = (org: OrgWithKey, accessToken: string) =>
    sut.http
      .put('/v1/integrations/crm')
      .set('X-API-Key', org.adminKey)
      .send({ provider: 'hubspot', access_token: accessToken, base_url: hubspot.url })
      .expect(200);
  const getTask = (key: string, id: string) =>
    sut.http.get(`/v1/tasks/${id}`).set('X-API-Key', key).expect(200);
  const getMismo = (key: string, callId: string) =>
    sut.http.get(`/v1/calls/${callId}/mismo`).set('X-API-Key', key);
  const events = async (organizationId: string, type?: string): Promise<StoredEvent[]> =>
    (await db.query(
      `SELECT type, payload FROM webhook_events
        WHERE organization_id = $1 AND ($2::text IS NULL OR type = $2) ORDER BY created_at`,
      [organizationId, type ?? null],
    )) as StoredEvent[];
  const eventsOfCall = async (organizationId: string, type: string, callId: string) =>
    (await events(organizationId, type)).filter(
      (e) => (e.payload.data.call_id ?? e.payload.data.id) === callId,
    );
  /** A job that died after its steps committed, run again: the call is still processing. */
  const runJobAgain = async (organizationId: string, callId: string) => {
    await db.query(`UPDATE calls SET status = 'processing' WHERE id = $1`, [callId]);
    await sut.app.get(CallPipeline).process(organizationId, callId);
  };
  const crmQueueSettled = () =>
    eventually(async () => {
      const counts = await sut.app.get(JobQueue).counts(QueueName.Crm);
      expect([counts.waiting ?? 0, counts.active ?? 0, counts.delayed ?? 0]).toEqual([0, 0, 0]);
      return counts;
    });
  const validMismo = async (xml: string) => {
    if (!mismoSchemaAvailable()) {
      // CI always checks out ../shared; only a local run may lack the licensed schema.
      expect(process.env.CI).toBeFalsy();
      return;
    }
    expect(await validateAgainstMismoSchema(xml)).toEqual({ valid: true, errors: [] });
  };

  beforeAll(async () => {
    sut = await createTestApp();
    db = sut.app.get<DataSource>(getDataSourceToken());
    hubspot = await startFakeHubSpot({ accessToken: TOKEN, contactIds: [HUBSPOT_CONTACT_ID] });
  });

  afterAll(async () => {
    await hubspot.close();
    await sut.close();
  });

  describe('with HubSpot connected', () => {
    let org: OrgWithKey;
    let key: string;

    beforeAll(async () => {
      org = await createOrganization(sut);
      key = org.adminKey;
      const connected = await connectCrm(org, TOKEN);
      expect(connected.body.data).toMatchObject({
        provider: 'hubspot',
        base_url: hubspot.url,
        status: 'connected',
        last_synced_at: null,
        last_error: null,
      });
      expect(JSON.stringify(connected.body)).not.toContain(TOKEN);
      const [{ access_token_encrypted: stored }] = (await db.query(
        `SELECT access_token_encrypted FROM crm_integrations WHERE organization_id = $1`,
        [org.organizationId],
      )) as { access_token_encrypted: string }[];
      expect(stored).not.toContain(TOKEN);

      // An earlier call made Marcus a contact; someone recorded his HubSpot record id on it.
      const earlier = await completed(
        key,
        await upload(key, {
          transcript: 'Dana: Harbor Home Loans, good morning.\nMarcus: Hi, just checking in.',
          contact: { name: 'Marcus Lee', email: 'marcus.lee@example.com' },
        }),
      );
      await sut.http
        .patch(`/v1/contacts/${earlier.contact_id}`)
        .set('X-API-Key', key)
        .set('Content-Type', 'application/merge-patch+json')
        .send(JSON.stringify({ custom_fields: { hubspot_contact_id: HUBSPOT_CONTACT_ID } }))
        .expect(200);
    });

    describe('a purchase call', () => {
      let call: Call;

      beforeAll(async () => {
        const id = await upload(key, {
          user_name: 'Dana Whitfield',
          title: 'Purchase pre-approval',
          contact: { name: 'Marcus Lee', email: 'marcus.lee@example.com' },
          transcript: PURCHASE_CALL,
        });
        call = await completed(key, id);
      });

      it('extracts contact details and entities, each with confidence and evidence', async () => {
        const res = await sut.http
          .get(`/v1/calls/${call.id}/extracted-data`)
          .set('X-API-Key', key)
          .expect(200);
        const { entities } = res.body.data as { entities: Entities };

        expect(entities.emails).toEqual([
          {
            value: 'marcus.lee@example.com',
            confidence: 0.95,
            evidence: {
              segment_index: 17,
              speaker: 'Marcus Lee',
              start: 136,
              end: 143,
              quote: 'Great, my email is marcus.lee@example.com and my cell is 503-555-0147.',
            },
          },
        ]);
        expect(entities.phones.map((p) => p.value)).toEqual(['+15035550147']);
        expect(entities.money.map((m) => m.value.amount)).toEqual([520_000, 416_000]);
        expect(entities.dates.map((d) => [d.value.text, d.value.date])).toEqual([
          ['in 30 days', '2025-04-11T15:00:00.000Z'],
          ['Friday', '2025-03-14T12:00:00.000Z'],
        ]);
        expect(entities.people.map((p) => p.value)).toEqual(['Dana', 'Marcus Lee', 'Jordan Reyes']);
        expect(entities.organizations.map((o) => o.value)).toEqual([
          'Harbor Home Loans',
          'Globex Corporation',
        ]);
        expect(entities.addresses.map((a) => a.value)).toEqual([
          {
            street: '88 Birch Lane',
            city: 'Portland',
            state: 'OR',
            postal_code: '97205',
            text: '88 Birch Lane, Portland, OR 97205',
          },
        ]);
        expect(res.body.data).toEqual(call.extracted_data);
      });

      it('extracts every mortgage field said on the call', () => {
        const m = call.extracted_data!.mortgage!;
        const field = (name: Exclude<keyof MortgageFields, 'signals'>) => [
          m[name]?.value,
          m[name]?.confidence,
          m[name]?.evidence.segment_index,
        ];

        expect(field('loan_purpose')).toEqual(['purchase', 0.9, 1]);
        expect(field('loan_type')).toEqual(['conventional', 0.9, 5]);
        expect(field('loan_amount')).toEqual([
          { amount: 416_000, currency: 'USD', text: '$416,000' },
          0.9,
          5,
        ]);
        expect(field('purchase_price')).toEqual([
          { amount: 520_000, currency: 'USD', text: 'five hundred twenty thousand dollars' },
          0.9,
          3,
        ]);
        expect(field('down_payment')).toEqual([
          { amount: 104_000, percent: 20, text: '20 percent' },
          0.9,
          3,
        ]);
        expect(field('property_address')[0]).toMatchObject({
          street: '88 Birch Lane',
          postal_code: '97205',
        });
        expect(field('occupancy')).toEqual(['primary', 0.9, 7]);
        expect(field('borrower_name')).toEqual(['Marcus Lee', 0.9, 1]);
        expect(field('co_borrower_name')).toEqual(['Jordan Reyes', 0.9, 1]);
        expect(field('employer')).toEqual(['Globex Corporation', 0.9, 9]);
        expect(field('years_employed')).toEqual([4, 0.9, 9]);
        expect(field('annual_income')[0]).toMatchObject({ amount: 140_000, currency: 'USD' });
        expect(field('credit_score')).toEqual([{ score: 745, range: null, text: '745' }, 0.9, 13]);
        expect(field('monthly_debts')[0]).toMatchObject({ amount: 900 });
        expect(field('timeline')).toEqual([
          { text: 'closing in 30 days', days: 30, date: '2025-04-11T15:00:00.000Z' },
          0.9,
          15,
        ]);
        expect([m.estimated_value, m.monthly_income]).toEqual([null, null]);
      });

      it('turns the agent’s promise into a task shown in the call details', () => {
        expect(call.tasks).toEqual([
          expect.objectContaining({
            call_id: call.id,
            title: 'Send the pre-approval letter',
            due_at: '2025-03-14T17:00:00.000Z',
            assignee_user_id: 'u_dana',
            status: 'open',
            source: {
              speaker: 'Dana Whitfield',
              quote: "I'll send you the pre-approval letter by Friday.",
              start: 128,
            },
            crm: expect.objectContaining({ provider: 'hubspot' }),
          }),
        ]);
      });

      it('pushes the task to HubSpot, associated to the contact, and records task.synced', async () => {
        const task = await eventually(async () => {
          const res = await getTask(key, call.tasks[0].id);
          expect(res.body.data.crm.external_id).not.toBeNull();
          return res.body.data;
        });
        const pushed = hubspot.tasks.find((t) => t.id === task.crm.external_id);

        expect(task.crm).toMatchObject({ provider: 'hubspot', last_error: null });
        expect(Date.parse(task.crm.synced_at)).not.toBeNaN();
        expect(pushed?.body).toEqual({
          properties: {
            hs_task_subject: 'Send the pre-approval letter',
            hs_task_body: expect.stringContaining('pre-approval letter by Friday'),
            hs_timestamp: '2025-03-14T17:00:00.000Z',
            hs_task_status: 'NOT_STARTED',
            hs_task_priority: 'MEDIUM',
            aila_task_id: task.id,
          },
          associations: [
            {
              to: { id: HUBSPOT_CONTACT_ID },
              types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 204 }],
            },
          ],
        });
        const [synced] = await eventsOfCall(org.organizationId, 'task.synced', call.id);
        expect(synced.payload.data).toMatchObject({ id: task.id, crm: task.crm });
        const integration = await sut.http
          .get('/v1/integrations/crm')
          .set('X-API-Key', key)
          .expect(200);
        expect(integration.body.data.last_synced_at).toBe(task.crm.synced_at);
      });

      it('serves a MISMO 3.4 document valid against B324, with each field where it belongs', async () => {
        const res = await getMismo(key, call.id).expect(200);
        expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
        const xml = res.text;
        await validMismo(xml);
        const doc = parseXml(xml);

        expect(value(doc, 'string(/m:MESSAGE/@MISMOReferenceModelIdentifier)')).toBe('3.4.0[B324]');
        expect(texts(doc, `${LOAN}/m:LOAN_IDENTIFIERS/m:LOAN_IDENTIFIER/m:LoanIdentifier`)).toEqual(
          [call.id],
        );
        expect(texts(doc, `${LOAN}/m:TERMS_OF_LOAN/*`)).toEqual([
          '416000.00',
          'Purchase',
          'Conventional',
        ]);
        expect(texts(doc, `${LOAN}/m:DOWN_PAYMENTS/m:DOWN_PAYMENT/m:DownPaymentAmount`)).toEqual([
          '104000.00',
        ]);
        expect(
          texts(doc, `${LOAN}/m:QUALIFICATION/m:TotalLiabilitiesMonthlyPaymentAmount`),
        ).toEqual(['900.00']);
        expect(value(doc, `count(${LOAN}/m:REFINANCE)`)).toBe(0);
        expect(texts(doc, `${PROPERTY}/m:ADDRESS/*`)).toEqual([
          '88 Birch Lane',
          'Portland',
          '97205',
          'OR',
        ]);
        expect(
          texts(
            doc,
            `${PROPERTY}/m:SALES_CONTRACTS/m:SALES_CONTRACT/m:SALES_CONTRACT_DETAIL/m:SalesContractAmount`,
          ),
        ).toEqual(['520000.00']);
        expect(texts(doc, `${PROPERTY}/m:PROPERTY_DETAIL/m:PropertyUsageType`)).toEqual([
          'PrimaryResidence',
        ]);
        expect(texts(doc, `${BORROWER_PARTY}/m:INDIVIDUAL/m:NAME/*`)).toEqual(['Marcus', 'Lee']);
        expect(
          texts(doc, `${BORROWER_PARTY}/m:INDIVIDUAL/m:CONTACT_POINTS/m:CONTACT_POINT/*/*`),
        ).toEqual(['marcus.lee@example.com', '5035550147']);
        expect(texts(doc, `${BORROWER}/m:CREDIT_SCORES//m:CreditScoreValue`)).toEqual(['745']);
        // 140,000 a year, as MISMO's monthly total.
        expect(
          texts(doc, `${BORROWER}/m:CURRENT_INCOME//m:CurrentIncomeMonthlyTotalAmount`),
        ).toEqual(['11666.67']);
        expect(texts(doc, `${BORROWER}/m:EMPLOYERS/m:EMPLOYER/m:LEGAL_ENTITY//m:FullName`)).toEqual(
          ['Globex Corporation'],
        );
        expect(
          texts(
            doc,
            `${BORROWER}/m:EMPLOYERS/m:EMPLOYER/m:EMPLOYMENT/m:EmploymentMonthsOnJobCount`,
          ),
        ).toEqual(['48']);
        expect(
          texts(
            doc,
            `${DEAL}/m:PARTIES/m:PARTY[.//m:BorrowerClassificationType = 'Secondary']/m:INDIVIDUAL/m:NAME/*`,
          ),
        ).toEqual(['Jordan', 'Reyes']);
      });

      it('records each event once, as the contract describes it', async () => {
        const extracted = await eventsOfCall(org.organizationId, 'call.data.extracted', call.id);
        const created = await eventsOfCall(org.organizationId, 'task.created', call.id);
        const mismo = await eventsOfCall(org.organizationId, 'mismo.ready', call.id);

        expect(extracted.map((e) => e.payload.data)).toEqual([
          {
            call_id: call.id,
            entity_counts: {
              emails: 1,
              phones: 1,
              money: 2,
              dates: 2,
              people: 3,
              organizations: 2,
              addresses: 1,
            },
            mortgage_fields: expect.any(Array),
          },
        ]);
        expect((extracted[0].payload.data.mortgage_fields as string[]).sort()).toEqual([
          'annual_income',
          'borrower_name',
          'co_borrower_name',
          'credit_score',
          'down_payment',
          'employer',
          'loan_amount',
          'loan_purpose',
          'loan_type',
          'monthly_debts',
          'occupancy',
          'property_address',
          'purchase_price',
          'timeline',
          'years_employed',
        ]);
        expect(created.map((e) => e.payload.data.id)).toEqual([call.tasks[0].id]);
        expect(mismo.map((e) => e.payload.data)).toEqual([
          {
            call_id: call.id,
            url: expect.stringMatching(`^https?://.+/v1/calls/${call.id}/mismo$`),
          },
        ]);
        for (const event of await events(org.organizationId)) {
          expect(schemaProblems('WebhookEvent', event.payload)).toEqual([]);
        }
      });

      it('fills the gaps of the contact from what the customer said', async () => {
        const res = await sut.http
          .get(`/v1/contacts/${call.contact_id}`)
          .set('X-API-Key', key)
          .expect(200);

        expect(res.body.data).toMatchObject({
          name: 'Marcus Lee',
          emails: ['marcus.lee@example.com'],
          phones: ['+15035550147'],
          company: 'Globex Corporation',
        });
      });

      it('writes nothing twice when the job runs again', async () => {
        const ours = async () =>
          (await events(org.organizationId)).filter((e) => OUR_EVENTS.includes(e.type)).length;
        const before = {
          events: await ours(),
          pushed: hubspot.tasks.length,
          xml: (await getMismo(key, call.id).expect(200)).text,
        };

        await runJobAgain(org.organizationId, call.id);
        await crmQueueSettled();

        const after = await completed(key, call.id);
        expect(after.tasks.map((t) => t.id)).toEqual(call.tasks.map((t) => t.id));
        expect(after.extracted_data).toEqual(call.extracted_data);
        expect((await getMismo(key, call.id).expect(200)).text).toBe(before.xml);
        expect(await ours()).toBe(before.events);
        expect(hubspot.tasks).toHaveLength(before.pushed);
      });
    });

    describe('a refinance corrected mid-call', () => {
      let call: Call;

      beforeAll(async () => {
        const id = await upload(key, {
          user_id: 'u_priya',
          user_name: 'Priya Shah',
          contact: { name: 'Kevin Walsh', phone: '+1 617 555 0123' },
          transcript: REFINANCE_CALL,
        });
        call = await completed(key, id);
      });

      it('takes the corrected loan amount and the other refinance fields', () => {
        const m = call.extracted_data!.mortgage!;

        expect(m.loan_amount).toEqual({
          value: { amount: 380_000, currency: 'USD', text: '380 thousand' },
          confidence: 0.95,
          evidence: {
            segment_index: 7,
            speaker: 'Kevin Walsh',
            start: 56,
            end: 63,
            quote: 'Actually, make that 380 thousand, to cover the closing costs.',
          },
        });
        expect(m.loan_purpose?.value).toBe('refinance');
        expect(m.loan_type?.value).toBe('va');
        expect(m.estimated_value?.value.amount).toBe(700_000);
        expect(m.occupancy?.value).toBe('investment');
        expect(m.borrower_name?.value).toBe('Kevin Walsh');
        expect([m.purchase_price, m.down_payment, m.property_address]).toEqual([null, null, null]);
      });

      it('makes a task of the agent’s promise and a follow-up of the customer’s, both synced', async () => {
        expect(call.tasks.map((t) => [t.title, t.due_at, t.assignee_user_id])).toEqual([
          ['Email the rate comparison', '2025-03-13T06:00:00.000Z', 'u_priya'],
          [
            'Follow up: customer to send their last two tax returns',
            '2025-03-17T17:00:00.000Z',
            'u_priya',
          ],
        ]);
        for (const task of call.tasks) {
          await eventually(async () => {
            const res = await getTask(key, task.id);
            expect(res.body.data.crm.external_id).toMatch(/^\d+$/);
          });
        }
        const synced = await eventsOfCall(org.organizationId, 'task.synced', call.id);
        expect(synced.map((e) => e.payload.data.id).sort()).toEqual(
          call.tasks.map((t) => t.id).sort(),
        );
      });

      it('writes a refinance of an investment property into MISMO, with the corrected amount', async () => {
        const xml = (await getMismo(key, call.id).expect(200)).text;
        await validMismo(xml);
        const doc = parseXml(xml);

        expect(texts(doc, `${LOAN}/m:TERMS_OF_LOAN/*`)).toEqual(['380000.00', 'Refinance', 'VA']);
        expect(value(doc, `count(${LOAN}/m:REFINANCE)`)).toBe(0);
        expect(texts(doc, `${PROPERTY}/m:PROPERTY_DETAIL/*`)).toEqual(['700000.00', 'Investment']);
        expect(texts(doc, `${BORROWER_PARTY}/m:INDIVIDUAL/m:NAME/*`)).toEqual(['Kevin', 'Walsh']);
        // Nothing said the phone number on the call: it comes from the contact.
        expect(texts(doc, `${BORROWER_PARTY}//m:ContactPointTelephoneValue`)).toEqual([
          '6175550123',
        ]);
      });
    });
  });

  describe('a sales call of an organization without a CRM', () => {
    let org: OrgWithKey;
    let call: Call;

    beforeAll(async () => {
      org = await createOrganization(sut);
      const id = await upload(org.adminKey, {
        user_id: 'u_jordan',
        user_name: 'Jordan Blake',
        contact: { name: 'Alex Kim', phone: '+1 206 555 0100' },
        transcript: SALES_CALL,
      });
      call = await completed(org.adminKey, id);
    });

    it('extracts entities but no mortgage fields', async () => {
      const { entities, mortgage } = call.extracted_data!;

      expect(mortgage).toBeNull();
      expect(entities.emails.map((e) => e.value)).toEqual(['alex.kim@northwind.com']);
      expect(entities.money.map((m) => m.value.amount)).toEqual([18_000]);
      expect(entities.organizations.map((o) => o.value)).toEqual([
        'Brightwave Labs',
        'Northwind Traders',
      ]);
      const [event] = await eventsOfCall(org.organizationId, 'call.data.extracted', call.id);
      expect(event.payload.data.mortgage_fields).toBeNull();
    });

    it('has no MISMO document: 404 in the JSON envelope, and no mismo.ready', async () => {
      const res = await getMismo(org.adminKey, call.id).expect(404);

      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toMatchObject({
        success: false,
        error: { code: 'NOT_FOUND', message: 'No MISMO document for this call' },
      });
      expect(await events(org.organizationId, 'mismo.ready')).toEqual([]);
    });

    it('makes a task only of the real promise, with no CRM state', () => {
      expect(call.tasks).toEqual([
        expect.objectContaining({
          title: 'Email the proposal',
          due_at: '2025-03-13T17:00:00.000Z',
          assignee_user_id: 'u_jordan',
          crm: null,
        }),
      ]);
    });

    it('fills the contact’s missing e-mail and company', async () => {
      const res = await sut.http
        .get(`/v1/contacts/${call.contact_id}`)
        .set('X-API-Key', org.adminKey)
        .expect(200);

      expect(res.body.data).toMatchObject({
        name: 'Alex Kim',
        emails: ['alex.kim@northwind.com'],
        phones: ['+12065550100'],
        company: 'Northwind Traders',
      });
    });
  });

  describe('a step that fails after the steps that only work something out', () => {
    let org: OrgWithKey;
    let callId: string;
    const results = async () =>
      (
        (await db.query(
          `SELECT status, failure_reason AS reason, analysis IS NOT NULL AS analysed,
                  quality_score AS score, extracted_data IS NOT NULL AS extracted
             FROM calls WHERE id = $1`,
          [callId],
        )) as Record<string, unknown>[]
      )[0];
    /** The call as a new run finds it: processing, nothing worked out yet. */
    const freshRun = () =>
      db.query(
        `UPDATE calls SET status = 'processing', failure_reason = NULL, analysis = NULL,
                quality = NULL, quality_score = NULL, extracted_data = NULL WHERE id = $1`,
        [callId],
      );

    beforeAll(async () => {
      org = await createOrganization(sut);
      callId = await upload(org.adminKey, { user_id: 'u_jordan', transcript: SALES_CALL });
      await completed(org.adminKey, callId);
    });

    afterEach(() => jest.restoreAllMocks());

    it('stores nothing when the error will be retried: the next attempt works it out again', async () => {
      await freshRun();
      jest.spyOn(sut.app.get(TaskDetectionStep), 'run').mockRejectedValueOnce(new Error('blip'));

      await expect(sut.app.get(CallPipeline).process(org.organizationId, callId)).rejects.toThrow(
        'blip',
      );

      expect(await results()).toMatchObject({
        status: 'processing',
        analysed: false,
        score: null,
        extracted: false,
      });
    });

    it('stores and announces once when two runs of the call race (a stalled job run again)', async () => {
      await freshRun();
      const count = async (type: string) =>
        (await eventsOfCall(org.organizationId, type, callId)).length;
      const before = [await count('call.data.extracted'), await count('call.completed')];
      const pipeline = sut.app.get(CallPipeline);

      await Promise.all([
        pipeline.process(org.organizationId, callId),
        pipeline.process(org.organizationId, callId),
      ]);

      expect(await results()).toMatchObject({
        status: 'completed',
        analysed: true,
        extracted: true,
      });
      expect([await count('call.data.extracted'), await count('call.completed')]).toEqual([
        before[0] + 1,
        before[1] + 1,
      ]);
    });

    it('fails the call for good keeping what the steps before found, with their events', async () => {
      await freshRun();
      const before = await eventsOfCall(org.organizationId, 'call.data.extracted', callId);
      const completedBefore = await eventsOfCall(org.organizationId, 'call.completed', callId);
      jest
        .spyOn(sut.app.get(TaskDetectionStep), 'run')
        .mockRejectedValueOnce(new PermanentStepError('the tasks could not be read'));

      await sut.app.get(CallPipeline).process(org.organizationId, callId);

      expect(await results()).toMatchObject({
        status: 'failed',
        reason: 'the tasks could not be read',
        analysed: true,
        extracted: true,
      });
      expect((await results()).score).toEqual(expect.any(Number));
      const after = await eventsOfCall(org.organizationId, 'call.data.extracted', callId);
      expect(after).toHaveLength(before.length + 1);
      // A failed call is not announced as completed.
      expect(await eventsOfCall(org.organizationId, 'call.completed', callId)).toHaveLength(
        completedBefore.length,
      );
    });

    it('stores the tasks with the call, and keeps it completed when queueing their pushes fails', async () => {
      await freshRun();
      await db.query(`DELETE FROM tasks WHERE call_id = $1`, [callId]);
      const enqueue = jest
        .spyOn(sut.app.get(CrmSync), 'enqueue')
        .mockRejectedValueOnce(new Error('queue down'));

      await expect(sut.app.get(CallPipeline).process(org.organizationId, callId)).resolves.toBe(
        true,
      );

      expect(enqueue).toHaveBeenCalledTimes(1);
      expect(await results()).toMatchObject({ status: 'completed', extracted: true });
      const [{ count }] = (await db.query(
        `SELECT count(*)::int AS count FROM tasks WHERE call_id = $1`,
        [callId],
      )) as { count: number }[];
      expect(count).toBeGreaterThan(0);
    });
  });

  it('generates MISMO for every call of a mortgage organization, even one not about a loan', async () => {
    const org = await createOrganization(sut);
    await sut.http
      .patch(`/v1/organizations/${org.organizationId}`)
      .set('X-API-Key', sut.bootstrapKey)
      .send({ vertical: 'mortgage' })
      .expect(200);
    const call = await completed(
      org.adminKey,
      await upload(org.adminKey, {
        contact: { name: 'Alex Kim', email: 'alex@example.com' },
        transcript: SALES_CALL,
      }),
    );

    const xml = (await getMismo(org.adminKey, call.id).expect(200)).text;
    await validMismo(xml);
    const doc = parseXml(xml);
    expect(value(doc, `count(${LOAN}/m:TERMS_OF_LOAN)`)).toBe(0);
    expect(
      texts(doc, `${BORROWER_PARTY}/m:INDIVIDUAL/m:CONTACT_POINTS//m:ContactPointEmailValue`),
    ).toEqual(['alex.kim@northwind.com']);
    expect(await eventsOfCall(org.organizationId, 'mismo.ready', call.id)).toHaveLength(1);
  });

  it('records a rejected token on the task and the connection, and does not retry', async () => {
    const org = await createOrganization(sut);
    await connectCrm(org, 'pat-na1-revoked-token');
    const call = await completed(
      org.adminKey,
      await upload(org.adminKey, { transcript: SALES_CALL }),
    );

    const task = await eventually(async () => {
      const res = await getTask(org.adminKey, call.tasks[0].id);
      expect(res.body.data.crm.last_error).toMatch(/401/);
      return res.body.data;
    });
    await crmQueueSettled();

    expect(task.crm).toMatchObject({ provider: 'hubspot', external_id: null, synced_at: null });
    const integration = await sut.http
      .get('/v1/integrations/crm')
      .set('X-API-Key', org.adminKey)
      .expect(200);
    expect(integration.body.data).toMatchObject({
      status: 'error',
      last_synced_at: null,
      last_error: expect.stringContaining('401'),
    });
    expect(
      hubspot.requests.filter((r) => r.authorization === 'Bearer pat-na1-revoked-token'),
    ).toHaveLength(1);
    expect(await events(org.organizationId, 'task.synced')).toEqual([]);

    const reconnected = await connectCrm(org, TOKEN);
    expect(reconnected.body.data).toMatchObject({ status: 'connected', last_error: null });
  });

  it('retries a push HubSpot could not take at the moment, with backoff', async () => {
    const org = await createOrganization(sut);
    await connectCrm(org, TOKEN);
    await crmQueueSettled();
    const requestsBefore = hubspot.requests.length;
    hubspot.failNext(503);

    const call = await completed(
      org.adminKey,
      await upload(org.adminKey, { transcript: SALES_CALL }),
    );
    const task = await eventually(async () => {
      const res = await getTask(org.adminKey, call.tasks[0].id);
      expect(res.body.data.crm.external_id).not.toBeNull();
      return res.body.data as Schemas['Task'];
    }, 30_000);

    expect(task.crm?.last_error).toBeNull();
    // The 503 answered the first request; the retry then does all three.
    expect(hubspot.requests.slice(requestsBefore).map((r) => r.path)).toEqual([
      '/crm/v3/properties/tasks',
      '/crm/v3/properties/tasks',
      '/crm/v3/objects/tasks/search',
      '/crm/v3/objects/tasks',
    ]);
    expect(await eventsOfCall(org.organizationId, 'task.synced', call.id)).toHaveLength(1);
  });

  it('creates one HubSpot task when recording a push HubSpot took failed, and the job ran again', async () => {
    const org = await createOrganization(sut);
    await connectCrm(org, TOKEN);
    // Our own write fails once, in PostgreSQL, right after HubSpot answered: the first time one of
    // this organization's tasks would turn synced. A sequence, unlike a table, is not rolled back.
    await db.query(`CREATE SEQUENCE e2e_fail_sync_once`);
    await db.query(`
      CREATE FUNCTION e2e_fail_sync_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF nextval('e2e_fail_sync_once') = 1 THEN
          RAISE EXCEPTION 'injected failure of the sync record';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER e2e_fail_sync_once BEFORE UPDATE ON tasks FOR EACH ROW
      WHEN (NEW.crm_state = 'synced' AND NEW.organization_id = '${org.organizationId}')
      EXECUTE FUNCTION e2e_fail_sync_once()`);
    try {
      const call = await completed(
        org.adminKey,
        await upload(org.adminKey, { transcript: SALES_CALL }),
      );
      const tasks = await eventually(async () => {
        const synced = await Promise.all(
          call.tasks.map(async (t) => (await getTask(org.adminKey, t.id)).body.data),
        );
        expect(synced.map((t) => t.crm.external_id)).not.toContain(null);
        return synced as Schemas['Task'][];
      }, 30_000);
      await crmQueueSettled();
      const [{ failures }] = (await db.query(
        `SELECT last_value AS failures FROM e2e_fail_sync_once`,
      )) as { failures: string }[];

      expect(Number(failures)).toBeGreaterThan(1);
      const pushed = hubspot.tasks.filter((t) =>
        t.body.properties.hs_task_body.includes(`Aila call ${call.id}`),
      );
      expect(pushed.map((t) => t.id).sort()).toEqual(tasks.map((t) => t.crm?.external_id).sort());
      expect(await eventsOfCall(org.organizationId, 'task.synced', call.id)).toHaveLength(
        tasks.length,
      );
    } finally {
      await db.query(`DROP TRIGGER e2e_fail_sync_once ON tasks`);
      await db.query(`DROP FUNCTION e2e_fail_sync_once()`);
      await db.query(`DROP SEQUENCE e2e_fail_sync_once`);
    }
  });

  describe('the tasks resource', () => {
    let org: OrgWithKey;
    let other: OrgWithKey;
    let reader: string;
    let calls: Call[];

    beforeAll(async () => {
      org = await createOrganization(sut);
      other = await createOrganization(sut);
      reader = (await createKey(sut, org, ['calls:read'])).secret;
      calls = [];
      for (const [transcript, userId] of [
        [REFINANCE_CALL, 'u_priya'],
        [SALES_CALL, 'u_jordan'],
      ] as const) {
        calls.push(
          await completed(
            org.adminKey,
            await upload(org.adminKey, { user_id: userId, transcript }),
          ),
        );
      }
    });

    const list = (query: string, key = org.adminKey) =>
      sut.http.get(`/v1/tasks${query}`).set('X-API-Key', key).expect(200);
    const titles = (res: { body: { data: { title: string }[] } }) =>
      res.body.data.map((t) => t.title);

    it('lists by due date, and filters by team member, call and due range', async () => {
      const all = await list('');
      expect(titles(all)).toEqual([
        'Email the rate comparison',
        'Email the proposal',
        'Follow up: customer to send their last two tax returns',
      ]);
      expect(all.body.meta).toEqual({ page: 1, limit: 50, total: 3 });

      expect(titles(await list('?user_id=u_jordan'))).toEqual(['Email the proposal']);
      expect(titles(await list(`?call_id=${calls[0].id}`))).toHaveLength(2);
      expect(titles(await list('?due_before=2025-03-13'))).toEqual([
        'Email the rate comparison',
        'Email the proposal',
      ]);
      expect(titles(await list('?due_after=2025-03-13T12:00:00Z'))).toEqual([
        'Email the proposal',
        'Follow up: customer to send their last two tax returns',
      ]);
      const page = await list('?limit=1&offset=1', reader);
      expect([titles(page), page.body.meta]).toEqual([
        ['Email the proposal'],
        { page: 2, limit: 1, total: 3 },
      ]);
      expect((await list('', other.adminKey)).body.data).toEqual([]);
    });

    it('changes status, title, due date and assignee', async () => {
      const id = calls[1].tasks[0].id;
      const res = await sut.http
        .patch(`/v1/tasks/${id}`)
        .set('X-API-Key', org.adminKey)
        .send({
          status: 'completed',
          title: 'Email the signed proposal',
          due_at: null,
          assignee_user_id: 'u_sam',
        })
        .expect(200);

      expect(res.body.data).toMatchObject({
        id,
        status: 'completed',
        title: 'Email the signed proposal',
        due_at: null,
        assignee_user_id: 'u_sam',
      });
      expect(titles(await list('?status=completed'))).toEqual(['Email the signed proposal']);
      expect(titles(await list('?status=open'))).toHaveLength(2);
      // Without a due date it now comes last.
      expect(titles(await list(''))).toEqual([
        'Email the rate comparison',
        'Follow up: customer to send their last two tax returns',
        'Email the signed proposal',
      ]);
    });

    it('refuses bad input, another organization’s task and a key without calls:write', async () => {
      const id = calls[0].tasks[0].id;
      const patch = (body: unknown, key = org.adminKey, taskId = id) =>
        sut.http
          .patch(`/v1/tasks/${taskId}`)
          .set('X-API-Key', key)
          .send(body as object);

      expect((await patch({}).expect(400)).body.error.code).toBe('VALIDATION_ERROR');
      expect((await patch({ status: 'done' }).expect(400)).body.error.details.field).toBe('status');
      expect((await patch({ title: null }).expect(400)).body.error.details.field).toBe('title');
      expect((await patch({ priority: 'high' }).expect(400)).body.error.code).toBe(
        'VALIDATION_ERROR',
      );
      await patch({ status: 'completed' }, reader).expect(403);
      await patch({ status: 'completed' }, other.adminKey).expect(404);
      await sut.http.get(`/v1/tasks/${id}`).set('X-API-Key', other.adminKey).expect(404);
      await sut.http.get('/v1/tasks/not-a-uuid').set('X-API-Key', org.adminKey).expect(404);
      const badFilter = await sut.http
        .get('/v1/tasks?call_id=nope')
        .set('X-API-Key', org.adminKey)
        .expect(400);
      expect(badFilter.body.error.details.field).toBe('call_id');
    });

    it('answers 404 for extracted data and MISMO of another organization’s call', async () => {
      const id = calls[0].id;
      await sut.http
        .get(`/v1/calls/${id}/extracted-data`)
        .set('X-API-Key', other.adminKey)
        .expect(404);
      await getMismo(other.adminKey, id).expect(404);
      await getMismo(reader, id).expect(200);
    });
  });

  describe('the CRM connection', () => {
    it('needs keys:admin, refuses a bad base URL, and disconnects', async () => {
      const org = await createOrganization(sut);
      const reader = (await createKey(sut, org, ['calls:read', 'calls:write'])).secret;

      await sut.http.get('/v1/integrations/crm').set('X-API-Key', org.adminKey).expect(404);
      await sut.http
        .put('/v1/integrations/crm')
        .set('X-API-Key', reader)
        .send({ provider: 'hubspot', access_token: TOKEN })
        .expect(403);
      const bad = await sut.http
        .put('/v1/integrations/crm')
        .set('X-API-Key', org.adminKey)
        .send({ provider: 'salesforce', access_token: TOKEN })
        .expect(400);
      expect(bad.body.error.details.field).toBe('provider');
      const badUrl = await sut.http
        .put('/v1/integrations/crm')
        .set('X-API-Key', org.adminKey)
        .send({ provider: 'hubspot', access_token: TOKEN, base_url: 'ftp://example.com' })
        .expect(400);
      expect(badUrl.body.error.details.field).toBe('base_url');

      await connectCrm(org, TOKEN);
      const removed = await sut.http
        .delete('/v1/integrations/crm')
        .set('X-API-Key', org.adminKey)
        .expect(200);
      expect(removed.body.data.provider).toBe('hubspot');
      await sut.http.delete('/v1/integrations/crm').set('X-API-Key', org.adminKey).expect(404);
    });
  });
});
