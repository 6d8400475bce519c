import { MigrationInterface, QueryRunner } from 'typeorm';

export class WebhookEventRecipients1795890000000 implements MigrationInterface {
  name = 'WebhookEventRecipients1795890000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "webhook_events" ADD "recipient_endpoint_ids" uuid array`);
    // Events not fanned out yet get the endpoints that existed when they were recorded and are
    // subscribed now: the closest to their recipients that the stored rows can tell.
    await queryRunner.query(
      `UPDATE "webhook_events" event SET "recipient_endpoint_ids" = ARRAY(
         SELECT endpoint.id FROM "webhook_endpoints" endpoint
          WHERE endpoint.organization_id = event.organization_id AND endpoint.enabled
            AND endpoint.events && ARRAY[event.type, '*'] AND endpoint.created_at <= event.created_at
          ORDER BY endpoint.id)
        WHERE event.fanned_out_at IS NULL`,
    );
    await queryRunner.query(
      `UPDATE "webhook_events" SET "recipient_endpoint_ids" = '{}' WHERE "recipient_endpoint_ids" IS NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_events" ALTER COLUMN "recipient_endpoint_ids" SET NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "webhook_events" DROP COLUMN "recipient_endpoint_ids"`);
  }
}
