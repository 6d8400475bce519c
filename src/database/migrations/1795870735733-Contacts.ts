import { MigrationInterface, QueryRunner } from 'typeorm';

export class Contacts1795870735733 implements MigrationInterface {
  name = 'Contacts1795870735733';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "contacts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "organization_id" uuid NOT NULL, "name" text, "company" text, "title" text, "emails" text array NOT NULL DEFAULT '{}', "phones" text array NOT NULL DEFAULT '{}', "custom_fields" jsonb NOT NULL DEFAULT '{}', "call_count" integer NOT NULL DEFAULT '0', "first_call_at" TIMESTAMP WITH TIME ZONE, "last_call_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_b99cd40cfd66a99f1571f4f72e6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_0799185e89f0eec8f7ec05a5bb" ON "contacts"  ("organization_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_contacts_org_last_call" ON "contacts"  ("organization_id", "last_call_at", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "contact_identifiers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "kind" text NOT NULL, "value" text NOT NULL, "contact_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7d6ba6d61f6a7d6a614f34818f2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_50b32d791124a8f2b161cdc490" ON "contact_identifiers"  ("contact_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_contact_identifiers_org_kind_value" ON "contact_identifiers"  ("organization_id", "kind", "value") `,
    );
    await queryRunner.query(
      `ALTER TABLE "contact_identifiers" ADD CONSTRAINT "FK_50b32d791124a8f2b161cdc4909" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "contact_identifiers" DROP CONSTRAINT "FK_50b32d791124a8f2b161cdc4909"`,
    );
    await queryRunner.query(`DROP INDEX "public"."uq_contact_identifiers_org_kind_value"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_50b32d791124a8f2b161cdc490"`);
    await queryRunner.query(`DROP TABLE "contact_identifiers"`);
    await queryRunner.query(`DROP INDEX "public"."idx_contacts_org_last_call"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0799185e89f0eec8f7ec05a5bb"`);
    await queryRunner.query(`DROP TABLE "contacts"`);
  }
}
