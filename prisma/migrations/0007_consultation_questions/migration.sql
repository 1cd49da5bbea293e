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
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Consultation_modelVersionId_fkey" FOREIGN KEY ("modelVersionId") REFERENCES "ModelVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Consultation" ("anonymity", "consensusRule", "createdAt", "createdById", "description", "id", "minGroupSize", "modelVersionId", "ruleLockedAt", "scalePoints", "title") SELECT "anonymity", "consensusRule", "createdAt", "createdById", "description", "id", "minGroupSize", "modelVersionId", "ruleLockedAt", "scalePoints", "title" FROM "Consultation";
DROP TABLE "Consultation";
ALTER TABLE "new_Consultation" RENAME TO "Consultation";
CREATE INDEX "Consultation_modelVersionId_idx" ON "Consultation"("modelVersionId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

