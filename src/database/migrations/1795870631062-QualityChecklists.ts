import { MigrationInterface, QueryRunner } from 'typeorm';

export class QualityChecklists1795870631062 implements MigrationInterface {
  name = 'QualityChecklists1795870631062';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "quality_checklists" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "version" integer NOT NULL, "name" text NOT NULL, "items" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_12402e8414fd96e874a50ffa9eb" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_quality_checklists_org_version" ON "quality_checklists"  ("organization_id", "version") `,
    );
    await queryRunner.query(
      `ALTER TABLE "quality_checklists" ADD CONSTRAINT "FK_a64731ddfc978f1b186cfd4fe40" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "quality_checklists" DROP CONSTRAINT "FK_a64731ddfc978f1b186cfd4fe40"`,
    );
    await queryRunner.query(`DROP INDEX "public"."uq_quality_checklists_org_version"`);
    await queryRunner.query(`DROP TABLE "quality_checklists"`);
  }
}
