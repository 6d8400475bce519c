import { MigrationInterface, QueryRunner } from 'typeorm';

export class CallResults1795870302135 implements MigrationInterface {
  name = 'CallResults1795870302135';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "calls" ADD "quality" jsonb`);
    await queryRunner.query(`ALTER TABLE "calls" ADD "quality_score" double precision`);
    await queryRunner.query(`ALTER TABLE "calls" ADD "extracted_data" jsonb`);
    await queryRunner.query(`ALTER TABLE "calls" ADD "mismo_xml" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "calls" DROP COLUMN "mismo_xml"`);
    await queryRunner.query(`ALTER TABLE "calls" DROP COLUMN "extracted_data"`);
    await queryRunner.query(`ALTER TABLE "calls" DROP COLUMN "quality_score"`);
    await queryRunner.query(`ALTER TABLE "calls" DROP COLUMN "quality"`);
  }
}
