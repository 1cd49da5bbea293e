-- AlterTable
ALTER TABLE "ModelVersion" ADD COLUMN "changelog" TEXT;
ALTER TABLE "ModelVersion" ADD COLUMN "fromConsultationId" TEXT;

-- CreateTable
CREATE TABLE "RationaleSnapshot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "roundItemId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "state" BLOB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RationaleSnapshot_roundItemId_fkey" FOREIGN KEY ("roundItemId") REFERENCES "RoundItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "RationaleSnapshot_roundItemId_key" ON "RationaleSnapshot"("roundItemId");

