-- CreateTable
CREATE TABLE "RatingRevision" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "roundItemId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "value" INTEGER,
    "comment" TEXT NOT NULL DEFAULT '',
    "suggestion" TEXT NOT NULL DEFAULT '',
    "salt" TEXT NOT NULL,
    "commitment" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    CONSTRAINT "RatingRevision_roundItemId_fkey" FOREIGN KEY ("roundItemId") REFERENCES "RoundItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RatingRevision_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LiveSnapshot" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "roundId" TEXT NOT NULL,
    "roundItemId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "at" DATETIME NOT NULL,
    "figures" TEXT NOT NULL,
    "comments" TEXT NOT NULL,
    "answers" INTEGER NOT NULL,
    "revisions" INTEGER NOT NULL,
    "upToId" INTEGER NOT NULL,
    CONSTRAINT "LiveSnapshot_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Consultation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "modelVersionId" TEXT NOT NULL,
    "scalePoints" INTEGER NOT NULL DEFAULT 5,
    "consensusRule" TEXT NOT NULL,
    "ruleLockedAt" DATETIME,
    "anonymity" TEXT NOT NULL DEFAULT 'anonymous',
    "minGroupSize" INTEGER NOT NULL DEFAULT 3,
    "questions" TEXT NOT NULL DEFAULT '{}',
    "design" TEXT NOT NULL DEFAULT 'rounds',
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Consultation_modelVersionId_fkey" FOREIGN KEY ("modelVersionId") REFERENCES "ModelVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Consultation" ("anonymity", "consensusRule", "createdAt", "createdById", "description", "id", "minGroupSize", "modelVersionId", "questions", "ruleLockedAt", "scalePoints", "title") SELECT "anonymity", "consensusRule", "createdAt", "createdById", "description", "id", "minGroupSize", "modelVersionId", "questions", "ruleLockedAt", "scalePoints", "title" FROM "Consultation";
DROP TABLE "Consultation";
ALTER TABLE "new_Consultation" RENAME TO "Consultation";
CREATE INDEX "Consultation_modelVersionId_idx" ON "Consultation"("modelVersionId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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


-- The answer history of real-time rounds is evidence, like the rating log: append-only (docs/audit.md).
CREATE TRIGGER "RatingRevision_no_update" BEFORE UPDATE ON "RatingRevision"
BEGIN
  SELECT RAISE(ABORT, 'rating revisions are append-only');
END;
