import { MigrationInterface, QueryRunner } from 'typeorm';

export class WebhookOutbox1795870340027 implements MigrationInterface {
  name = 'WebhookOutbox1795870340027';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "webhook_events" ("id" text NOT NULL, "organization_id" uuid NOT NULL, "type" text NOT NULL, "payload" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "dispatched_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_4cba37e6a0acb5e1fc49c34ebfd" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_de96a1b4d6ff1fe4ca1c260bb6" ON "webhook_events"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_webhook_events_undispatched" ON "webhook_events"  ("created_at") WHERE dispatched_at IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_webhook_events_undispatched"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_de96a1b4d6ff1fe4ca1c260bb6"`);
    await queryRunner.query(`DROP TABLE "webhook_events"`);
  }
}
