-- CreateTable
CREATE TABLE "ReminderRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "roundId" TEXT NOT NULL,
    "hoursBefore" INTEGER NOT NULL,
    "reminded" INTEGER NOT NULL,
    "sentAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ReminderRun_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Round" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "consultationId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "deadline" DATETIME,
    "openedAt" DATETIME,
    "closedAt" DATETIME,
    "publishedAt" DATETIME,
    "reminderHours" TEXT NOT NULL DEFAULT '[]',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Round_consultationId_fkey" FOREIGN KEY ("consultationId") REFERENCES "Consultation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Round" ("closedAt", "consultationId", "createdAt", "deadline", "id", "number", "openedAt", "publishedAt", "status") SELECT "closedAt", "consultationId", "createdAt", "deadline", "id", "number", "openedAt", "publishedAt", "status" FROM "Round";
DROP TABLE "Round";
ALTER TABLE "new_Round" RENAME TO "Round";
CREATE INDEX "Round_status_deadline_idx" ON "Round"("status", "deadline");
CREATE UNIQUE INDEX "Round_consultationId_number_key" ON "Round"("consultationId", "number");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "ReminderRun_roundId_hoursBefore_key" ON "ReminderRun"("roundId", "hoursBefore");

