import { MigrationInterface, QueryRunner } from 'typeorm';

export class TasksAndCrm1795870801297 implements MigrationInterface {
  name = 'TasksAndCrm1795870801297';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "crm_integrations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "provider" text NOT NULL, "access_token_encrypted" text NOT NULL, "base_url" text NOT NULL, "status" text NOT NULL DEFAULT 'connected', "last_synced_at" TIMESTAMP WITH TIME ZONE, "last_error" text, CONSTRAINT "PK_0ecc13ac0853ad8b7dbc6bf77f3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_crm_integrations_organization" ON "crm_integrations"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "tasks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "call_id" uuid NOT NULL, "title" text NOT NULL, "description" text, "due_at" TIMESTAMP WITH TIME ZONE, "assignee_user_id" text, "status" text NOT NULL DEFAULT 'open', "source" jsonb NOT NULL, "fingerprint" text NOT NULL, "position" integer NOT NULL, "crm_provider" text, "crm_state" text, "crm_external_id" text, "crm_synced_at" TIMESTAMP WITH TIME ZONE, "crm_last_error" text, CONSTRAINT "PK_8d12ff38fcc62aaba2cab748772" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_44a9b5209cdfd6f72fb09a7c99" ON "tasks"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_tasks_crm_pending" ON "tasks"  ("created_at") WHERE crm_state = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_tasks_org_call" ON "tasks"  ("organization_id", "call_id", "position") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_tasks_org_due" ON "tasks"  ("organization_id", "due_at", "created_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_tasks_call_fingerprint" ON "tasks"  ("call_id", "fingerprint") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_tasks_call_fingerprint"`);
    await queryRunner.query(`DROP INDEX "public"."idx_tasks_org_due"`);
    await queryRunner.query(`DROP INDEX "public"."idx_tasks_org_call"`);
    await queryRunner.query(`DROP INDEX "public"."idx_tasks_crm_pending"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_44a9b5209cdfd6f72fb09a7c99"`);
    await queryRunner.query(`DROP TABLE "tasks"`);
    await queryRunner.query(`DROP INDEX "public"."uq_crm_integrations_organization"`);
    await queryRunner.query(`DROP TABLE "crm_integrations"`);
  }
}
