-- AlterTable
ALTER TABLE "ModelVersion" ADD COLUMN     "structureChanges" TEXT;

-- CreateTable
CREATE TABLE "Restructuring" (
    "id" TEXT NOT NULL,
    "consultationId" TEXT NOT NULL,
    "afterRound" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "operation" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "rationale" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Restructuring_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Restructuring_consultationId_seq_key" ON "Restructuring"("consultationId", "seq");

-- AddForeignKey
ALTER TABLE "Restructuring" ADD CONSTRAINT "Restructuring_consultationId_fkey" FOREIGN KEY ("consultationId") REFERENCES "Consultation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

