-- AlterTable
ALTER TABLE "Member" ADD COLUMN "withdrawnAnswers" TEXT;
ALTER TABLE "Member" ADD COLUMN "withdrawnAt" DATETIME;

-- CreateTable
CREATE TABLE "RatingLog" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "consultationId" TEXT NOT NULL,
    "roundId" TEXT NOT NULL,
    "commitment" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "AuditTally" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "consultationId" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "windowStart" DATETIME NOT NULL,
    "lastAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ApiToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    "revokedAt" DATETIME,
    "scope" TEXT NOT NULL DEFAULT 'read-write',
    "expiresAt" DATETIME,
    CONSTRAINT "ApiToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ApiToken" ("createdAt", "id", "lastUsedAt", "name", "revokedAt", "tokenHash", "userId") SELECT "createdAt", "id", "lastUsedAt", "name", "revokedAt", "tokenHash", "userId" FROM "ApiToken";
DROP TABLE "ApiToken";
ALTER TABLE "new_ApiToken" RENAME TO "ApiToken";
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");
CREATE INDEX "ApiToken_userId_idx" ON "ApiToken"("userId");
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
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Consultation_modelVersionId_fkey" FOREIGN KEY ("modelVersionId") REFERENCES "ModelVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Consultation" ("anonymity", "consensusRule", "createdAt", "createdById", "description", "id", "modelVersionId", "ruleLockedAt", "scalePoints", "title") SELECT "anonymity", "consensusRule", "createdAt", "createdById", "description", "id", "modelVersionId", "ruleLockedAt", "scalePoints", "title" FROM "Consultation";
DROP TABLE "Consultation";
ALTER TABLE "new_Consultation" RENAME TO "Consultation";
CREATE INDEX "Consultation_modelVersionId_idx" ON "Consultation"("modelVersionId");
CREATE TABLE "new_Invitation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "memberId" TEXT NOT NULL,
    "tokenHash" TEXT,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Invitation_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Invitation" ("createdAt", "expiresAt", "id", "memberId", "tokenHash", "usedAt") SELECT "createdAt", "expiresAt", "id", "memberId", "tokenHash", "usedAt" FROM "Invitation";
DROP TABLE "Invitation";
ALTER TABLE "new_Invitation" RENAME TO "Invitation";
CREATE UNIQUE INDEX "Invitation_tokenHash_key" ON "Invitation"("tokenHash");
CREATE INDEX "Invitation_memberId_idx" ON "Invitation"("memberId");
CREATE TABLE "new_OutboxMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "consultationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "invitationId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME,
    "error" TEXT,
    CONSTRAINT "OutboxMessage_consultationId_fkey" FOREIGN KEY ("consultationId") REFERENCES "Consultation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_OutboxMessage" ("body", "consultationId", "createdAt", "error", "id", "kind", "sentAt", "subject", "to") SELECT "body", "consultationId", "createdAt", "error", "id", "kind", "sentAt", "subject", "to" FROM "OutboxMessage";
DROP TABLE "OutboxMessage";
ALTER TABLE "new_OutboxMessage" RENAME TO "OutboxMessage";
CREATE INDEX "OutboxMessage_consultationId_createdAt_idx" ON "OutboxMessage"("consultationId", "createdAt");
CREATE TABLE "new_Rating" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "roundItemId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "value" INTEGER,
    "comment" TEXT NOT NULL DEFAULT '',
    "suggestion" TEXT NOT NULL DEFAULT '',
    "salt" TEXT NOT NULL DEFAULT '',
    "commitment" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Rating_roundItemId_fkey" FOREIGN KEY ("roundItemId") REFERENCES "RoundItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Rating_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Rating" ("comment", "createdAt", "id", "memberId", "roundItemId", "suggestion", "updatedAt", "value") SELECT "comment", "createdAt", "id", "memberId", "roundItemId", "suggestion", "updatedAt", "value" FROM "Rating";
DROP TABLE "Rating";
ALTER TABLE "new_Rating" RENAME TO "Rating";
CREATE INDEX "Rating_roundItemId_value_memberId_idx" ON "Rating"("roundItemId", "value", "memberId");
CREATE INDEX "Rating_memberId_idx" ON "Rating"("memberId");
CREATE UNIQUE INDEX "Rating_roundItemId_memberId_key" ON "Rating"("roundItemId", "memberId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "RatingLog_consultationId_id_idx" ON "RatingLog"("consultationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "AuditTally_consultationId_actor_type_subject_key" ON "AuditTally"("consultationId", "actor", "type", "subject");


-- The rating log is append-only like the audit trail it is sealed into.
CREATE TRIGGER "RatingLog_no_update" BEFORE UPDATE ON "RatingLog"
BEGIN
  SELECT RAISE(ABORT, 'rating log entries are append-only');
END;
CREATE TRIGGER "RatingLog_no_delete" BEFORE DELETE ON "RatingLog"
BEGIN
  SELECT RAISE(ABORT, 'rating log entries are append-only');
END;
