-- AlterTable
ALTER TABLE "Consultation" ADD COLUMN     "design" TEXT NOT NULL DEFAULT 'rounds';

-- CreateTable
CREATE TABLE "RatingRevision" (
    "id" SERIAL NOT NULL,
    "roundItemId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "value" INTEGER,
    "comment" TEXT NOT NULL DEFAULT '',
    "suggestion" TEXT NOT NULL DEFAULT '',
    "salt" TEXT NOT NULL,
    "commitment" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RatingRevision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LiveSnapshot" (
    "id" SERIAL NOT NULL,
    "roundId" TEXT NOT NULL,
    "roundItemId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "figures" TEXT NOT NULL,
    "comments" TEXT NOT NULL,
    "answers" INTEGER NOT NULL,
    "revisions" INTEGER NOT NULL,
    "upToId" INTEGER NOT NULL,

    CONSTRAINT "LiveSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RatingRevision_roundItemId_id_idx" ON "RatingRevision"("roundItemId", "id");

-- CreateIndex
CREATE INDEX "RatingRevision_memberId_idx" ON "RatingRevision"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "RatingRevision_roundItemId_memberId_revision_key" ON "RatingRevision"("roundItemId", "memberId", "revision");

-- CreateIndex
CREATE INDEX "LiveSnapshot_roundId_at_idx" ON "LiveSnapshot"("roundId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "LiveSnapshot_roundItemId_seq_key" ON "LiveSnapshot"("roundItemId", "seq");

-- AddForeignKey
ALTER TABLE "RatingRevision" ADD CONSTRAINT "RatingRevision_roundItemId_fkey" FOREIGN KEY ("roundItemId") REFERENCES "RoundItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RatingRevision" ADD CONSTRAINT "RatingRevision_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LiveSnapshot" ADD CONSTRAINT "LiveSnapshot_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- The answer history of real-time rounds is evidence, like the rating log: append-only (docs/audit.md).
CREATE FUNCTION "rating_revision_append_only"() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'rating revisions are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER "RatingRevision_append_only" BEFORE UPDATE ON "RatingRevision"
  FOR EACH STATEMENT EXECUTE FUNCTION "rating_revision_append_only"();
