-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN     "expiresAt" TIMESTAMP(3),
ADD COLUMN     "scope" TEXT NOT NULL DEFAULT 'read-write';

-- AlterTable
ALTER TABLE "Consultation" ADD COLUMN     "minGroupSize" INTEGER NOT NULL DEFAULT 3;

-- AlterTable
ALTER TABLE "Member" ADD COLUMN     "withdrawnAnswers" TEXT,
ADD COLUMN     "withdrawnAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Invitation" ALTER COLUMN "tokenHash" DROP NOT NULL;

-- AlterTable
ALTER TABLE "OutboxMessage" DROP COLUMN "link",
ADD COLUMN     "invitationId" TEXT;

-- AlterTable
ALTER TABLE "Rating" ADD COLUMN     "commitment" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "salt" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "RatingLog" (
    "id" SERIAL NOT NULL,
    "consultationId" TEXT NOT NULL,
    "roundId" TEXT NOT NULL,
    "commitment" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RatingLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditTally" (
    "id" TEXT NOT NULL,
    "consultationId" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "lastAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AuditTally_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RatingLog_consultationId_id_idx" ON "RatingLog"("consultationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "AuditTally_consultationId_actor_type_subject_key" ON "AuditTally"("consultationId", "actor", "type", "subject");


-- The rating log is append-only like the audit trail it is sealed into.
CREATE FUNCTION "rating_log_append_only"() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'rating log entries are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER "RatingLog_append_only" BEFORE UPDATE OR DELETE OR TRUNCATE ON "RatingLog"
  FOR EACH STATEMENT EXECUTE FUNCTION "rating_log_append_only"();
