-- AlterTable
ALTER TABLE "ModelVersion" ADD COLUMN     "changelog" TEXT,
ADD COLUMN     "fromConsultationId" TEXT;

-- CreateTable
CREATE TABLE "RationaleSnapshot" (
    "id" TEXT NOT NULL,
    "roundItemId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "state" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RationaleSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RationaleSnapshot_roundItemId_key" ON "RationaleSnapshot"("roundItemId");

-- AddForeignKey
ALTER TABLE "RationaleSnapshot" ADD CONSTRAINT "RationaleSnapshot_roundItemId_fkey" FOREIGN KEY ("roundItemId") REFERENCES "RoundItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

