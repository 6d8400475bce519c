import { MigrationInterface, QueryRunner } from 'typeorm';

export class CallDailyRollups1795870721363 implements MigrationInterface {
  name = 'CallDailyRollups1795870721363';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "call_daily_rollups" ("organization_id" uuid NOT NULL, "user_id" text NOT NULL, "day" date NOT NULL, "user_name" text, "user_name_at" TIMESTAMP WITH TIME ZONE, "calls" integer NOT NULL DEFAULT '0', "inbound" integer NOT NULL DEFAULT '0', "outbound" integer NOT NULL DEFAULT '0', "duration_seconds_sum_e6" bigint NOT NULL DEFAULT '0', "duration_seconds_count" integer NOT NULL DEFAULT '0', "quality_score_sum_e6" bigint NOT NULL DEFAULT '0', "quality_score_count" integer NOT NULL DEFAULT '0', "talk_ratio_sum_e6" bigint NOT NULL DEFAULT '0', "talk_ratio_count" integer NOT NULL DEFAULT '0', "longest_monologue_seconds_sum_e6" bigint NOT NULL DEFAULT '0', "longest_monologue_seconds_count" integer NOT NULL DEFAULT '0', "interactivity_sum_e6" bigint NOT NULL DEFAULT '0', "interactivity_count" integer NOT NULL DEFAULT '0', "patience_seconds_sum_e6" bigint NOT NULL DEFAULT '0', "patience_seconds_count" integer NOT NULL DEFAULT '0', "questions_asked_sum_e6" bigint NOT NULL DEFAULT '0', "questions_asked_count" integer NOT NULL DEFAULT '0', "sentiment_sum_e6" bigint NOT NULL DEFAULT '0', "sentiment_count" integer NOT NULL DEFAULT '0', "tasks_created" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_dbe7cf52de148821ffdd6bda8b4" PRIMARY KEY ("organization_id", "user_id", "day"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idx_call_daily_rollups_org_day" ON "call_daily_rollups"  ("organization_id", "day") `,
    );
    // Calls completed before this table existed: rollUpCallsSql's aggregation, frozen as migrations must be.
    await queryRunner.query(`
          INSERT INTO call_daily_rollups (organization_id, user_id, day, user_name, user_name_at, calls, inbound, outbound,
            duration_seconds_sum_e6, duration_seconds_count, quality_score_sum_e6, quality_score_count,
            talk_ratio_sum_e6, talk_ratio_count, longest_monologue_seconds_sum_e6, longest_monologue_seconds_count,
            interactivity_sum_e6, interactivity_count, patience_seconds_sum_e6, patience_seconds_count,
            questions_asked_sum_e6, questions_asked_count, sentiment_sum_e6, sentiment_count)
          SELECT organization_id, user_id, day,
            (array_agg(user_name ORDER BY started_at DESC) FILTER (WHERE user_name IS NOT NULL))[1],
            max(started_at) FILTER (WHERE user_name IS NOT NULL),
            count(*), count(*) FILTER (WHERE direction = 'inbound'), count(*) FILTER (WHERE direction = 'outbound'),
            coalesce(sum(d), 0), count(d), coalesce(sum(q), 0), count(q), coalesce(sum(tr), 0), count(tr),
            coalesce(sum(lm), 0), count(lm), coalesce(sum(i), 0), count(i), coalesce(sum(p), 0), count(p),
            coalesce(sum(qa), 0), count(qa), coalesce(sum(s), 0), count(s)
          FROM (
            SELECT c.*, (c.started_at AT TIME ZONE 'UTC')::date AS day,
              round(c.duration_seconds::numeric * 1000000)::bigint AS d,
              round(c.quality_score::numeric * 1000000)::bigint AS q,
              round((c.analysis ->> 'agent_talk_ratio')::numeric * 1000000)::bigint AS tr,
              round((c.analysis #>> '{longest_monologue,seconds}')::numeric * 1000000)::bigint AS lm,
              round((c.analysis ->> 'interactivity')::numeric * 1000000)::bigint AS i,
              round((c.analysis ->> 'patience_seconds')::numeric * 1000000)::bigint AS p,
              round((c.analysis #>> '{questions,agent}')::numeric * 1000000)::bigint AS qa,
              round((c.analysis #>> '{sentiment,overall}')::numeric * 1000000)::bigint AS s
            FROM calls c WHERE c.status = 'completed'
          ) c
          GROUP BY organization_id, user_id, day`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."idx_call_daily_rollups_org_day"`);
    await queryRunner.query(`DROP TABLE "call_daily_rollups"`);
  }
}
