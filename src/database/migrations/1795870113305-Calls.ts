import { MigrationInterface, QueryRunner } from 'typeorm';

export class Calls1795870113305 implements MigrationInterface {
  name = 'Calls1795870113305';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "idempotency_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "key" text NOT NULL, "request_fingerprint" text NOT NULL, "response_status" integer, "response_body" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8ad20779ad0411107a56e53d0f6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_5e72f040fdc5efc8eef52a388c" ON "idempotency_keys"  ("created_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_idempotency_keys_org_key" ON "idempotency_keys"  ("organization_id", "key") `,
    );
    await queryRunner.query(
      `CREATE TABLE "call_batches" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "total" integer NOT NULL, CONSTRAINT "PK_7ea5708ddce7d69ecdcf5d20f2f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_d18295ab4b00fa72756d8d98ce" ON "call_batches"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "calls" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "external_id" text, "user_id" text NOT NULL, "user_name" text, "title" text, "direction" text, "status" text NOT NULL DEFAULT 'queued', "failure_reason" text, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "duration_seconds" double precision, "language" text, "contact_id" uuid, "contact_input" jsonb, "metadata" jsonb NOT NULL DEFAULT '{}', "recording" jsonb, "transcript" jsonb, "analysis" jsonb, "batch_id" uuid, "attempts" integer NOT NULL DEFAULT '0', "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_d9171d91f8dd1a649659f1b6a20" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_71a193fe787f0f3c72395db3a5" ON "calls"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_calls_unfinished" ON "calls"  ("status", "updated_at") WHERE status IN ('queued', 'processing')`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_calls_org_external_id" ON "calls"  ("organization_id", "external_id") WHERE external_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_calls_org_contact_started" ON "calls"  ("organization_id", "contact_id", "started_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_calls_org_user_started" ON "calls"  ("organization_id", "user_id", "started_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_calls_org_started" ON "calls"  ("organization_id", "started_at", "id") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_calls_org_started"`);
    await queryRunner.query(`DROP INDEX "public"."idx_calls_org_user_started"`);
    await queryRunner.query(`DROP INDEX "public"."idx_calls_org_contact_started"`);
    await queryRunner.query(`DROP INDEX "public"."uq_calls_org_external_id"`);
    await queryRunner.query(`DROP INDEX "public"."idx_calls_unfinished"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_71a193fe787f0f3c72395db3a5"`);
    await queryRunner.query(`DROP TABLE "calls"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d18295ab4b00fa72756d8d98ce"`);
    await queryRunner.query(`DROP TABLE "call_batches"`);
    await queryRunner.query(`DROP INDEX "public"."uq_idempotency_keys_org_key"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5e72f040fdc5efc8eef52a388c"`);
    await queryRunner.query(`DROP TABLE "idempotency_keys"`);
  }
}
