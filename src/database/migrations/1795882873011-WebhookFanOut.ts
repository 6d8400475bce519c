import { MigrationInterface, QueryRunner } from 'typeorm';

export class WebhookFanOut1795882873011 implements MigrationInterface {
  name = 'WebhookFanOut1795882873011';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "webhook_events" ADD "fanned_out_at" TIMESTAMP WITH TIME ZONE`,
    );
    // Events dispatched before this column existed count as fanned out: fanning them out again
    // now would send old events to endpoints created since.
    await queryRunner.query(
      `UPDATE "webhook_events" SET "fanned_out_at" = "dispatched_at" WHERE "dispatched_at" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_webhook_events_not_fanned_out" ON "webhook_events"  ("dispatched_at") WHERE dispatched_at IS NOT NULL AND fanned_out_at IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_webhook_events_not_fanned_out"`);
    await queryRunner.query(`ALTER TABLE "webhook_events" DROP COLUMN "fanned_out_at"`);
  }
}
