-- AlterTable
ALTER TABLE "Restructuring" ADD COLUMN "proposalId" TEXT;

-- CreateTable
CREATE TABLE "Proposal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "consultationId" TEXT NOT NULL,
    "roundId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "memberId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "statement" TEXT NOT NULL DEFAULT '',
    "levels" TEXT,
    "change" TEXT NOT NULL DEFAULT '',
    "reason" TEXT NOT NULL,
    "salt" TEXT NOT NULL,
    "commitment" TEXT NOT NULL,
    "withdrawnAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" TEXT,
    "triageRationale" TEXT,
    "mergedWith" TEXT,
    "triagedAt" DATETIME,
    CONSTRAINT "Proposal_consultationId_fkey" FOREIGN KEY ("consultationId") REFERENCES "Consultation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Proposal_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Proposal_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Round" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "consultationId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "kind" TEXT NOT NULL DEFAULT 'rating',
    "deadline" DATETIME,
    "openedAt" DATETIME,
    "closedAt" DATETIME,
    "publishedAt" DATETIME,
    "reminderHours" TEXT NOT NULL DEFAULT '[]',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Round_consultationId_fkey" FOREIGN KEY ("consultationId") REFERENCES "Consultation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Round" ("closedAt", "consultationId", "createdAt", "deadline", "id", "number", "openedAt", "publishedAt", "reminderHours", "status") SELECT "closedAt", "consultationId", "createdAt", "deadline", "id", "number", "openedAt", "publishedAt", "reminderHours", "status" FROM "Round";
DROP TABLE "Round";
ALTER TABLE "new_Round" RENAME TO "Round";
CREATE INDEX "Round_status_deadline_idx" ON "Round"("status", "deadline");
CREATE UNIQUE INDEX "Round_consultationId_number_key" ON "Round"("consultationId", "number");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Proposal_roundId_idx" ON "Proposal"("roundId");

-- CreateIndex
CREATE INDEX "Proposal_memberId_idx" ON "Proposal"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "Proposal_consultationId_number_key" ON "Proposal"("consultationId", "number");

