-- AlterTable
ALTER TABLE "ModelVersion" ADD COLUMN "structureChanges" TEXT;

-- CreateTable
CREATE TABLE "Restructuring" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "consultationId" TEXT NOT NULL,
    "afterRound" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "operation" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "rationale" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Restructuring_consultationId_fkey" FOREIGN KEY ("consultationId") REFERENCES "Consultation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Restructuring_consultationId_seq_key" ON "Restructuring"("consultationId", "seq");

